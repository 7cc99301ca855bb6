package org.rnd4j.data;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps the process's native memory bounded. ND4J frees an array's native buffer only after the
 * garbage collector has collected its (small) Java object, and with little Java-heap traffic the
 * collector rarely runs: a training run's resident memory grew by ~1 MB per step (16.8 GB after
 * 16 000 steps of {@code configs/sr-bicubic-x4.yaml}) although only ~500 MB was live. Every few
 * calls this reads the resident size and, when it has grown by {@link #MARGIN_MB} since the last
 * collection, asks for one; what is garbage is then freed.
 */
public final class NativeMemory {
    /** Growth of the resident size that triggers a collection, in MB ({@code -Drnd4j.gcMarginMb}). */
    public static final long MARGIN_MB = Long.getLong("rnd4j.gcMarginMb", 512);
    private static long threshold = -1;
    private static int calls;
    private static boolean collected;

    private NativeMemory() {}

    /** glibc's malloc_trim through JavaCPP (private in JavaCPP 1.5.7): returns freed heap pages to the system. */
    private static void trim() {
        try {
            java.lang.reflect.Method m = Pointer.class.getDeclaredMethod("trimMemory");
            m.setAccessible(true);
            m.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ignored) {
            // not available: the collection alone still frees the buffers
        }
    }

    /** Called once per training step or restored strip; collects garbage when native memory has grown. */
    public static synchronized void relieve() {
        if (++calls % 8 != 0) return;
        if (collected) {
            // ND4J frees the collected buffers on its own threads: give back what malloc keeps, then measure
            trim();
            threshold = Pointer.physicalBytes() + MARGIN_MB * 1_000_000;
            collected = false;
            return;
        }
        long rss = Pointer.physicalBytes();
        if (threshold < 0) {
            threshold = rss + MARGIN_MB * 1_000_000;
        } else if (rss > threshold) {
            System.gc();
            collected = true;
        }
    }
}

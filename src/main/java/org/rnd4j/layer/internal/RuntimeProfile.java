package org.rnd4j.layer.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall time spent in each kind of eager runtime, forward and backward, while {@link #enabled}
 * (ND4J's CPU ops are synchronous, so the time of a runtime's call is the time of its ops).
 * {@code rnd4j bench --profile} prints it per training step: where a step goes, without a native
 * profiler.
 */
public final class RuntimeProfile {
    private static volatile boolean enabled;
    private static final Map<String, long[]> TIMES = new TreeMap<>();

    private RuntimeProfile() {}

    public static void enable(boolean on) {
        enabled = on;
    }

    public static boolean enabled() {
        return enabled;
    }

    static synchronized void add(Object runtime, String pass, long nanos) {
        long[] t = TIMES.computeIfAbsent(runtime.getClass().getSimpleName() + " " + pass, k -> new long[2]);
        t[0] += nanos;
        t[1]++;
    }

    public static synchronized void reset() {
        TIMES.clear();
    }

    /** One line per runtime and pass: milliseconds and calls per step, over {@code steps} steps. */
    public static synchronized String report(int steps) {
        StringBuilder sb = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, long[]> e : TIMES.entrySet()) {
            total += e.getValue()[0];
            sb.append(String.format(Locale.ROOT, "  %-24s %7.2f ms/step (%d calls)%n", e.getKey(),
                    e.getValue()[0] / 1e6 / steps, e.getValue()[1] / steps));
        }
        sb.append(String.format(Locale.ROOT, "  %-24s %7.2f ms/step%n", "all runtimes", total / 1e6 / steps));
        return sb.toString();
    }
}

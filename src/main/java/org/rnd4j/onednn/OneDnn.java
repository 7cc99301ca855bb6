package org.rnd4j.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN 2.5 (JavaCPP's presets) called directly on INDArray memory, for the few operations where
 * libnd4j's own oneDNN path costs more than the work: the convolutions of the eager layers and
 * SR's average pooling. Float arrays on the CPU backend only ({@link #usable}); callers fall back
 * to libnd4j otherwise. {@code -Drnd4j.dnnl=false} turns it off.
 */
public final class OneDnn {
    private static final Logger log = LoggerFactory.getLogger(OneDnn.class);
    private static volatile Boolean available;
    private static engine cpu;
    private static final ThreadLocal<stream> STREAM = ThreadLocal.withInitial(() -> new stream(cpu));

    private OneDnn() {}

    /** Whether oneDNN can run on these arrays: CPU backend, FLOAT, library loaded. */
    public static boolean usable(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT) return false;
        }
        Boolean ok = available;
        if (ok == null) {
            synchronized (OneDnn.class) {
                if (available == null) available = load();
                ok = available;
            }
        }
        return ok;
    }

    private static boolean load() {
        if (!Boolean.parseBoolean(System.getProperty("rnd4j.dnnl", "true"))) return false;
        if (!Nd4j.getBackend().getClass().getName().contains("Cpu")) return false;
        try {
            cpu = new engine(engine.kind.cpu, 0);
            return true;
        } catch (Throwable e) {
            log.warn("oneDNN (org.bytedeco:dnnl) not usable, falling back to libnd4j: {}", e.toString());
            return false;
        }
    }

    /** The CPU engine (after {@link #usable} returned true). */
    public static engine cpu() {
        return cpu;
    }

    /** This thread's stream. */
    public static stream stream() {
        return STREAM.get();
    }

    /** The address of an array's first element (ND4J's buffer pointer of a view already includes its offset). */
    public static Pointer address(INDArray a) {
        return new Address(a.data().addressPointer().address());
    }

    /**
     * A new C-order FLOAT array (in the current workspace, if any) whose first element is 64-byte
     * aligned: some oneDNN kernels (nearest resampling, for one) write large outputs with
     * non-temporal stores, which fault on anything less, and ND4J aligns its buffers to 16 bytes.
     */
    public static INDArray aligned(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        INDArray flat = Nd4j.createUninitialized(DataType.FLOAT, n + 16);
        long misalignment = flat.data().addressPointer().address() & 63;
        long skip = misalignment == 0 ? 0 : (64 - misalignment) / 4;
        return flat.get(NDArrayIndex.interval(skip, skip + n)).reshape('c', shape);
    }

    /** A pointer to {@code address}. */
    public static Pointer at(long address) {
        return new Address(address);
    }

    /** An array's memory as it is: its dims with its strides. */
    public static memory.desc desc(INDArray a) {
        return new memory.desc(new LongPointer(a.shape()), memory.data_type.f32, new LongPointer(a.stride()));
    }

    /** Dims in whatever layout oneDNN prefers. */
    public static memory.desc any(long[] dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
    }

    /**
     * A map that keeps the 8 most recently used entries: primitives for the shapes in use, not one
     * set (with its generated code) per image size an evaluation ever met.
     */
    public static <V> Map<String, V> recent() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > 8;
            }
        };
    }

    /** A cache key for an array's shape and strides. */
    public static String layout(INDArray a) {
        return Arrays.toString(a.shape()) + Arrays.toString(a.stride());
    }

    /** A primitive with one source and one destination, run on arrays' memory in place. */
    public static final class SrcDst {
        private final primitive prim;
        private final memory src;
        private final memory dst;
        private final IntMemoryMap args = new IntMemoryMap();

        /** {@code prim} for sources described by {@code srcDesc} and destinations by {@code dstDesc}. */
        public SrcDst(primitive prim, memory.desc srcDesc, memory.desc dstDesc) {
            this.prim = prim;
            src = new memory(srcDesc, cpu, null);
            dst = new memory(dstDesc, cpu, null);
            args.put(DNNL_ARG_SRC, src);
            args.put(DNNL_ARG_DST, dst);
        }

        /** Runs on {@code x} into {@code y}, which must match the descriptors it was made for. */
        public void run(INDArray x, INDArray y) {
            stream st = stream();
            src.set_data_handle(address(x));
            dst.set_data_handle(address(y));
            prim.execute(st, args);
            st._wait();
        }
    }

    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}

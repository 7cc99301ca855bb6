package org.rnd4j.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.resampling_forward;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nearest-neighbour upsampling by an integer factor of an NCHW array (SR's {@code A†}: each
 * pixel repeated {@code s×s} times), as one oneDNN 2.5 resampling primitive made once per shape.
 */
public final class Upsample {
    private static final ThreadLocal<Map<String, Resampling>> PRIMITIVES = ThreadLocal.withInitial(HashMap::new);

    private Upsample() {}

    /** The upsampled array, in the current workspace, or null where oneDNN cannot run on {@code y}. */
    public static INDArray apply(INDArray y, int s) {
        if (y.rank() != 4 || !OneDnn.usable(y)) return null;
        INDArray x = OneDnn.aligned(y.size(0), y.size(1), y.size(2) * s, y.size(3) * s);
        Resampling r = PRIMITIVES.get().computeIfAbsent(OneDnn.layout(y) + s, k -> new Resampling(y, x));
        stream st = OneDnn.stream();
        r.src.set_data_handle(OneDnn.address(y));
        r.dst.set_data_handle(OneDnn.address(x));
        r.prim.execute(st, r.args);
        st._wait();
        return x;
    }

    private static final class Resampling {
        final primitive prim;
        final memory src, dst;
        final IntMemoryMap args = new IntMemoryMap();

        Resampling(INDArray y, INDArray x) {
            memory.desc yd = OneDnn.desc(y), xd = OneDnn.desc(x);
            resampling_forward.primitive_desc pd = new resampling_forward.primitive_desc(new resampling_forward.desc(
                    prop_kind.forward_inference, algorithm.resampling_nearest, yd, xd), OneDnn.cpu());
            prim = new resampling_forward(pd);
            src = new memory(yd, OneDnn.cpu(), null);
            dst = new memory(xd, OneDnn.cpu(), null);
            args.put(DNNL_ARG_SRC, src);
            args.put(DNNL_ARG_DST, dst);
        }
    }
}

package org.rnd4j.onednn;

import java.util.Map;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.resampling_forward;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nearest-neighbour upsampling by an integer factor of an NCHW array (SR's {@code A†}: each
 * pixel repeated {@code s×s} times), as one oneDNN 2.5 resampling primitive made once per shape.
 */
public final class Upsample {
    private static final ThreadLocal<Map<String, OneDnn.SrcDst>> PRIMITIVES = ThreadLocal.withInitial(OneDnn::recent);

    private Upsample() {}

    /** The upsampled array, in the current workspace, or null where oneDNN cannot run on {@code y}. */
    public static INDArray apply(INDArray y, int s) {
        if (y.rank() != 4 || !OneDnn.usable(y)) return null;
        INDArray x = OneDnn.aligned(y.size(0), y.size(1), y.size(2) * s, y.size(3) * s);
        PRIMITIVES.get().computeIfAbsent(OneDnn.layout(y) + s, k -> {
            memory.desc yd = OneDnn.desc(y), xd = OneDnn.desc(x);
            return new OneDnn.SrcDst(new resampling_forward(new resampling_forward.primitive_desc(new resampling_forward.desc(
                    prop_kind.forward_inference, algorithm.resampling_nearest, yd, xd), OneDnn.cpu())), yd, xd);
        }).run(y, x);
        return x;
    }
}

package org.rnd4j.onednn;

import java.util.Map;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code s×s} average pooling with stride {@code s} of an NCHW array (SR's {@code A}), as one
 * oneDNN 2.5 primitive made once per shape: 0.34 ms for {@code [16, 3, 96, 96]} where libnd4j's
 * {@code avgpool2d} took ~1 ms, and RND calls it twice per training step.
 */
public final class AvgPool {
    private static final ThreadLocal<Map<String, OneDnn.SrcDst>> POOLS = ThreadLocal.withInitial(OneDnn::recent);

    private AvgPool() {}

    /** The pooled array, in the current workspace, or null where oneDNN cannot run on {@code x}. */
    public static INDArray apply(INDArray x, int s) {
        if (x.rank() != 4 || !OneDnn.usable(x)) return null;
        INDArray y = OneDnn.aligned(x.size(0), x.size(1), x.size(2) / s, x.size(3) / s);
        POOLS.get().computeIfAbsent(OneDnn.layout(x) + s, k -> {
            memory.desc xd = OneDnn.desc(x), yd = OneDnn.desc(y);
            long[] window = {s, s};
            long[] none = {0, 0};
            return new OneDnn.SrcDst(new pooling_forward(new pooling_forward.primitive_desc(new pooling_forward.desc(
                    prop_kind.forward_inference, algorithm.pooling_avg_exclude_padding, xd, yd, window, window, none, none),
                    OneDnn.cpu())), xd, yd);
        }).run(x, y);
        return y;
    }
}

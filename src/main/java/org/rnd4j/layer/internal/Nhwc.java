package org.rnd4j.layer.internal;

import java.util.Arrays;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The eager runtimes keep feature maps in NHWC memory and hand DL4J NCHW views of it (DL4J only
 * reads shapes): libnd4j's oneDNN convolution runs about 1.2× (training batch) to 2× (one large
 * image) faster on NHWC than on NCHW arrays in M2.1. Gradients go back to DL4J in dense NCHW
 * memory: DL4J sums the gradients of a vertex with several consumers by {@code addi}, which
 * libnd4j runs ~30× slower on permuted views than on dense arrays.
 */
public final class Nhwc {
    private Nhwc() {}

    /** A new dense {@code [n, h, w, c]} array. */
    static INDArray create(LayerWorkspaceMgr mgr, ArrayType type, DataType dt, long n, long c, long h, long w) {
        return mgr.createUninitialized(type, dt, n, h, w, c);
    }

    /** The NCHW view of a dense NHWC array. */
    static INDArray asNchw(INDArray nhwc) {
        return nhwc.permute(0, 3, 1, 2);
    }

    /** A dense NCHW copy, in the {@code ACTIVATION_GRAD} workspace, of a dense NHWC gradient. */
    static INDArray toNchwGradient(INDArray nhwc, LayerWorkspaceMgr mgr) {
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, nhwc.dataType(),
                nhwc.size(0), nhwc.size(3), nhwc.size(1), nhwc.size(2));
        out.assign(asNchw(nhwc));
        return out;
    }

    /** Whether the NCHW array {@code x} is a view of dense NHWC memory. */
    public static boolean isNhwc(INDArray x) {
        return isDense(x.permute(0, 2, 3, 1));
    }

    /** {@code x} (NCHW) as a dense NHWC array: a view when its memory already is, else a copy. */
    static INDArray dense(INDArray x, LayerWorkspaceMgr mgr, ArrayType type) {
        INDArray v = x.permute(0, 2, 3, 1);
        if (isDense(v)) {
            return v;
        }
        INDArray copy = mgr.createUninitialized(type, x.dataType(), v.shape());
        copy.assign(v);
        return copy;
    }

    /** Whether the NCHW array {@code x} is dense in NCHW order. */
    static boolean isDenseNchw(INDArray x) {
        return isDense(x);
    }

    private static boolean isDense(INDArray v) {
        return Arrays.equals(v.stride(), ArrayUtil.calcStrides(v.shape()));
    }
}

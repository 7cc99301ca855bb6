package org.rnd4j.layer.internal;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eager runtime of {@link org.rnd4j.layer.BroadcastMul}: the product of two 4-d arrays whose sizes
 * agree or are 1 (NumPy broadcasting); each input's gradient is the output gradient times the other
 * input, summed over the axes it was broadcast along. The channel-attention case, features
 * {@code [N, C, H, W]} times weights {@code [N, C, 1, 1]}, runs as one broadcast op on the
 * features' own memory layout: the SameDiff runtime took ~50 ms per call and step for it.
 */
public final class MulRuntime extends EagerVertex {

    public MulRuntime(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, dataType, "product");
    }

    @Override
    protected INDArray forward(LayerWorkspaceMgr mgr) {
        INDArray a = inputs[0], b = inputs[1];
        long[] shape = broadcastShape(a.shape(), b.shape());
        int features = featuresInput(a, b);
        if (features >= 0) {
            return scaleChannels(inputs[features], inputs[1 - features], mgr, ArrayType.ACTIVATIONS, true);
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, a.dataType(), shape);
        out.assign(expand(a, shape)).muli(expand(b, shape));
        return out;
    }

    @Override
    protected INDArray[] backward(LayerWorkspaceMgr mgr) {
        INDArray a = inputs[0], b = inputs[1];
        int features = featuresInput(a, b);
        if (features >= 0) {
            INDArray x = inputs[features], w = inputs[1 - features];
            INDArray[] grads = new INDArray[2];
            grads[features] = scaleChannels(epsilon, w, mgr, ArrayType.ACTIVATION_GRAD, false);
            // ε·x on dense NCHW memory in the working workspace: libnd4j's pairwise ops and reductions are several
            // times slower on permuted views, and a fresh array outside the workspace costs more than the product
            INDArray prod = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, x.dataType(), x.shape());
            prod.assign(epsilon).muli(Nhwc.isDenseNchw(x) ? x : x.dup('c'));
            grads[1 - features] = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, w.dataType(), w.shape());
            grads[1 - features].assign(prod.sum(2, 3).reshape(w.shape()));
            return grads;
        }
        long[] shape = epsilon.shape();
        return new INDArray[]{reduceTo(epsilon.mul(expand(b, shape)), a.shape(), mgr),
                reduceTo(epsilon.mul(expand(a, shape)), b.shape(), mgr)};
    }

    /** Which input (0 or 1) holds the features of a channel scaling (see {@link #isChannelScale}), or -1 for another product. */
    private static int featuresInput(INDArray a, INDArray b) {
        return isChannelScale(a, b) ? 0 : isChannelScale(b, a) ? 1 : -1;
    }

    /** Whether {@code w} is {@code [N, C, 1, 1]} scaling the channels of {@code x = [N, C, H, W]}. */
    private static boolean isChannelScale(INDArray x, INDArray w) {
        return x.rank() == 4 && w.rank() == 4 && w.size(0) == x.size(0) && w.size(1) == x.size(1) && w.size(2) == 1
                && w.size(3) == 1 && x.size(2) * x.size(3) > 1;
    }

    /** {@code x · w} per sample and channel; NHWC memory stays NHWC in the forward pass, gradients are dense NCHW. */
    private static INDArray scaleChannels(INDArray x, INDArray w, LayerWorkspaceMgr mgr, ArrayType type, boolean keepNhwc) {
        INDArray w2 = w.reshape(w.size(0), w.size(1));
        if (keepNhwc && Nhwc.isNhwc(x)) {
            INDArray out = Nhwc.create(mgr, type, x.dataType(), x.size(0), x.size(1), x.size(2), x.size(3));
            Nd4j.exec(new BroadcastMulOp(x.permute(0, 2, 3, 1), w2, out, 0, 3));
            return Nhwc.asNchw(out);
        }
        INDArray src = Nhwc.isDenseNchw(x) ? x : x.dup('c');
        INDArray out = mgr.createUninitialized(type, x.dataType(), x.shape());
        Nd4j.exec(new BroadcastMulOp(src, w2, out, 0, 1));
        return out;
    }

    private static long[] broadcastShape(long[] a, long[] b) {
        if (a.length != b.length) throw mismatch(a, b);
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i] && a[i] != 1 && b[i] != 1) throw mismatch(a, b);
            out[i] = Math.max(a[i], b[i]);
        }
        return out;
    }

    private static IllegalArgumentException mismatch(long[] a, long[] b) {
        return new IllegalArgumentException("product: inputs of shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                + " do not broadcast (each size must agree or be 1)");
    }

    private static INDArray expand(INDArray x, long[] shape) {
        return Arrays.equals(x.shape(), shape) ? x : x.broadcast(shape);
    }

    /** {@code g} summed over the axes where {@code shape} is 1 and {@code g} is not, as a dense array of {@code shape}. */
    private static INDArray reduceTo(INDArray g, long[] shape, LayerWorkspaceMgr mgr) {
        int[] axes = IntStream.range(0, shape.length).filter(i -> shape[i] == 1 && g.size(i) > 1).toArray();
        INDArray r = axes.length == 0 ? g : g.sum(true, axes);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, g.dataType(), shape);
        out.assign(r.reshape(shape));
        return out;
    }
}

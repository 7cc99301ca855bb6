package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Eager runtime of {@link org.rnd4j.layer.ChannelAttention}, on the dense memory of its input (NHWC
 * after a convolution): {@code m = mean_hw(x)}, {@code h = relu(m W1 + b1)}, {@code a = σ(h W2 + b2)},
 * {@code out = x · a}; backward {@code ∂a = Σ_hw ε·x}, {@code ∂s = ∂a·a(1 − a)}, {@code ∂h = ∂s W2ᵀ·[h > 0]},
 * {@code ∂m = ∂h W1ᵀ} and {@code ∂x = ε·a + ∂m / (HW)}. The small {@code [N, C]} part is recomputed in
 * the backward pass rather than kept between calls.
 */
public final class ChannelAttentionRuntime extends EagerLayer {

    public ChannelAttentionRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** {@code a} as the dense array of its memory: {@code [n, h, w, c]} when NHWC-backed, else {@code [n, c, h, w]}. */
    private static INDArray denseOf(INDArray a, boolean nhwc, LayerWorkspaceMgr mgr, ArrayType type) {
        if (nhwc) return Nhwc.dense(a, mgr, type);
        if (Nhwc.isDenseNchw(a)) return a;
        INDArray copy = mgr.createUninitialized(type, a.dataType(), a.shape());
        copy.assign(a);
        return copy;
    }

    /** The spatial axes and the batch/channel axes of a dense array in the given layout. */
    private static int[] spatial(boolean nhwc) { return nhwc ? new int[]{1, 2} : new int[]{2, 3}; }
    private static int[] batchChannel(boolean nhwc) { return nhwc ? new int[]{0, 3} : new int[]{0, 1}; }

    /** {@code [m, h, a]} for the dense input {@code z}. */
    private INDArray[] attention(INDArray z, boolean nhwc) {
        INDArray m = z.mean(spatial(nhwc));
        INDArray h = m.mmul(paramTable.get("W1")).addiRowVector(paramTable.get("b1"));
        Transforms.relu(h, false);
        INDArray a = h.mmul(paramTable.get("W2")).addiRowVector(paramTable.get("b2"));
        Transforms.sigmoid(a, false);
        return new INDArray[]{m, h, a};
    }

    @Override
    protected INDArray forward(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
        boolean nhwc = Nhwc.isNhwc(x);
        INDArray z = denseOf(x, nhwc, mgr, ArrayType.FF_WORKING_MEM);
        INDArray a = attention(z, nhwc)[2];
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), z.shape());
        Nd4j.exec(new BroadcastMulOp(z, a, out, batchChannel(nhwc)));
        return nhwc ? Nhwc.asNchw(out) : out;
    }

    @Override
    protected INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr) {
        boolean nhwc = Nhwc.isNhwc(input);
        INDArray z = denseOf(input, nhwc, mgr, ArrayType.BP_WORKING_MEM);
        INDArray e = denseOf(epsilon, nhwc, mgr, ArrayType.BP_WORKING_MEM);
        INDArray[] mha = attention(z, nhwc);
        INDArray m = mha[0], h = mha[1], a = mha[2];
        INDArray prod = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, z.dataType(), z.shape());
        prod.assign(e).muli(z);
        INDArray ds = prod.sum(spatial(nhwc)).muli(a).muli(a.rsub(1));        // ∂s = Σ ε·x · a(1 − a)
        put(g, "W2", h.transpose().mmul(ds));
        put(g, "b2", ds.sum(true, 0));
        INDArray dh = ds.mmul(paramTable.get("W2").transpose()).muli(h.gt(0).castTo(h.dataType()));
        put(g, "W1", m.transpose().mmul(dh));
        put(g, "b1", dh.sum(true, 0));
        INDArray dm = dh.mmul(paramTable.get("W1").transpose()).divi(nhwc ? z.size(1) * z.size(2) : z.size(2) * z.size(3));
        // ∂x = ε·a + ∂m/(HW), in the layout of the input's memory, then as the graph asked
        INDArray dx = mgr.createUninitialized(nhwcGradient == nhwc ? ArrayType.ACTIVATION_GRAD : ArrayType.BP_WORKING_MEM,
                z.dataType(), z.shape());
        Nd4j.exec(new BroadcastMulOp(e, a, dx, batchChannel(nhwc)));
        Nd4j.exec(new BroadcastAddOp(dx, dm, dx, batchChannel(nhwc)));
        if (nhwcGradient == nhwc) return nhwc ? Nhwc.asNchw(dx) : dx;
        INDArray view = nhwc ? Nhwc.asNchw(dx) : dx;
        INDArray out = nhwcGradient ? Nhwc.asNchw(Nhwc.create(mgr, ArrayType.ACTIVATION_GRAD, z.dataType(), input.size(0),
                input.size(1), input.size(2), input.size(3))) : mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, z.dataType(), input.shape());
        out.assign(view);
        return out;
    }

    private void put(Gradient g, String name, INDArray value) {
        INDArray view = gradTable.get(name);
        view.assign(value.reshape(view.shape()));
        g.gradientForVariable().put(name, view);
    }
}

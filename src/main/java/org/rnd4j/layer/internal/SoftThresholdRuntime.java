package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSubtraction;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eager runtime of {@link org.rnd4j.layer.SoftThreshold}: {@code relu(z − θ) − relu(−z − θ)}, its
 * derivative {@code [z > θ] + [z < −θ]} and {@code ∂/∂θ = Σ ε·([z < −θ] − [z > θ])}, computed on
 * the dense memory of the input (NHWC after a convolution) and returned in the same layout. The
 * SameDiff definition ran each element-wise op in its own session at ~0.1 G elements/s: 60 % of an
 * {@code unfolded} training step.
 */
public final class SoftThresholdRuntime extends EagerLayer {

    public SoftThresholdRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private double theta() {
        return paramTable.get("theta").getDouble(0);
    }

    /** {@code a} as the dense array of its memory: {@code [n, h, w, c]} when NHWC-backed, else {@code [n, c, h, w]} (copied if strided). */
    private static INDArray denseOf(INDArray a, boolean nhwc, LayerWorkspaceMgr mgr, ArrayType type) {
        if (nhwc) return Nhwc.dense(a, mgr, type);
        if (Nhwc.isDenseNchw(a)) return a;
        INDArray copy = mgr.createUninitialized(type, a.dataType(), a.shape());
        copy.assign(a);
        return copy;
    }

    @Override
    protected INDArray forward(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
        boolean nhwc = Nhwc.isNhwc(x);
        INDArray z = denseOf(x, nhwc, mgr, ArrayType.FF_WORKING_MEM);
        double t = theta();
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), z.shape());
        INDArray neg = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, x.dataType(), z.shape());
        Nd4j.exec(new ScalarSubtraction(z, null, out, t));
        Nd4j.exec(new RectifiedLinear(out, out, 0.0));
        neg.assign(z).negi();
        Nd4j.exec(new ScalarSubtraction(neg, null, neg, t));
        Nd4j.exec(new RectifiedLinear(neg, neg, 0.0));
        out.subi(neg);
        return nhwc ? Nhwc.asNchw(out) : out;
    }

    @Override
    protected INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr) {
        boolean nhwc = Nhwc.isNhwc(input);
        INDArray z = denseOf(input, nhwc, mgr, ArrayType.BP_WORKING_MEM);
        INDArray e = denseOf(epsilon, nhwc, mgr, ArrayType.BP_WORKING_MEM);
        double t = theta();
        INDArray above = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, z.dataType(), z.shape());
        INDArray below = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, z.dataType(), z.shape());
        Nd4j.exec(new Step(z, above, t));                 // [z > θ]
        below.assign(z).negi();
        Nd4j.exec(new Step(below, below, t));             // [−z > θ]
        // dθ = Σ ε·(below − above); dz = ε·(above + below)
        INDArray diff = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, z.dataType(), z.shape());
        diff.assign(below).subi(above).muli(e);
        INDArray gt = gradTable.get("theta");
        gt.assign(diff.sumNumber().doubleValue());
        g.gradientForVariable().put("theta", gt);
        above.addi(below).muli(e);
        INDArray dx;
        if (nhwcGradient == nhwc) {
            dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, z.dataType(), z.shape());
            dx.assign(above);
            return nhwc ? Nhwc.asNchw(dx) : dx;
        }
        INDArray view = nhwc ? Nhwc.asNchw(above) : above;
        dx = nhwcGradient ? Nhwc.asNchw(Nhwc.create(mgr, ArrayType.ACTIVATION_GRAD, z.dataType(), input.size(0), input.size(1),
                input.size(2), input.size(3))) : mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, z.dataType(), input.shape());
        dx.assign(view);
        return dx;
    }
}

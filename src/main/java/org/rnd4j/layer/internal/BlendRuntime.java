package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Eager runtime of {@link org.rnd4j.layer.Blend}: {@code x + ρ(p − x)}, with {@code dx = (1 − ρ)ε},
 * {@code dp = ρε}, {@code dρ = Σ ε·(p − x)}. The output takes the first input's memory layout;
 * gradients go back dense NCHW (DL4J sums them into {@code x}'s other consumers'), see {@link Nhwc}.
 */
public final class BlendRuntime extends SameDiffGraphVertex {

    public BlendRuntime(SameDiffVertex config, ComputationGraph graph, String name, int index, INDArray paramsView,
                        boolean initialize, DataType dataType) {
        super(config, graph, name, index, paramsView, initialize, dataType);
    }

    private double rho() {
        return paramTable.get("rho").getDouble(0);
    }

    private void check() {
        if (inputs == null || inputs.length != 2 || inputs[0] == null || inputs[1] == null) {
            throw new IllegalStateException("blend " + vertexName + ": inputs not set");
        }
        if (!java.util.Arrays.equals(inputs[0].shape(), inputs[1].shape())) {
            throw new IllegalArgumentException("blend " + vertexName + ": inputs have shapes " + java.util.Arrays.toString(inputs[0].shape())
                    + " and " + java.util.Arrays.toString(inputs[1].shape()));
        }
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        check();
        long t0 = System.nanoTime();
        INDArray x = inputs[0], p = inputs[1];
        double r = rho();
        INDArray out;
        if (Nhwc.isNhwc(x)) {
            INDArray o = Nhwc.create(mgr, ArrayType.ACTIVATIONS, x.dataType(), x.size(0), x.size(1), x.size(2), x.size(3));
            // on NHWC memory: libnd4j's pairwise ops are several times slower on permuted views
            o.assign(p.permute(0, 2, 3, 1)).subi(x.permute(0, 2, 3, 1)).muli(r).addi(x.permute(0, 2, 3, 1));
            out = Nhwc.asNchw(o);
        } else {
            out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape());
            out.assign(p).subi(x).muli(r).addi(x);
        }
        if (RuntimeProfile.enabled()) RuntimeProfile.add(this, "forward", System.nanoTime() - t0);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        check();
        long t0 = System.nanoTime();
        INDArray x = inputs[0], p = inputs[1];
        double r = rho();
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), x.shape());
        INDArray dp = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), x.shape());
        dp.assign(p).subi(x).muli(epsilon);
        double dRho = dp.sumNumber().doubleValue();
        dx.assign(epsilon).muli(1 - r);
        dp.assign(epsilon).muli(r);
        Gradient g = new DefaultGradient();
        INDArray gr = gradTable.get("rho");
        gr.assign(dRho);
        g.gradientForVariable().put("rho", gr);
        if (RuntimeProfile.enabled()) RuntimeProfile.add(this, "backward", System.nanoTime() - t0);
        return new Pair<>(g, new INDArray[]{dx, dp});
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + vertexName + ")";
    }
}

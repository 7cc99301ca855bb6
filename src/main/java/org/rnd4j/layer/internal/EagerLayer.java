package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of an rnd4j SameDiff layer executed eagerly (see {@link org.rnd4j.layer.Execution}). It keeps DL4J's
 * SameDiff-layer parameter handling (flattened views, gradient views, serialisation) and replaces
 * only the forward and backward passes.
 */
public abstract class EagerLayer extends SameDiffLayer {

    EagerLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Set by {@link GradientLayouts} on the runtimes that honour it: return dL/dx in NHWC memory. */
    protected boolean nhwcGradient;

    void setNhwcGradient(boolean nhwc) {
        nhwcGradient = nhwc;
    }

    public boolean nhwcGradient() {
        return nhwcGradient;
    }

    /** The forward pass; the result must live in the {@code ACTIVATIONS} workspace. */
    protected abstract INDArray forward(INDArray x, boolean training, LayerWorkspaceMgr mgr);

    /**
     * The backward pass for the last input: fills parameter gradients into {@link #gradTable}
     * views (and names them in {@code g}) and returns dL/dx in the {@code ACTIVATION_GRAD} workspace.
     */
    protected abstract INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr);

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        long t0 = System.nanoTime();
        INDArray out = forward(input, training, mgr);
        if (RuntimeProfile.enabled()) RuntimeProfile.add(this, "forward", System.nanoTime() - t0);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        Gradient g = new DefaultGradient();
        long t0 = System.nanoTime();
        INDArray dx = backward(epsilon, g, mgr);
        if (RuntimeProfile.enabled()) RuntimeProfile.add(this, "backward", System.nanoTime() - t0);
        return new Pair<>(g, dx);
    }
}

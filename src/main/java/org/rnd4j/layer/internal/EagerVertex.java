package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of a parameterless rnd4j graph vertex executed eagerly (see {@link org.rnd4j.layer.Execution}): the
 * input checks, mask pass-through and no-parameter plumbing DL4J asks of every vertex, around
 * {@link #forward} and {@link #backward}.
 */
public abstract class EagerVertex extends BaseGraphVertex {
    private final String what;
    /** Whether {@link GradientLayouts} has planned this vertex's graph. */
    boolean planned;

    EagerVertex(ComputationGraph graph, String name, int index, DataType dataType, String what) {
        super(graph, name, index, null, null, dataType);
        this.what = what;
    }

    /** The output for {@link #inputs}. */
    protected abstract INDArray forward(LayerWorkspaceMgr mgr);

    /** The gradient for each input, given {@link #epsilon}. */
    protected abstract INDArray[] backward(LayerWorkspaceMgr mgr);

    @Override public boolean hasLayer() { return false; }
    @Override public Layer getLayer() { return null; }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        if (!canDoForward()) {
            throw new IllegalStateException(what + " " + vertexName + ": inputs not set");
        }
        if (!planned && graph != null) {
            GradientLayouts.plan(graph);
        }
        long t0 = System.nanoTime();
        INDArray out = forward(mgr);
        if (RuntimeProfile.enabled()) RuntimeProfile.add(this, "forward", System.nanoTime() - t0);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException(what + " " + vertexName + ": errors not set");
        }
        long t0 = System.nanoTime();
        INDArray[] grads = backward(mgr);
        if (RuntimeProfile.enabled()) RuntimeProfile.add(this, "backward", System.nanoTime() - t0);
        return new Pair<>(null, grads);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray view) {
        if (view != null) {
            throw new IllegalStateException(what + " " + vertexName + " has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatchSize) {
        return masks == null || masks.length == 0 ? null : new Pair<>(masks[0], state);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + vertexName + ")";
    }
}

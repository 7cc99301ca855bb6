package org.rnd4j.layer;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.operator.Degradation;

/**
 * Eager runtime of {@link RndVertex}: {@code x̂ = x_r + A†(y − A x_r)} forward; backward
 * {@code dL/dx_r = g − A†A g} (the null-space part, as {@code A†A} is symmetric) and
 * {@code dL/dy = (A†)ᵀ g}.
 */
final class RndRuntime extends BaseGraphVertex {
    private final Degradation op;

    RndRuntime(ComputationGraph graph, String name, int index, Degradation op, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.op = op;
    }

    @Override public boolean hasLayer() { return false; }
    @Override public Layer getLayer() { return null; }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("RND vertex " + vertexName + ": inputs not set");
        }
        INDArray xr = inputs[0], y = inputs[1];
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray ax = op.apply(xr);
            if (!Arrays.equals(ax.shape(), y.shape())) {
                throw new IllegalArgumentException("RND vertex " + vertexName + " (" + op.describe() + "): A x_r has shape "
                        + Arrays.toString(ax.shape()) + " but the observation y has shape " + Arrays.toString(y.shape()));
            }
            return op.pinv(ax.rsubi(y)).addi(xr);
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("RND vertex " + vertexName + ": errors not set");
        }
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return new Pair<>(null, op.projectGradients(epsilon));
        }
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray view) {
        if (view != null) {
            throw new IllegalStateException("RND vertex " + vertexName + " has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatchSize) {
        return masks == null || masks.length == 0 ? null : new Pair<>(masks[0], state);
    }

    @Override
    public String toString() {
        return "RndRuntime(name=" + vertexName + ", " + op.describe() + ")";
    }
}

package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.operator.Degradation;

/**
 * Eager runtime of {@link org.rnd4j.layer.RndVertex}: {@link Degradation#project} forward and
 * {@link Degradation#projectGradients} backward (with the forward pass's range-space scales held
 * constant, for noisy observations), in DL4J's workspaces.
 */
public final class RndRuntime extends EagerVertex {
    private final Degradation op;
    private INDArray lambdas;

    public RndRuntime(ComputationGraph graph, String name, int index, Degradation op, DataType dataType) {
        super(graph, name, index, dataType, "RND vertex");
        this.op = op;
    }

    @Override
    protected INDArray forward(LayerWorkspaceMgr mgr) {
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            lambdas = op.lambdas(inputs[0], inputs[1]);
            if (lambdas != null) lambdas = lambdas.detach();
            return op.project(inputs[0], inputs[1], lambdas);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("RND vertex " + vertexName + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected INDArray[] backward(LayerWorkspaceMgr mgr) {
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return op.projectGradients(epsilon, inputs[1], lambdas);
        }
    }

    @Override
    public String toString() {
        return "RndRuntime(name=" + vertexName + ", " + op.describe() + ")";
    }
}

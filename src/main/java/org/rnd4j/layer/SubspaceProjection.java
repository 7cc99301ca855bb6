package org.rnd4j.layer;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.layer.internal.SubspaceProjectionRuntime;

/**
 * RND with a {@link LearnedSampling} matrix, during training: blockwise, with
 * {@code Π = A†A} the orthogonal projector on {@code A}'s row space and {@code t} the ground-truth
 * image, {@code A†y = Π t}, so inputs {@code (t, A)} give {@code A†y} and inputs {@code (x, t, A)}
 * give the RND projection {@code x + Π(t − x) = A†y + (I − A†A) x}. Gradients reach {@code x},
 * {@code t} and {@code A} (through {@code A†} as well: {@code ∂/∂A tr(Π K) = 2 A†ᵀ K_s (I − Π)}).
 * {@code rnd4j} replaces these with {@link PinvLayer}/{@link RndVertex} on the learned matrix once
 * training is over (the graph package's {@code LearnedSamplingGraphs.freeze}). Runs eagerly.
 */
public class SubspaceProjection extends SameDiffBlockVertex {
    private int block;
    private int rows;
    private boolean pinvOnly;

    public SubspaceProjection() {}

    /** The RND projection, inputs {@code (x, t, A)}. */
    public SubspaceProjection(int block, int rows) {
        this(block, rows, false);
    }

    private SubspaceProjection(int block, int rows, boolean pinvOnly) {
        this.block = block;
        this.rows = rows;
        this.pinvOnly = pinvOnly;
    }

    /** {@code A†y = Π t}, inputs {@code (t, A)}. */
    public static SubspaceProjection pinv(int block, int rows) {
        return new SubspaceProjection(block, rows, true);
    }

    public int getBlock() { return block; }
    public void setBlock(int block) { this.block = block; }
    public int getRows() { return rows; }
    public void setRows(int rows) { this.rows = rows; }
    public boolean isPinvOnly() { return pinvOnly; }
    public void setPinvOnly(boolean pinvOnly) { this.pinvOnly = pinvOnly; }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        if (pinvOnly) params.defineInputs("t", "A");
        else params.defineInputs("x", "t", "A");
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {}

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                                   Map<String, SDVariable> masks) {
        throw new UnsupportedOperationException("the learned-matrix projection has no SameDiff definition (SameDiff M2.1's"
                + " matrix-inverse gradient is wrong); it runs eagerly");
    }

    @Override
    protected org.deeplearning4j.nn.graph.vertex.GraphVertex runtime(ComputationGraph graph, String name, int index, INDArray paramsView,
                                                                    boolean initialize, DataType dataType) {
        return new SubspaceProjectionRuntime(graph, name, index, block, rows, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) {
        return in[0];
    }

    @Override public int minVertexInputs() { return pinvOnly ? 2 : 3; }
    @Override public int maxVertexInputs() { return pinvOnly ? 2 : 3; }
}

package org.rnd4j.layer;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.layer.internal.LearnedSamplingRuntime;

/**
 * A trainable block compressed-sensing matrix {@code A} ({@code q × B²}, parameter {@code W},
 * started from a given matrix, e.g. the task's seeded one): the vertex outputs {@code A} and its
 * exact pseudo-inverse {@code A† = Aᵀ(AAᵀ)⁻¹} ({@code B² × q}), recomputed at every step, packed
 * in one row of {@code 2·q·B²} values (not one per sample). {@link SubspaceProjection}s read them;
 * their gradients already include the dependence of {@code A†} on {@code A}, so this vertex only
 * passes on the {@code A} part. Its input (the image batch) is there because a vertex needs one.
 * Runs eagerly in every execution mode: SameDiff M2.1's matrix-inverse gradient is wrong.
 */
public class LearnedSampling extends SameDiffBlockVertex {
    private int block;
    private int rows;
    private float[] initial;

    public LearnedSampling() {}

    /** Starts from {@code initial} ({@code rows × block²}, row-major). */
    public LearnedSampling(int block, int rows, float[] initial) {
        if (initial.length != rows * block * block) {
            throw new IllegalArgumentException("learned sampling: initial matrix has " + initial.length + " values, expected "
                    + rows + "×" + block * block);
        }
        this.block = block;
        this.rows = rows;
        this.initial = initial.clone();
    }

    public int getBlock() { return block; }
    public void setBlock(int block) { this.block = block; }
    public int getRows() { return rows; }
    public void setRows(int rows) { this.rows = rows; }
    public float[] getInitial() { return initial; }
    public void setInitial(float[] initial) { this.initial = initial; }

    /** Values per sample of the output: {@code A} then {@code A†}. */
    public long packedSize() {
        return 2L * rows * block * block;
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs("x");
        params.addWeightParam("W", rows, (long) block * block);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get("W");
        w.assign(Nd4j.create(initial, new long[]{rows, (long) block * block}, 'c').castTo(w.dataType()));
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                                   Map<String, SDVariable> masks) {
        throw new UnsupportedOperationException("learned sampling has no SameDiff definition (SameDiff M2.1's matrix-inverse gradient"
                + " is wrong); it runs eagerly");
    }

    @Override
    protected org.deeplearning4j.nn.graph.vertex.GraphVertex runtime(ComputationGraph graph, String name, int index, INDArray paramsView,
                                                                    boolean initialize, DataType dataType) {
        return new LearnedSamplingRuntime(this, block, rows, graph, name, index, paramsView, initialize, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) {
        return InputType.feedForward(packedSize());
    }

    @Override public int minVertexInputs() { return 1; }
    @Override public int maxVertexInputs() { return 1; }
}

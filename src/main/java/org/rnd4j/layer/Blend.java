package org.rnd4j.layer;

import org.rnd4j.layer.internal.BlendRuntime;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code x + ρ·(p − x)} with one learned step {@code ρ}: with {@code p} the RND projection of
 * {@code x} ({@link RndVertex}), {@code p − x = −A†(A x − y)}, so this is the gradient step of
 * ISTA-style unfolded networks with {@code A†} in place of {@code Aᵀ} (the same map where the rows
 * of {@code A} are orthonormal, as in block compressed sensing; better conditioned elsewhere).
 */
public class Blend extends SameDiffBlockVertex {
    private double initial = 0.5;

    public Blend() {}

    public Blend(double initial) {
        this.initial = initial;
    }

    public double getInitial() { return initial; }
    public void setInitial(double initial) { this.initial = initial; }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs("x", "p");
        params.addBiasParam("rho", 1, 1, 1, 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get("rho").assign(initial);
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                                   Map<String, SDVariable> masks) {
        SDVariable x = inputs.get("x");
        return x.add(inputs.get("p").sub(x).mul(params.get("rho")));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) {
        return in[0];
    }

    @Override
    protected org.deeplearning4j.nn.graph.vertex.GraphVertex runtime(org.deeplearning4j.nn.graph.ComputationGraph graph, String name, int index,
                                                                    INDArray paramsView, boolean initialize, org.nd4j.linalg.api.buffer.DataType dataType) {
        return Execution.sameDiff() ? super.runtime(graph, name, index, paramsView, initialize, dataType)
                : new BlendRuntime(this, graph, name, index, paramsView, initialize, dataType);
    }

    @Override public int minVertexInputs() { return 2; }
    @Override public int maxVertexInputs() { return 2; }
}

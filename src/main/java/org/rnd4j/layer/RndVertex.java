package org.rnd4j.layer;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.layer.internal.RndRuntime;
import org.rnd4j.operator.OperatorSpec;
import org.rnd4j.operator.Operators;

/**
 * The RND projection as a {@link org.deeplearning4j.nn.graph.ComputationGraph} vertex with inputs
 * {@code (x_r, y)}: the backbone's estimate and the observation. It has no parameters; its
 * operator travels in the graph configuration as an {@link OperatorSpec}, so a saved model
 * restores the exact operator (including a CS sampling matrix). Defined in SameDiff by
 * {@link Rnd#project}; runs as {@link RndRuntime} unless {@link Execution} says otherwise.
 */
public class RndVertex extends SameDiffBlockVertex {
    private OperatorSpec operator;

    public RndVertex() {}

    public RndVertex(OperatorSpec operator) {
        this.operator = operator.copy();
    }

    public OperatorSpec getOperator() { return operator; }
    public void setOperator(OperatorSpec operator) { this.operator = operator; }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs("xr", "y");
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {}

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                                   Map<String, SDVariable> masks) {
        return Rnd.project(sd, Operators.create(operator), inputs.get("xr"), inputs.get("y"));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) throws InvalidInputTypeException {
        if (in.length == 2) {
            Shapes.checkObservationMatches(Operators.create(operator), in[0], in[1], "RND vertex");
        }
        return in[0];
    }

    @Override public int minVertexInputs() { return 2; }
    @Override public int maxVertexInputs() { return 2; }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int index,
                                                                      INDArray paramsView, boolean initialize, DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(graph, name, index, paramsView, initialize, dataType);
        }
        return new RndRuntime(graph, name, index, Operators.create(operator), dataType);
    }

    @Override
    public RndVertex clone() {
        return new RndVertex(operator);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RndVertex v && java.util.Objects.equals(operator, v.operator);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(operator);
    }
}

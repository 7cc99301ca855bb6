package org.rnd4j.layer;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.layer.internal.MulRuntime;

/**
 * The product of two feature maps with broadcasting, e.g. channel attention: features
 * {@code [N, C, H, W]} times weights {@code [N, C, 1, 1]} (RCAN, SE blocks). Exact gradients for
 * both inputs (a {@link SameDiffBlockVertex}).
 */
public class BroadcastMul extends SameDiffBlockVertex {
    public BroadcastMul() {}

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs("a", "b");
    }

    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> in, Map<String, SDVariable> params, Map<String, SDVariable> masks) {
        return in.get("a").mul(in.get("b"));
    }

    @Override
    protected org.deeplearning4j.nn.graph.vertex.GraphVertex runtime(org.deeplearning4j.nn.graph.ComputationGraph graph, String name,
                                                                    int index, INDArray paramsView, boolean initialize, DataType dataType) {
        return Execution.sameDiff() ? super.runtime(graph, name, index, paramsView, initialize, dataType)
                : new MulRuntime(graph, name, index, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) {
        InputType.InputTypeConvolutional a = (InputType.InputTypeConvolutional) in[0], b = (InputType.InputTypeConvolutional) in[1];
        return a.getHeight() * a.getWidth() >= b.getHeight() * b.getWidth() ? a : b;
    }
}

package org.rnd4j.layer;

import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.layer.internal.SameDiffBlockVertexRuntime;

/**
 * Base class for a graph vertex with several inputs written as SameDiff ops (a skip connection
 * that concatenates encoder and decoder features, an attention product, …), with correct
 * gradients. Write it like a DL4J {@link SameDiffVertex} ({@code defineParametersAndInputs},
 * {@code initializeParameters}, {@code defineVertex}, {@code getOutputType}, {@code clone}) but
 * extend this class: DL4J 1.0.0-M2.1 runs its own SameDiff vertices with twice the true gradient;
 * rnd4j runs this one with exact gradients and one forward pass per step (see
 * {@link SameDiffBlock}).
 */
public abstract class SameDiffBlockVertex extends SameDiffVertex {
    /** The vertex's name in its graph (DL4J's own field is private and set only by its own instantiate). */
    private transient String vertexName;

    protected SameDiffBlockVertex() {}

    @Override
    public String getLayerName() {
        return vertexName;
    }

    /** A deep copy through DL4J's JSON form, so every configured field (updater, regularization, …) is kept. */
    @Override
    public SameDiffBlockVertex clone() {
        try {
            var mapper = NeuralNetConfiguration.mapper();
            SameDiffBlockVertex copy = (SameDiffBlockVertex) mapper.readValue(mapper.writeValueAsString(this), GraphVertex.class);
            copy.vertexName = vertexName;
            return copy;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot copy vertex " + getClass().getName() + " through JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {}

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int index, INDArray paramsView, boolean initialize,
                                   DataType dataType) {
        SameDiffBlock.checkParamNames(getVertexParams().getParamShapes().keySet(), getClass(), name);
        this.dataType = dataType;
        this.vertexName = name;
        return runtime(graph, name, index, paramsView, initialize, dataType);
    }

    /** The runtime {@link #instantiate} returns: the SameDiff definition, run with exact gradients; rnd4j's own vertices may return an eager one. */
    protected org.deeplearning4j.nn.graph.vertex.GraphVertex runtime(ComputationGraph graph, String name, int index, INDArray paramsView,
                                                                    boolean initialize, DataType dataType) {
        return new SameDiffBlockVertexRuntime(this, graph, name, index, paramsView, initialize, dataType);
    }
}

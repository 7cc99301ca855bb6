package org.rnd4j.layer;

import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.layer.internal.AddRuntime;

/**
 * A residual sum: DL4J's {@code ElementWiseVertex(Add)}, run by {@link AddRuntime} so that NHWC
 * feature maps stay NHWC (DL4J's vertex copies every sum into NCHW memory).
 */
public class ResidualAdd extends ElementWiseVertex {

    public ResidualAdd() {
        super(Op.Add);
    }

    @Override
    public ResidualAdd clone() {
        return new ResidualAdd();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResidualAdd;
    }

    @Override
    public int hashCode() {
        return ResidualAdd.class.hashCode();
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int index, INDArray paramsView,
                                   boolean initialize, DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(graph, name, index, paramsView, initialize, dataType);
        }
        return new AddRuntime(graph, name, index, dataType);
    }
}

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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/** Eager runtime of {@link ResidualAdd}: the sum in the first input's memory layout; each input gets a dense copy of the gradient. */
final class AddRuntime extends BaseGraphVertex {

    AddRuntime(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, null, null, dataType);
    }

    @Override public boolean hasLayer() { return false; }
    @Override public Layer getLayer() { return null; }

    private static INDArray like(INDArray x, LayerWorkspaceMgr mgr, ArrayType type) {
        return Nhwc.isNhwc(x) ? Nhwc.asNchw(Nhwc.create(mgr, type, x.dataType(), x.size(0), x.size(1), x.size(2), x.size(3)))
                : mgr.createUninitialized(type, x.dataType(), x.shape());
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("residual sum " + vertexName + ": inputs not set");
        }
        for (INDArray in : inputs) {
            if (!Arrays.equals(in.shape(), inputs[0].shape())) {
                throw new IllegalArgumentException("residual sum " + vertexName + ": inputs have shapes "
                        + Arrays.toString(inputs[0].shape()) + " and " + Arrays.toString(in.shape()));
            }
        }
        INDArray out = like(inputs[0], mgr, ArrayType.ACTIVATIONS);
        if (Arrays.stream(inputs).allMatch(Nhwc::isNhwc)) {
            // on the dense NHWC arrays: libnd4j's pairwise ops are several times slower on permuted views
            INDArray sum = out.permute(0, 2, 3, 1);
            Nd4j.exec(new AddOp(inputs[0].permute(0, 2, 3, 1), inputs[1].permute(0, 2, 3, 1), sum));
            for (int i = 2; i < inputs.length; i++) {
                sum.addi(inputs[i].permute(0, 2, 3, 1));
            }
        } else {
            Nd4j.exec(new AddOp(inputs[0], inputs[1], out));
            for (int i = 2; i < inputs.length; i++) {
                out.addi(inputs[i]);
            }
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("residual sum " + vertexName + ": errors not set");
        }
        INDArray[] grads = new INDArray[inputs.length];
        for (int i = 0; i < grads.length; i++) {
            // dense NCHW (see Nhwc): DL4J may add other gradients into these in place
            grads[i] = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape());
            grads[i].assign(epsilon);
        }
        return new Pair<>(null, grads);
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray view) {
        if (view != null) {
            throw new IllegalStateException("residual sum " + vertexName + " has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] masks, MaskState state, int minibatchSize) {
        return masks == null || masks.length == 0 ? null : new Pair<>(masks[0], state);
    }

    @Override
    public String toString() {
        return "AddRuntime(name=" + vertexName + ")";
    }
}

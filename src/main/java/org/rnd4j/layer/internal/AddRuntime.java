package org.rnd4j.layer.internal;

import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eager runtime of {@link org.rnd4j.layer.ResidualAdd}: the sum in the first input's memory layout; each input
 * gets a copy of the gradient, in the layout {@link GradientLayouts} chose for it.
 */
public final class AddRuntime extends EagerVertex {
    private boolean[] nhwcGradients;

    public AddRuntime(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, dataType, "residual sum");
    }

    @Override
    protected INDArray forward(LayerWorkspaceMgr mgr) {
        for (INDArray in : inputs) {
            if (!Arrays.equals(in.shape(), inputs[0].shape())) {
                throw new IllegalArgumentException("residual sum " + vertexName + ": inputs have shapes "
                        + Arrays.toString(inputs[0].shape()) + " and " + Arrays.toString(in.shape()));
            }
        }
        INDArray first = inputs[0];
        INDArray out = Nhwc.isNhwc(first)
                ? Nhwc.asNchw(Nhwc.create(mgr, ArrayType.ACTIVATIONS, first.dataType(), first.size(0), first.size(1),
                        first.size(2), first.size(3)))
                : mgr.createUninitialized(ArrayType.ACTIVATIONS, first.dataType(), first.shape());
        if (Arrays.stream(inputs).allMatch(Nhwc::isNhwc)) {
            // on the dense NHWC arrays: libnd4j's pairwise ops are several times slower on permuted views
            INDArray sum = out.permute(0, 2, 3, 1);
            Nd4j.exec(new AddOp(first.permute(0, 2, 3, 1), inputs[1].permute(0, 2, 3, 1), sum));
            for (int i = 2; i < inputs.length; i++) {
                sum.addi(inputs[i].permute(0, 2, 3, 1));
            }
        } else {
            Nd4j.exec(new AddOp(first, inputs[1], out));
            for (int i = 2; i < inputs.length; i++) {
                out.addi(inputs[i]);
            }
        }
        return out;
    }

    /** Which inputs get their gradient in NHWC memory (see {@link GradientLayouts}); the rest get dense NCHW. */
    void setNhwcGradients(boolean[] nhwc) {
        nhwcGradients = nhwc.clone();
    }

    public boolean[] nhwcGradients() {
        return nhwcGradients == null ? new boolean[inputs == null ? 0 : inputs.length] : nhwcGradients.clone();
    }

    @Override
    protected INDArray[] backward(LayerWorkspaceMgr mgr) {
        INDArray[] grads = new INDArray[inputs.length];
        for (int i = 0; i < grads.length; i++) {
            if (nhwcGradients != null && nhwcGradients[i]) {
                INDArray g = Nhwc.create(mgr, ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.size(0), epsilon.size(1),
                        epsilon.size(2), epsilon.size(3));
                g.assign(epsilon.permute(0, 2, 3, 1));
                grads[i] = Nhwc.asNchw(g);
            } else {
                // dense NCHW (see Nhwc): DL4J may add other gradients into these in place
                grads[i] = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), epsilon.shape());
                grads[i].assign(epsilon);
            }
        }
        return grads;
    }
}

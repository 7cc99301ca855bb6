package org.rnd4j.loss;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.CnnLossLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eager runtime of {@link MseLoss}, numerically DL4J's {@code CnnLossLayer} with {@code LossMSE}:
 * score {@code Σ(x̂ − x)² / C / N}, gradient {@code 2(x̂ − x)/C} (per example; DL4J's updater
 * divides by the minibatch). With a mask it defers to DL4J's implementation.
 */
final class MseLossRuntime extends CnnLossLayer {

    MseLossRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private void check() {
        assertInputSet(true);
        if (labels == null) {
            throw new IllegalStateException("loss layer " + layerId() + ": labels are not set");
        }
        if (!Arrays.equals(input.shape(), labels.shape())) {
            throw new IllegalArgumentException("loss layer " + layerId() + ": estimate " + Arrays.toString(input.shape())
                    + " and target " + Arrays.toString(labels.shape()) + " differ in shape");
        }
    }

    /**
     * The estimate itself, copied once into the activations workspace: {@code CnnLossLayer} copies
     * it three times (two of them permuting 4D→2D→4D), which for one 1024² output was ~40 MB of
     * workspace and several milliseconds of inference.
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        if (!(layerConf().getActivationFn() instanceof ActivationIdentity)) {
            return super.activate(training, mgr);
        }
        assertInputSet(false);
        return mgr.dup(ArrayType.ACTIVATIONS, input);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (maskArray != null) {
            return super.backpropGradient(epsilon, mgr);
        }
        check();
        INDArray delta = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
        Nd4j.exec(new SubOp(input, labels, delta));
        delta.muli(2.0 / input.size(1));
        return new Pair<>(new DefaultGradient(), delta);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        if (maskArray != null) {
            return super.computeScore(fullNetRegTerm, training, mgr);
        }
        check();
        INDArray diff = mgr.createUninitialized(ArrayType.FF_WORKING_MEM, input.dataType(), input.shape());
        Nd4j.exec(new SubOp(input, labels, diff));
        double norm = diff.norm2Number().doubleValue();
        score = norm * norm / input.size(1) / getInputMiniBatchSize() + fullNetRegTerm;
        return score;
    }
}

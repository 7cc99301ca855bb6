package org.rnd4j.loss;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.CnnLossLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Eager runtime of {@link PixelLoss}: score {@code Σ ℓ(x̂ − x) / C / N}, gradient {@code ℓ'(x̂ − x) / C} per example. */
final class PixelLossRuntime extends CnnLossLayer {
    private final String kind;

    PixelLossRuntime(NeuralNetConfiguration conf, DataType dataType, String kind) {
        super(conf, dataType);
        this.kind = kind;
    }

    private INDArray diff(LayerWorkspaceMgr mgr, ArrayType type) {
        assertInputSet(true);
        if (labels == null) throw new IllegalStateException("loss layer " + layerId() + ": labels are not set");
        if (!Arrays.equals(input.shape(), labels.shape())) {
            throw new IllegalArgumentException("loss layer " + layerId() + ": estimate " + Arrays.toString(input.shape())
                    + " and target " + Arrays.toString(labels.shape()) + " differ in shape");
        }
        if (maskArray != null) throw new IllegalArgumentException("loss layer " + layerId() + ": masks are not supported");
        INDArray d = mgr.createUninitialized(type, input.dataType(), input.shape());
        Nd4j.exec(new SubOp(input, labels, d));
        return d;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        INDArray d = diff(mgr, ArrayType.ACTIVATION_GRAD);
        if (kind.equals("l1")) {
            Transforms.sign(d, false);
        } else {
            INDArray r = Transforms.sqrt(d.mul(d).addi(PixelLoss.CHARBONNIER_EPS * PixelLoss.CHARBONNIER_EPS), false);
            d.divi(r);
        }
        d.divi(input.size(1));
        return new Pair<>(new DefaultGradient(), d);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        INDArray d = diff(mgr, ArrayType.FF_WORKING_MEM);
        double sum;
        if (kind.equals("l1")) {
            sum = d.norm1Number().doubleValue();
        } else {
            double e2 = PixelLoss.CHARBONNIER_EPS * PixelLoss.CHARBONNIER_EPS;
            sum = Transforms.sqrt(d.muli(d).addi(e2), false).sumNumber().doubleValue();
        }
        score = sum / input.size(1) / getInputMiniBatchSize() + fullNetRegTerm;
        return score;
    }
}

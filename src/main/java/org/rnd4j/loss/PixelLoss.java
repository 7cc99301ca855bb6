package org.rnd4j.loss;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossL1;
import org.rnd4j.layer.internal.Runtimes;

/**
 * A per-pixel loss on the image estimate with the same scaling as DL4J's {@code CnnLossLayer}
 * (summed over pixels, averaged over channels and the minibatch): {@code l1} ({@code |d|}, the SR
 * default in the literature) or {@code charbonnier} ({@code sqrt(d² + ε²)}, ε = 1e-3, a smooth L1).
 * {@link MseLoss} is the MSE. Runs as {@link PixelLossRuntime}.
 */
public class PixelLoss extends CnnLossLayer {
    public static final double CHARBONNIER_EPS = 1e-3;
    private String kind = "l1";

    public PixelLoss() {
        setLossFn(new LossL1());
        setActivationFn(new ActivationIdentity());
    }

    public PixelLoss(String kind) {
        this();
        if (!kind.equals("l1") && !kind.equals("charbonnier")) {
            throw new IllegalArgumentException("pixel loss must be l1 or charbonnier (mse is MseLoss), got " + kind);
        }
        this.kind = kind;
    }

    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initialize, DataType dataType) {
        PixelLossRuntime layer = new PixelLossRuntime(conf, dataType, kind);
        layer.setListeners(listeners);
        return Runtimes.setUp(layer, conf, index, paramsView, initialize);
    }
}

package org.rnd4j.loss;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.rnd4j.layer.Execution;
import org.rnd4j.layer.internal.Runtimes;

/**
 * The training loss of every rnd4j graph: DL4J's per-pixel MSE {@code CnnLossLayer} (same score,
 * same gradient), run by {@link MseLossRuntime} on the 4D arrays directly instead of reshaping
 * input, labels and gradient to 2D and back.
 */
public class MseLoss extends CnnLossLayer {

    public MseLoss() {
        setLossFn(new LossMSE());
        setActivationFn(new ActivationIdentity());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initialize, DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(conf, listeners, index, paramsView, initialize, dataType);
        }
        MseLossRuntime layer = new MseLossRuntime(conf, dataType);
        layer.setListeners(listeners);
        return Runtimes.setUp(layer, conf, index, paramsView, initialize);
    }
}

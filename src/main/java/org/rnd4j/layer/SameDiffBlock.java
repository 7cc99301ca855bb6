package org.rnd4j.layer;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.layer.internal.Runtimes;
import org.rnd4j.layer.internal.SameDiffBlockRuntime;

/**
 * Base class for a layer written as SameDiff ops, with correct gradients: the public way to put
 * your own SameDiff code (one block or a whole backbone) into an rnd4j {@code ComputationGraph}.
 *
 * <p>Write it exactly like a DL4J {@link SameDiffLayer} — declare parameters in
 * {@link #defineParameters}, initialise them in {@link #initializeParameters}, build the output in
 * {@code defineLayer(sd, input, params, mask)} and give {@code getOutputType} — but extend this
 * class. DL4J 1.0.0-M2.1 runs its own {@code SameDiffLayer}s with gradients of exactly twice the
 * true value (for the parameters and for the input, compounding toward the input) and computes
 * the forward pass twice per step; a {@code SameDiffBlock} is run by rnd4j instead, with exact
 * gradients (checked against finite differences in double precision) and one forward pass.
 * Like every DL4J layer configuration it needs a no-arg constructor and getters/setters for its
 * fields, so it survives JSON and checkpoints. A block without parameters may leave
 * {@link #defineParameters} and {@link #initializeParameters} as they are.
 */
public abstract class SameDiffBlock extends SameDiffLayer {

    protected SameDiffBlock() {}

    @Override
    public void defineParameters(SDLayerParams params) {}

    @Override
    public void initializeParameters(Map<String, INDArray> params) {}

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initialize, DataType dataType) {
        checkParamNames(getLayerParams().getParamShapes().keySet(), getClass(), getLayerName());
        SameDiffBlockRuntime layer = new SameDiffBlockRuntime(conf, dataType);
        layer.setListeners(listeners);
        return Runtimes.setUp(layer, conf, index, paramsView, initialize);
    }

    /** DL4J splits gradient keys {@code layer_param} at the last underscore, so a parameter name must not contain one. */
    static void checkParamNames(java.util.Set<String> names, Class<?> type, String layer) {
        for (String n : names) {
            if (n.contains("_")) {
                throw new IllegalArgumentException(type.getName() + " (layer " + layer + "): parameter name '" + n
                        + "' contains '_', which DL4J uses to separate layer and parameter names; rename it (e.g. '"
                        + n.replace("_", "") + "')");
            }
        }
    }
}

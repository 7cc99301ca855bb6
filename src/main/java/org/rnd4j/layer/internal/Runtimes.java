package org.rnd4j.layer.internal;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;

/** For layer configurations whose {@code instantiate} returns rnd4j's own runtime (here and in {@code org.rnd4j.loss}). */
public final class Runtimes {
    private Runtimes() {}

    /** What DL4J's {@code instantiate} methods do with a new layer runtime: index, parameter views, configuration. */
    public static <L extends Layer> L setUp(L layer, NeuralNetConfiguration conf, int index, INDArray paramsView, boolean initialize) {
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = conf.getLayer().initializer().init(conf, paramsView, initialize);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}

package org.rnd4j.layer.internal;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of a {@link org.rnd4j.layer.SameDiffBlock} (or of an rnd4j layer in SameDiff execution): {@link SameDiffRunner} on one input. */
public final class SameDiffBlockRuntime extends EagerLayer {
    static final String INPUT = "input";
    private final java.util.Map<java.util.List<Long>, SameDiffRunner> runners = new java.util.LinkedHashMap<>();

    public SameDiffBlockRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The runner for inputs shaped like {@code x} (batch size aside); a few sizes are kept. */
    private SameDiffRunner runner(INDArray x) {
        List<Long> key = SameDiffBlockVertexRuntime.key(x);
        SameDiffRunner r = runners.get(key);
        if (r == null) {
            SameDiffLayer def = (SameDiffLayer) layerConf();
            r = new SameDiffRunner((sd, in, p, masks) -> def.defineLayer(sd, in.get(INPUT), p, masks.get(INPUT)),
                    List.of(INPUT), List.of(x.shape()), def.getLayerParams().getParamShapes(), paramTable,
                    List.of(def.onesMaskForInput(x).shape()), dataType);
            if (runners.size() >= 4) runners.remove(runners.keySet().iterator().next());
            runners.put(key, r);
        }
        return r;
    }

    private INDArray[] masks(INDArray x) {
        return new INDArray[]{maskArray != null ? maskArray : layerConf().onesMaskForInput(x)};
    }

    private SameDiffLayer layerConf0() {
        return (SameDiffLayer) layerConf();
    }

    @Override
    protected INDArray forward(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
        layerConf0().validateInput(x);
        INDArray out = runner(x).forward(new INDArray[]{x}, masks(x), training);
        return mgr.dup(ArrayType.ACTIVATIONS, out);
    }

    @Override
    protected INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr) {
        Map<String, INDArray> grads = runner(input).backward(new INDArray[]{input}, masks(input), epsilon);
        for (Map.Entry<String, INDArray> e : gradTable == null ? Map.<String, INDArray>of().entrySet() : gradTable.entrySet()) {
            INDArray sdGrad = grads.get(e.getKey());
            if (sdGrad == null) e.getValue().assign(0);
            else e.getValue().assign(sdGrad);
            g.gradientForVariable().put(e.getKey(), e.getValue());
        }
        INDArray dx = grads.get(INPUT);
        return dx == null ? mgr.create(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape())
                : mgr.dup(ArrayType.ACTIVATION_GRAD, dx);
    }

    /** Forward-op executions so far, by op name (tests check there is one per training step). */
    public Map<String, Integer> forwardExecutions() {
        return SameDiffRunner.forwardExecutions(runners.values());
    }

    @Override
    public void clear() {
        super.clear();
        runners.values().forEach(SameDiffRunner::clear);
    }
}

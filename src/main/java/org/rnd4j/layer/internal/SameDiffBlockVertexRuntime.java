package org.rnd4j.layer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Runtime of a {@link org.rnd4j.layer.SameDiffBlockVertex} (or of an rnd4j vertex in SameDiff execution): {@link SameDiffRunner} on all inputs. */
public final class SameDiffBlockVertexRuntime extends SameDiffGraphVertex {
    private final Map<List<Long>, SameDiffRunner> runners = new java.util.LinkedHashMap<>();

    public SameDiffBlockVertexRuntime(SameDiffVertex config, ComputationGraph graph, String name, int index, INDArray paramsView,
                               boolean initialize, DataType dataType) {
        super(config, graph, name, index, paramsView, initialize, dataType);
    }

    /** Input sizes without the batch size: runners are kept per size. */
    static List<Long> key(INDArray... arrays) {
        List<Long> k = new ArrayList<>();
        for (INDArray a : arrays) {
            k.add((long) a.rank());
            for (int i = 1; i < a.rank(); i++) k.add(a.size(i));
        }
        return k;
    }

    private SameDiffRunner runner() {
        List<Long> key = key(inputs);
        SameDiffRunner r = runners.get(key);
        if (r == null) {
            List<String> names = config.getVertexParams().getInputs();
            List<long[]> shapes = new ArrayList<>(), masks = new ArrayList<>();
            for (INDArray in : inputs) {
                shapes.add(in.shape());
                masks.add(mask(in).shape());
            }
            r = new SameDiffRunner(config::defineVertex, names, shapes, config.getVertexParams().getParamShapes(),
                    paramTable, masks, dataType);
            if (runners.size() >= 4) runners.remove(runners.keySet().iterator().next());
            runners.put(key, r);
        }
        return r;
    }

    /** DL4J's placeholder mask for an input without one: ones of [N, 1] / [N, T] / [N, 1, 1, 1]. */
    private INDArray mask(INDArray in) {
        long n = in.size(0);
        return switch (in.rank()) {
            case 2 -> Nd4j.ones(dataType, n, 1);
            case 3 -> Nd4j.ones(dataType, n, in.size(2));
            case 4 -> Nd4j.ones(dataType, n, 1, 1, 1);
            default -> Nd4j.ones(dataType, n, 1, 1, 1, 1);
        };
    }

    private INDArray[] masks() {
        INDArray[] m = new INDArray[inputs.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = maskArrays != null && maskArrays[i] != null ? maskArrays[i] : mask(inputs[i]);
        }
        return m;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        config.validateInput(inputs);
        return mgr.dup(ArrayType.ACTIVATIONS, runner().forward(inputs, masks(), training));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        Map<String, INDArray> grads = runner().backward(inputs, masks(), epsilon);
        Gradient g = new DefaultGradient();
        for (Map.Entry<String, INDArray> e : gradTable == null ? Map.<String, INDArray>of().entrySet() : gradTable.entrySet()) {
            INDArray sdGrad = grads.get(e.getKey());
            if (sdGrad == null) e.getValue().assign(0);
            else e.getValue().assign(sdGrad);
            g.gradientForVariable().put(e.getKey(), e.getValue());
        }
        List<String> names = config.getVertexParams().getInputs();
        INDArray[] dIn = new INDArray[inputs.length];
        for (int i = 0; i < dIn.length; i++) {
            INDArray d = grads.get(names.get(i));
            dIn[i] = d == null ? mgr.create(ArrayType.ACTIVATION_GRAD, inputs[i].dataType(), inputs[i].shape())
                    : mgr.dup(ArrayType.ACTIVATION_GRAD, d);
        }
        return new Pair<>(g, dIn);
    }

    /** Forward-op executions so far, by op name (tests check there is one per training step). */
    public Map<String, Integer> forwardExecutions() {
        return SameDiffRunner.forwardExecutions(runners.values());
    }

    @Override
    public void clearVertex() {
        super.clearVertex();
        runners.values().forEach(SameDiffRunner::clear);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + vertexName + ")";
    }
}

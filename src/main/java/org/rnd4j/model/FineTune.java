package org.rnd4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.rnd4j.config.InitConfig;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.graph.Training;
import org.rnd4j.layer.PinvLayer;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.operator.Degradation;

/**
 * Builds a fine-tuning graph from an existing {@link ComputationGraph}: the source's layers and
 * vertices up to the named output, then (optionally) the {@link RndVertex} and an MSE loss. The
 * source's parameters are copied; its optimizer state is not (the fine-tune has its own learning
 * rate). Frozen layers get a zero learning rate and no regularization, so they stay bit-identical.
 */
public final class FineTune {
    private FineTune() {}

    /** The source model, the fine-tuning graph built from it, and the init section with its output resolved. */
    public record Built(ComputationGraph source, ComputationGraph graph, List<String> frozen, List<String> trainable,
                        InitConfig init) {}

    public static ComputationGraph loadSource(InitConfig init) throws IOException {
        Path from = Path.of(init.from());
        ComputationGraph src = init.format().equals("onnx") ? OnnxReader.load(from, init.input(), init.output())
                : Checkpoint.loadModel(from);
        check(src, resolve(init, src));
        return src;
    }

    /** {@code init} with its output named: for an rnd4j checkpoint without one, the estimate its loss layer reads. */
    static InitConfig resolve(InitConfig init, ComputationGraph src) {
        if (init.output() != null) return init;
        return new InitConfig(init.from(), init.format(), init.input(), RndGraphs.estimateOf(src.getConfiguration()), init.feed(),
                init.trainLast(), init.freeze());
    }

    private static void check(ComputationGraph src, InitConfig init) {
        String from = init.from();
        Map<String, GraphVertex> v = src.getConfiguration().getVertices();
        List<String> inputs = src.getConfiguration().getNetworkInputs();
        if (!inputs.contains(init.input())) {
            throw new IllegalArgumentException("model.init.input: " + from + " has no input '" + init.input() + "'; its inputs are "
                    + inputs);
        }
        if (!v.containsKey(init.output())) {
            throw new IllegalArgumentException("model.init.output: " + from + " has no layer or vertex '" + init.output()
                    + "'; it has " + new TreeSet<>(v.keySet()));
        }
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("model.init: " + from + " has " + inputs.size() + " inputs " + inputs
                    + "; fine-tuning needs a graph whose only input is the observation");
        }
    }

    /** The source's estimate for an observation batch (activations of {@code init.output}). */
    public static INDArray sourceEstimate(ComputationGraph src, InitConfig init, Degradation op, INDArray y) {
        INDArray in = init.feed().equals("pinv") ? op.pinv(y) : y;
        return src.feedForward(new INDArray[]{in}, false, false).get(init.output()).detach();
    }

    public static Built build(ComputationGraph src, InitConfig given, Degradation op, boolean rnd, long obsH, long obsW,
                              IUpdater updater, double weightDecay, long seed) {
        return build(src, given, op, rnd, obsH, obsW, new Training(updater, weightDecay, seed, 0, "mse"));
    }

    /** As above with the run's training settings (clipping, loss). */
    public static Built build(ComputationGraph src, InitConfig given, Degradation op, boolean rnd, long obsH, long obsW, Training t) {
        InitConfig init = resolve(given, src);
        check(src, init);
        ComputationGraphConfiguration sc = src.getConfiguration();
        Set<String> keep = ancestors(sc, init.output());
        boolean pinv = init.feed().equals("pinv");
        checkInputChannels(sc, init, pinv ? 3 : op.observationChannels(3), pinv ? "A†y, an RGB image" : "the observation y of "
                + op.describe());
        String obs = pinv ? unique(keep, "observation") : init.input();
        ComputationGraphConfiguration.GraphBuilder g = RndGraphs.builder(t)
                .addInputs(obs)
                .setInputTypes(InputType.convolutional(obsH, obsW, op.observationChannels(3)));
        if (pinv) {
            g.addLayer(init.input(), new PinvLayer(op.spec()), obs);
        }

        List<String> withParams = new ArrayList<>();
        for (String name : sc.getTopologicalOrderStr()) {
            if (keep.contains(name) && !sc.getNetworkInputs().contains(name) && src.getVertex(name).numParams() > 0) {
                withParams.add(name);
            }
        }
        Set<String> frozen = new TreeSet<>();
        if (init.trainLast() != null) {
            frozen.addAll(withParams.subList(0, Math.max(0, withParams.size() - init.trainLast())));
        } else if (init.freeze() != null) {
            Pattern p = Pattern.compile(init.freeze());
            withParams.stream().filter(n -> p.matcher(n).matches()).forEach(frozen::add);
        }
        for (String name : sc.getTopologicalOrderStr()) {
            if (!keep.contains(name) || sc.getNetworkInputs().contains(name)) continue;
            GraphVertex gv = sc.getVertices().get(name);
            String[] in = sc.getVertexInputs().get(name).toArray(new String[0]);
            if (gv instanceof LayerVertex lv) {
                g.addLayer(name, retrain(lv.getLayerConf().getLayer().clone(), name, frozen.contains(name)), lv.getPreProcessor(), in);
            } else {
                g.addVertex(name, retrain(gv.clone(), name, frozen.contains(name)), in);
            }
        }
        String estimate = init.output();
        if (rnd) {
            estimate = unique(keep, RndGraphs.ESTIMATE);
            g.addVertex(estimate, new RndVertex(op.spec()), init.output(), obs);
        }
        String out = unique(keep, RndGraphs.OUTPUT);
        g.addLayer(out, RndGraphs.loss(t.loss()), estimate);
        g.setOutputs(out);

        ComputationGraphConfiguration conf;
        try {
            conf = g.build();
        } catch (IllegalArgumentException | org.deeplearning4j.exception.DL4JException e) {
            throw new IllegalArgumentException("model.init: " + init.from() + ": " + e.getMessage(), e);
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        for (String name : withParams) {
            Map<String, INDArray> to = graph.getVertex(name).paramTable(false);
            for (Map.Entry<String, INDArray> e : src.getVertex(name).paramTable(false).entrySet()) {
                to.get(e.getKey()).assign(e.getValue());
            }
        }
        List<String> trainable = withParams.stream().filter(n -> !frozen.contains(n)).toList();
        return new Built(src, graph, List.copyOf(frozen), trainable, init);
    }

    /** Refuses a source whose first layers read another number of channels than it will be fed (a gray net on an RGB task). */
    private static void checkInputChannels(ComputationGraphConfiguration sc, InitConfig init, long fed, String what) {
        for (Map.Entry<String, List<String>> e : sc.getVertexInputs().entrySet()) {
            if (!e.getValue().contains(init.input()) || !(sc.getVertices().get(e.getKey()) instanceof LayerVertex lv)) continue;
            Layer l = lv.getLayerConf().getLayer();
            long nIn = l instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer f ? f.getNIn()
                    : l instanceof org.rnd4j.layer.SdConv2d c ? c.getNIn() : 0;
            if (nIn > 0 && nIn != fed) {
                throw new IllegalArgumentException("model.init: " + init.from() + " reads " + nIn + " channels at its input '"
                        + init.input() + "' (layer " + e.getKey() + ") but is fed " + fed + " (" + what + "); use a network made"
                        + " for " + fed + " channels");
            }
        }
    }

    /**
     * Drops the source's optimizer settings so the fine-tune's global ones apply; a frozen layer
     * gets SGD with learning rate 0 (DL4J's NoOp updater applies the raw gradient) and no regularization.
     */
    private static Layer retrain(Layer layer, String name, boolean frozen) {
        if (layer instanceof AbstractSameDiffLayer l) {
            optimizer(frozen, l::setUpdater, l::setBiasUpdater, l::setRegularization, l::setRegularizationBias);
        } else if (layer instanceof BaseLayer l) {
            optimizer(frozen, l::setIUpdater, l::setBiasUpdater, l::setRegularization, l::setRegularizationBias);
        } else if (frozen) {
            throw new IllegalArgumentException("model.init: cannot freeze layer '" + name + "' of type " + layer.getClass().getSimpleName());
        }
        return layer;
    }

    /** {@link #retrain(Layer, String, boolean)} for a vertex with parameters (a {@code SameDiffVertex}). */
    private static GraphVertex retrain(GraphVertex vertex, String name, boolean frozen) {
        if (vertex instanceof org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex v) {
            optimizer(frozen, v::setUpdater, v::setBiasUpdater, v::setRegularization, v::setRegularizationBias);
        } else if (frozen) {
            throw new IllegalArgumentException("model.init: cannot freeze vertex '" + name + "' of type " + vertex.getClass().getSimpleName());
        }
        return vertex;
    }

    /** The same four settings on DL4J's three configuration kinds, which share no interface for them. */
    private static void optimizer(boolean frozen, Consumer<IUpdater> updater, Consumer<IUpdater> biasUpdater,
                                  Consumer<List<Regularization>> regularization, Consumer<List<Regularization>> regularizationBias) {
        updater.accept(frozen ? new Sgd(0.0) : null);
        biasUpdater.accept(frozen ? new Sgd(0.0) : null);
        regularization.accept(frozen ? new ArrayList<>() : null);
        regularizationBias.accept(frozen ? new ArrayList<>() : null);
    }

    private static Set<String> ancestors(ComputationGraphConfiguration c, String name) {
        Set<String> out = new TreeSet<>();
        List<String> todo = new ArrayList<>(List.of(name));
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (out.add(n)) {
                List<String> in = c.getVertexInputs().get(n);
                if (in != null) todo.addAll(in);
            }
        }
        return out;
    }

    private static String unique(Set<String> taken, String name) {
        String n = name;
        for (int i = 2; taken.contains(n); i++) n = name + i;
        return n;
    }
}

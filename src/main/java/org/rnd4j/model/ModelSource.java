package org.rnd4j.model;

import java.io.IOException;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnd4j.config.InitConfig;
import org.rnd4j.config.RunConfig;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.graph.Training;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.operator.Degradation;

/**
 * Where a run's network comes from. The training loop is handed one and knows nothing else about
 * the model's origin: {@link #fromConfig()} (a registered or plugin backbone, or {@code model.init}:
 * an rnd4j checkpoint, a DL4J zip, an ONNX file) or {@link #of(ComputationGraph)} (a graph built
 * in Java).
 */
@FunctionalInterface
public interface ModelSource {

    /** A new network for a run of {@code cfg} with operator {@code op} (the trainer seeds ND4J's RNG first). */
    Model create(RunConfig cfg, Degradation op) throws IOException;

    /** The network the config describes: {@code model.backbone}, or {@code model.init} for fine-tuning. */
    static ModelSource fromConfig() {
        return ConfiguredModels.INSTANCE;
    }

    /**
     * A graph built in Java: its single input receives the observation {@code y}, and it either
     * ends in an {@link RndVertex} + loss layer ({@link RndGraphs#finish}) or in a loss layer whose
     * input is the image estimate (then the projection is appended when {@code model.rnd} is true).
     * Its layers and parameters are kept; the optimizer (Adam, schedule, weight decay) comes from
     * the config's {@code train} section, so a search over {@code train.lr} means what it says.
     */
    static ModelSource of(ComputationGraph graph) {
        return (cfg, op) -> {
            if (graph.getConfiguration().getNetworkInputs().size() != 1) {
                throw new IllegalArgumentException("the graph has inputs " + graph.getConfiguration().getNetworkInputs()
                        + "; an rnd4j model has one, the observation y");
            }
            if (graph.params() == null) graph.init();
            String input = graph.getConfiguration().getNetworkInputs().get(0);
            String estimate = RndGraphs.estimateOf(graph.getConfiguration());
            String xr = graph.getConfiguration().getVertices().get(estimate) instanceof RndVertex
                    ? graph.getConfiguration().getVertexInputs().get(estimate).get(0) : estimate;
            long obs = op.observationSize(cfg.data().patch());
            FineTune.Built b = FineTune.build(graph, new InitConfig("(graph built in Java)", "graph", input, xr, "y", null, null),
                    op, cfg.model().rnd(), obs, obs, Training.of(cfg.train()));
            return new Model(b.graph(), String.format(Locale.ROOT, "graph built in Java (%d vertices)",
                    b.graph().getVertices().length));
        };
    }
}

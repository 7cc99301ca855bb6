package org.rnd4j.model;

import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network ready to train (initialised, with the run's optimizer), a one-line description for
 * the console and the run's config header, and — for a fine-tune — the network it started from,
 * so its run can report the figures before and after ({@code finetune.csv}).
 */
public record Model(ComputationGraph graph, String description, Source source) {

    /** The network a fine-tune starts from: its own estimate of an observation batch, and whether RND is appended to it. */
    public record Source(UnaryOperator<INDArray> estimate, boolean rnd) {}

    public Model(ComputationGraph graph, String description) {
        this(graph, description, null);
    }
}

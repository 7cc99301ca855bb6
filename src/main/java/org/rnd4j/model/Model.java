package org.rnd4j.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnd4j.data.ImageSet;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.eval.Evaluator;

/**
 * A network ready to train (initialised, with the run's optimizer), a one-line description for
 * the console and the run's config header, and what its run should add to the usual output
 * (fine-tuning writes its before/after table through {@link Hooks}).
 */
public record Model(ComputationGraph graph, String description, Hooks hooks) {

    /** Extra work a model asks of its training run, before the first step and after the final evaluation. */
    public interface Hooks {
        default void beforeTraining(Evaluator evaluator, ImageSet val, Path runDir, ComputationGraph model) throws IOException {}

        default void afterTraining(EvalSummary fin, long iterations, Path runDir, PrintStream out) throws IOException {}
    }

    public static final Hooks NO_HOOKS = new Hooks() {};

    public Model(ComputationGraph graph, String description) {
        this(graph, description, NO_HOOKS);
    }
}

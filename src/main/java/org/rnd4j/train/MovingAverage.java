package org.rnd4j.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exponential moving average of a model's parameters ({@code train.ema}): updated after every
 * step, swapped into the model for validation and the final evaluation (and so into
 * {@code best.zip}), saved in {@code last.zip} so a resumed run continues it exactly.
 */
final class MovingAverage {
    private final double decay;
    private final INDArray average;

    private MovingAverage(double decay, INDArray average) {
        this.decay = decay;
        this.average = average;
    }

    /** The average for {@code decay} (null when 0: no average), continuing {@code saved} when a resumed checkpoint holds one. */
    static MovingAverage of(double decay, ComputationGraph model, INDArray saved) {
        if (decay == 0) return null;
        return new MovingAverage(decay, saved != null ? saved : model.params().dup());
    }

    /** What {@code Checkpoint.save} stores, or null without an average. */
    static INDArray array(MovingAverage a) {
        return a == null ? null : a.average;
    }

    void update(ComputationGraph model) {
        average.muli(decay).addi(model.params().mul(1 - decay));
    }

    /** Puts the average into the model and returns the raw parameters, for {@link #swapOut}. */
    INDArray swapIn(ComputationGraph model) {
        INDArray raw = model.params().dup();
        model.params().assign(average);
        return raw;
    }

    static void swapOut(ComputationGraph model, INDArray raw) {
        if (raw != null) model.params().assign(raw);
    }
}

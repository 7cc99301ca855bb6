package org.rnd4j.graph;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A linear learning-rate warm-up over the first {@code steps} iterations (from {@code 1/steps} of
 * the rate to all of it), then {@code after}. Jackson-serialisable with ND4J's shaded annotations,
 * so it is saved with the model.
 */
public class WarmupSchedule implements ISchedule {
    private final ISchedule after;
    private final int steps;

    public WarmupSchedule(@JsonProperty("after") ISchedule after, @JsonProperty("steps") int steps) {
        this.after = after;
        this.steps = steps;
    }

    public ISchedule getAfter() { return after; }
    public int getSteps() { return steps; }

    @Override
    public double valueAt(int iteration, int epoch) {
        double v = after.valueAt(iteration, epoch);
        return iteration < steps ? v * (iteration + 1) / steps : v;
    }

    @Override
    public ISchedule clone() {
        return new WarmupSchedule(after.clone(), steps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupSchedule w && w.steps == steps && w.after.equals(after);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(after, steps);
    }
}

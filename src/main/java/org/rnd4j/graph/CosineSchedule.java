package org.rnd4j.graph;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine decay from {@code initialValue} to {@code minValue} over {@code iterations} (ND4J has no
 * built-in one). Jackson-serialisable with ND4J's shaded annotations, so it is saved with the model.
 */
public class CosineSchedule implements ISchedule {
    private final double initialValue;
    private final double minValue;
    private final int iterations;

    public CosineSchedule(@JsonProperty("initialValue") double initialValue, @JsonProperty("minValue") double minValue,
                          @JsonProperty("iterations") int iterations) {
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.iterations = iterations;
    }

    public double getInitialValue() { return initialValue; }
    public double getMinValue() { return minValue; }
    public int getIterations() { return iterations; }

    @Override
    public double valueAt(int iteration, int epoch) {
        double t = Math.min(1.0, iteration / (double) Math.max(1, iterations));
        return minValue + 0.5 * (initialValue - minValue) * (1 + Math.cos(Math.PI * t));
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(initialValue, minValue, iterations);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && c.initialValue == initialValue && c.minValue == minValue && c.iterations == iterations;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(initialValue, minValue, iterations);
    }
}

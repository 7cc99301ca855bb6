package org.rnd4j.train;

import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The name {@link org.rnd4j.graph.CosineSchedule} had before the graph frame got its own package:
 * checkpoints written earlier name this class in their configuration, so it stays to read them.
 */
@Deprecated
public final class CosineSchedule extends org.rnd4j.graph.CosineSchedule {
    public CosineSchedule(@JsonProperty("initialValue") double initialValue, @JsonProperty("minValue") double minValue,
                          @JsonProperty("iterations") int iterations) {
        super(initialValue, minValue, iterations);
    }
}

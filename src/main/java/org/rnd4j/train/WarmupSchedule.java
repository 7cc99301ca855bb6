package org.rnd4j.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The name {@link org.rnd4j.graph.WarmupSchedule} had before the graph frame got its own package:
 * checkpoints written earlier name this class in their configuration, so it stays to read them.
 */
@Deprecated
public final class WarmupSchedule extends org.rnd4j.graph.WarmupSchedule {
    public WarmupSchedule(@JsonProperty("after") ISchedule after, @JsonProperty("steps") int steps) {
        super(after, steps);
    }
}

package org.rnd4j.graph;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.rnd4j.config.TrainConfig;

/** The optimizer a resolved {@code train} section asks for: Adam and its learning-rate schedule. */
public final class Optimizers {
    private Optimizers() {}

    /** The learning-rate schedule over iterations, or {@code null} for a constant rate. */
    public static ISchedule schedule(TrainConfig t) {
        ISchedule s = switch (t.schedule()) {
            case "step" -> new StepSchedule(ScheduleType.ITERATION, t.lr(), t.gamma(), t.stepEvery());
            case "cosine" -> new CosineSchedule(t.lr(), t.minLr(), t.iterations());
            default -> null;
        };
        if (t.warmup() != null && t.warmup() > 0) {
            return new WarmupSchedule(s != null ? s : new org.nd4j.linalg.schedule.FixedSchedule(t.lr()), t.warmup());
        }
        return s;
    }

    /** The learning rate the updater uses at {@code iteration} (0-based). */
    public static double lrAt(TrainConfig t, long iteration) {
        ISchedule s = schedule(t);
        return s == null ? t.lr() : s.valueAt((int) iteration, 0);
    }

    public static IUpdater updater(TrainConfig t) {
        ISchedule lr = schedule(t);
        Adam adam = lr == null ? new Adam(t.lr()) : new Adam(lr);
        adam.setBeta1(t.beta1());
        adam.setBeta2(t.beta2());
        return adam;
    }
}

package org.rnd4j.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;
import org.rnd4j.backbone.BackboneSpec;
import org.rnd4j.backbone.Backbones;
import org.rnd4j.config.RunConfig;
import org.rnd4j.config.TaskConfig;
import org.rnd4j.config.TrainConfig;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.OperatorSpec;
import org.rnd4j.operator.Operators;

/** Turns a resolved {@link RunConfig} into the objects a run needs: operator, updater, graph. */
public final class Tasks {
    private Tasks() {}

    public static OperatorSpec operatorSpec(TaskConfig t) {
        return switch (t.type()) {
            case "sr" -> OperatorSpec.sr(t.scale());
            case "colorization" -> OperatorSpec.colorization(t.coefficients().stream().mapToDouble(Double::doubleValue).toArray());
            case "cs" -> Operators.create(OperatorSpec.cs(t.block(), t.ratio(), t.seed())).spec();
            default -> throw new IllegalArgumentException("unknown task type " + t.type());
        };
    }

    public static Degradation operator(TaskConfig t) {
        return Operators.create(operatorSpec(t));
    }

    /** The learning-rate schedule over iterations, or {@code null} for a constant rate. */
    public static ISchedule schedule(TrainConfig t) {
        return switch (t.schedule()) {
            case "step" -> new StepSchedule(ScheduleType.ITERATION, t.lr(), t.gamma(), t.stepEvery());
            case "cosine" -> new CosineSchedule(t.lr(), t.minLr(), t.iterations());
            default -> null;
        };
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

    public static ComputationGraphConfiguration graph(RunConfig c, Degradation op) {
        int patch = c.data().patch();
        return Backbones.build(new BackboneSpec(c.model().backbone(), c.model().feats(), c.model().blocks(), c.model().rnd()),
                op, op.observationSize(patch), op.observationSize(patch), updater(c.train()), c.train().weightDecay(),
                c.train().seed());
    }
}

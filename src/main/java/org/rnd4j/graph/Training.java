package org.rnd4j.graph;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.rnd4j.config.TrainConfig;

/**
 * The training settings a graph is built with: updater (Adam with its schedule), decoupled weight
 * decay, seed, per-layer gradient-norm clipping (0 = off) and the pixel loss (mse | l1 | charbonnier).
 */
public record Training(IUpdater updater, double weightDecay, long seed, double clipNorm, String loss) {

    /** The settings a resolved {@code train} section asks for. */
    public static Training of(TrainConfig t) {
        return new Training(Optimizers.updater(t), t.weightDecay(), t.seed(), t.clipNorm(), t.loss());
    }

    /** Adam at {@code lr}, no weight decay or clipping, MSE: for graphs built by hand before a config exists. */
    public static Training adam(double lr, long seed) {
        return new Training(new Adam(lr), 0, seed, 0, "mse");
    }
}

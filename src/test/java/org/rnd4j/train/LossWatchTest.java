package org.rnd4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warnings for a run whose loss stays finite but whose weights stop moving (a colorization run at lr 1e-3 did). */
class LossWatchTest {

    /** The trainer's list of losses, with {@code loss} appended, as the trainer hands it over. */
    private final List<Double> losses = new ArrayList<>();

    private String step(LossWatch w, long it, double loss) {
        losses.add(loss);
        return w.loss(it, losses);
    }

    @Test
    void aSpikeFarAboveTheRecentMedianIsNamedOnce() {
        LossWatch w = new LossWatch();
        for (int i = 1; i <= 1274; i++) assertThat(step(w, i, 0.01 + 0.005 * Math.sin(i))).isNull();
        assertThat(step(w, 1275, 34484.06)).startsWith("warning: loss 3.45e+04 at iteration 1275 is ")
                .contains("recent median 0.01").contains("train.clipNorm");
        assertThat(step(w, 1279, 1.405e14)).as("within the quiet period").isNull();
        assertThat(step(w, 1280, 0.013)).isNull();
        assertThat(step(w, 1280 + LossWatch.QUIET, 50.0)).contains("iteration 1780");
    }

    @Test
    void noWarningWithoutHistoryOrForOrdinaryNoise() {
        LossWatch w = new LossWatch();
        assertThat(step(w, 1, 5.0)).isNull();
        for (int i = 2; i <= 100; i++) assertThat(step(w, i, i % 7 == 0 ? 0.5 : 0.01)).isNull();   // 50x: a hard batch, not a spike
    }

    @Test
    void identicalValidationMeansTheWeightsStopped() {
        LossWatch w = new LossWatch();
        assertThat(w.validation(500, 20.4449, 0.89271)).isNull();
        assertThat(w.validation(1000, 20.9738, 0.89120)).isNull();
        assertThat(w.validation(1500, 20.6146, 0.89416)).isNull();
        assertThat(w.validation(2000, 20.6146, 0.89416))
                .isEqualTo("warning: validation at iteration 2000 (20.6146 dB, SSIM 0.89416) is identical to iteration 1500: the"
                        + " weights have stopped changing (a loss spike can stall Adam); lower train.lr or set train.clipNorm");
        assertThat(w.validation(2500, 20.6146, 0.89416)).as("said once").isNull();
    }
}

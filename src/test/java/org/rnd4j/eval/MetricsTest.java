package org.rnd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MetricsTest {
    static INDArray img(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, 1, 3, 40, 48).muli(0.8).addi(0.1);
    }

    @Test
    void identicalImages() {
        INDArray a = img(1);
        assertThat(Metrics.psnr(a, a, false, 0)).isEqualTo(Metrics.PSNR_CAP);
        assertThat(Metrics.ssim(a, a, false, 0)).isCloseTo(1.0, within(1e-12));
        assertThat(Metrics.ssim(a, a, true, 4)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void knownMse() {
        INDArray a = img(2);
        // a constant offset of 0.1 everywhere: MSE 0.01 → 20 dB (RGB)
        assertThat(Metrics.psnr(a.add(0.1), a, false, 0)).isCloseTo(20.0, within(1e-4));
        // the same offset in all channels moves luma by 0.1·(65.481+128.553+24.966)/255
        double dy = 0.1 * 219.0 / 255.0;
        assertThat(Metrics.psnr(a.add(0.1), a, true, 3)).isCloseTo(-20 * Math.log10(dy), within(1e-4));
        // an error only in the cropped border does not count
        INDArray b = a.dup();
        b.putScalar(new long[]{0, 0, 0, 0}, 1.0);
        assertThat(Metrics.psnr(b, a, false, 1)).isEqualTo(Metrics.PSNR_CAP);
    }

    @Test
    void ssimDropsWithNoiseAndIsSymmetric() {
        INDArray a = img(3), b = img(4);
        double s = Metrics.ssim(a, b, false, 0);
        assertThat(s).isLessThan(0.2);
        assertThat(Metrics.ssim(b, a, false, 0)).isCloseTo(s, within(1e-12));
        INDArray slight = a.add(Nd4j.randn(DataType.FLOAT, a.shape()).muli(0.01));
        assertThat(Metrics.ssim(slight, a, false, 0)).isBetween(0.9, 1.0);
        // a contrast change lowers SSIM though the mean is unchanged
        assertThat(Metrics.ssim(a.sub(0.5).muli(0.5).addi(0.5), a, false, 0)).isLessThan(0.95);
    }
}

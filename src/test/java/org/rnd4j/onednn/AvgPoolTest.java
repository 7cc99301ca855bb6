package org.rnd4j.onednn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** oneDNN's average pooling and upsampling against libnd4j's, for dense NCHW arrays and NHWC-backed views, twice per shape. */
class AvgPoolTest {

    @ParameterizedTest(name = "x{0} on {1}x{2}x{3}x{3}, nhwc={4}")
    @CsvSource({"4, 16, 3, 96, false", "2, 2, 3, 10, true", "8, 1, 1, 32, false", "3, 2, 5, 9, true"})
    void matchesLibnd4j(int s, int n, int c, int size, boolean nhwc) {
        assertThat(OneDnn.usable(Nd4j.ones(DataType.FLOAT, 1))).as("oneDNN loads on this machine").isTrue();
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(s).kW(s).sH(s).sW(s).paddingMode(PaddingMode.VALID).isNHWC(false).build();
        for (int round = 0; round < 2; round++) {
            Nd4j.getRandom().setSeed(round);
            INDArray x = nhwc ? Nd4j.rand(DataType.FLOAT, n, size, size, c).permute(0, 3, 1, 2) : Nd4j.rand(DataType.FLOAT, n, c, size, size);
            INDArray ref = Nd4j.cnn().avgPooling2d(x.dup('c'), cfg);
            INDArray y = AvgPool.apply(x, s);
            assertThat(y.shape()).containsExactly(n, c, size / s, size / s);
            assertThat(y.sub(ref).amaxNumber().doubleValue()).isLessThan(1e-6);
        }
    }

    @ParameterizedTest(name = "x{0} on {1}x{2}x{3}x{3}, nhwc={4}")
    @CsvSource({"4, 16, 3, 24, false", "2, 2, 3, 5, true", "8, 1, 1, 4, false"})
    void upsamplingMatchesLibnd4j(int s, int n, int c, int size, boolean nhwc) {
        assertThat(OneDnn.usable(Nd4j.ones(DataType.FLOAT, 1))).as("oneDNN loads on this machine").isTrue();
        for (int round = 0; round < 2; round++) {
            Nd4j.getRandom().setSeed(round);
            INDArray y = nhwc ? Nd4j.rand(DataType.FLOAT, n, size, size, c).permute(0, 3, 1, 2) : Nd4j.rand(DataType.FLOAT, n, c, size, size);
            INDArray ref = Nd4j.cnn().upsampling2d(y.dup('c'), s, s, true);
            INDArray x = Upsample.apply(y, s);
            assertThat(x.shape()).containsExactly(n, c, (long) size * s, (long) size * s);
            assertThat(x.equalsWithEps(ref, 0)).as("exact copies").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DOUBLE"})
    void declinesWhatItCannotRun(DataType type) {
        assertThat(AvgPool.apply(Nd4j.rand(type, 1, 1, 4, 4), 2)).isNull();
        assertThat(Upsample.apply(Nd4j.rand(type, 1, 1, 4, 4), 2)).isNull();
    }
}

package org.rnd4j.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The four Moore–Penrose conditions on random inputs, symmetry checked through inner products. */
class PenroseTest {

    static Stream<Arguments> operators() {
        return Stream.of(
                Arguments.of(new SuperResolution(2), 16, 24),
                Arguments.of(new SuperResolution(3), 18, 12),
                Arguments.of(new SuperResolution(4), 16, 32),
                Arguments.of(new SuperResolution(8), 32, 16),
                Arguments.of(new Colorization(null), 8, 12),
                Arguments.of(new Colorization(new double[]{0.299, 0.587, 0.114}), 8, 12),
                Arguments.of(CompressedSensing.seeded(4, 0.25, 1, 3), 16, 8),
                Arguments.of(CompressedSensing.seeded(8, 0.1, 2, 3), 16, 24),
                Arguments.of(CompressedSensing.seeded(16, 0.5, 3, 3), 32, 16),
                Arguments.of(CompressedSensing.fromMatrix(11, 0.25, 0, 3,
                        org.rnd4j.operator.generator.SamplingMatrices.dctRows(31, 11)), 22, 33));
    }

    static double dot(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).mul(b.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    static double relErr(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / Math.max(1e-12, b.norm2Number().doubleValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void penroseConditionsHold(Degradation op, int h, int w) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, h, w);
        INDArray u = Nd4j.randn(DataType.FLOAT, 2, 3, h, w);
        INDArray y = op.apply(Nd4j.randn(DataType.FLOAT, 2, 3, h, w)).addi(0);
        INDArray z = Nd4j.randn(DataType.FLOAT, y.shape());
        INDArray v = Nd4j.randn(DataType.FLOAT, y.shape());

        // A A† A = A
        assertThat(relErr(op.apply(op.pinv(op.apply(x))), op.apply(x))).isLessThan(1e-5);
        // A† A A† = A†
        assertThat(relErr(op.pinv(op.apply(op.pinv(z))), op.pinv(z))).isLessThan(1e-5);
        // (A A†)ᵀ = A A†: <A A† z, v> = <z, A A† v>
        double l = dot(op.apply(op.pinv(z)), v), r = dot(z, op.apply(op.pinv(v)));
        assertThat(Math.abs(l - r)).isLessThan(1e-4 * Math.max(1, Math.abs(l)));
        // (A† A)ᵀ = A† A: <A† A x, u> = <x, A† A u>
        l = dot(op.pinv(op.apply(x)), u);
        r = dot(x, op.pinv(op.apply(u)));
        assertThat(Math.abs(l - r)).isLessThan(1e-4 * Math.max(1, Math.abs(l)));
        // (A†)ᵀ, used by the eager backward pass, is the adjoint of A†: <A† z, u> = <z, (A†)ᵀ u>
        l = dot(op.pinv(z), u);
        r = dot(z, op.pinvAdjoint(u));
        assertThat(Math.abs(l - r)).isLessThan(1e-4 * Math.max(1, Math.abs(l)));
        assertThat(op.pinvAdjoint(u).shape()).isEqualTo(z.shape());
    }
}

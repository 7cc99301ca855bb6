package org.rnd4j.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.Golden;
import org.rnd4j.layer.Rnd;

/** Every operator against tensors computed with the original PyTorch formulas. */
class OperatorGoldenTest {
    static final double TOL = 1e-5;

    static double maxAbsDiff(INDArray a, INDArray b) {
        assertThat(a.shape()).as("shape").containsExactly(b.shape());
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sub(b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
                .amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @MethodSource("org.rnd4j.Golden#names")
    void eagerOperatorsMatchGolden(String name) {
        Golden g = Golden.load(name);
        Degradation op = g.operator();
        INDArray x = g.tensor("x"), xr = g.tensor("xr");
        INDArray y = g.observation("y");
        assertThat(maxAbsDiff(op.apply(x), y)).as("A x").isLessThan(TOL);
        assertThat(maxAbsDiff(op.apply(xr), g.observation("A_xr"))).as("A xr").isLessThan(TOL);
        assertThat(maxAbsDiff(op.pinv(y), g.tensor("pinv_y"))).as("A† y").isLessThan(TOL);
        assertThat(maxAbsDiff(op.pinv(op.apply(xr)), g.tensor("pinv_A_xr"))).as("A† A xr").isLessThan(TOL);
        INDArray xhat = op.project(xr, y);
        assertThat(maxAbsDiff(xhat, g.tensor("xhat"))).as("x̂").isLessThan(TOL);
        assertThat(maxAbsDiff(op.apply(xhat), y)).as("A x̂ = y").isLessThan(TOL);
    }

    @ParameterizedTest
    @MethodSource("org.rnd4j.Golden#names")
    void sameDiffProjectionAndGradientsMatchGolden(String name) {
        Golden g = Golden.load(name);
        Degradation op = g.operator();
        SameDiff sd = SameDiff.create();
        SDVariable xr = sd.var("xr", g.tensor("xr"));
        SDVariable y = sd.var("y", g.observation("y"));
        SDVariable gout = sd.constant("gout", g.tensor("gout"));
        SDVariable xhat = Rnd.project(sd, op, xr, y, "xhat");
        sd.sum("loss", xhat.mul(gout)).markAsLoss();
        INDArray out = sd.outputSingle(Map.of(), "xhat");
        assertThat(maxAbsDiff(out, g.tensor("xhat"))).as("x̂").isLessThan(TOL);
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "xr", "y");
        assertThat(maxAbsDiff(grads.get("xr"), g.tensor("grad_xr"))).as("dL/dxr").isLessThan(TOL);
        // The original colorization A† reads channel 0 only, so its dL/dy differs from the true pseudo-inverse's.
        if (!name.startsWith("colorization")) {
            assertThat(maxAbsDiff(grads.get("y"), g.observation("grad_y"))).as("dL/dy").isLessThan(TOL);
        }
        // the gradient reaching xr lies in the null space of A
        assertThat(op.apply(grads.get("xr")).amaxNumber().doubleValue()).as("A dL/dxr").isLessThan(TOL);
    }

    @Test
    void sizesThatAreNotMultiplesAreRejected() {
        assertThatThrownBy(() -> new SuperResolution(4).apply(Nd4j.rand(1, 3, 10, 12)))
                .hasMessageContaining("sr x4").hasMessageContaining("multiples of 4").hasMessageContaining("10x12");
        assertThatThrownBy(() -> CompressedSensing.seeded(8, 0.25, 1, 3).apply(Nd4j.rand(1, 3, 16, 12)))
                .hasMessageContaining("multiples of 8");
        assertThatThrownBy(() -> new Colorization(null).apply(Nd4j.rand(1, 1, 4, 4)))
                .hasMessageContaining("[N, 3, H, W]");
    }

    @Test
    void specRoundTripRebuildsTheSameOperator() {
        CompressedSensing cs = CompressedSensing.seeded(8, 0.1, 42, 3);
        assertThat(cs.rows()).isEqualTo(7);
        Degradation again = Operators.create(cs.spec());
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 16, 24);
        assertThat(maxAbsDiff(cs.apply(x), again.apply(x))).isEqualTo(0.0);
        // the seed alone reproduces the matrix, too
        assertThat(CompressedSensing.seeded(8, 0.1, 42, 3).spec()).isEqualTo(cs.spec());
        assertThat(CompressedSensing.seeded(8, 0.1, 43, 3).spec()).isNotEqualTo(cs.spec());
    }
}

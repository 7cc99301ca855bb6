package org.rnd4j.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.data.Image;
import org.rnd4j.data.Images;
import org.rnd4j.layer.Rnd;

/**
 * Every operator family, old and new: the four Penrose conditions and adjointness of A and Aᵀ on
 * random inputs, the projection's exactness, eager = SameDiff; bicubic against MATLAB's own
 * matrices and Set5 LR images; odd sizes; masks and noise reproducible per pixel.
 */
class OperatorFamiliesTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/bicubic");

    static Stream<Arguments> operators() {
        return Stream.of(
                Arguments.of(new SuperResolution(4), 16, 24),
                Arguments.of(new Colorization(new double[]{0.299, 0.587, 0.114}), 8, 12),
                Arguments.of(CompressedSensing.seeded(8, 0.25, 2, 3), 16, 24),
                Arguments.of(new BicubicDownsampling(2), 16, 22),
                Arguments.of(new BicubicDownsampling(3), 21, 15),
                Arguments.of(new BicubicDownsampling(4), 24, 16),
                Arguments.of(new Blur("gaussian", 1.0, 0, "reflect", 1, 1e-3), 16, 20),
                Arguments.of(new Blur("gaussian", 1.6, 0, "periodic", 2, 1e-3), 16, 24),
                Arguments.of(new Blur("box", 0, 5, "periodic", 1, 1e-3), 15, 20),
                Arguments.of(new Blur("box", 0, 3, "reflect", 3, 1e-3), 18, 12),
                Arguments.of(new Inpainting("pixels", 0.3, 0, 0, 0, 5), 16, 20),
                Arguments.of(new Inpainting("boxes", 0, 3, 2, 6, 5), 16, 20),
                Arguments.of(new Noisy(new SuperResolution(2), 0.05, null), 16, 16),
                Arguments.of(new Noisy(new Inpainting("pixels", 0.5, 0, 0, 0, 1), 0.05, 0.7), 12, 12));
    }

    static double dot(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).mul(b.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    static double rel(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).norm2Number().doubleValue()
                / Math.max(1e-12, b.castTo(DataType.DOUBLE).norm2Number().doubleValue());
    }

    /** An observation with the operator's structure (its mask) and random measurements. */
    static INDArray randomObservation(Degradation op, INDArray like) {
        INDArray z = Nd4j.randn(DataType.FLOAT, like.shape());
        if (op.maskChannel()) {
            long c = like.size(1) - 1;
            z.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(c, c + 1))
                    .assign(like.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(c, c + 1)));
        }
        return z;
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("operators")
    void penroseAdjointAndExactProjection(Degradation op, int h, int w) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, h, w), u = Nd4j.randn(DataType.FLOAT, 2, 3, h, w);
        INDArray y = op.observe(x, 3, 0, h, w);
        INDArray z = randomObservation(op, y), v = randomObservation(op, y);
        // blur's A† amplifies float rounding by up to 1/rcond: its symmetric conditions hold to ~1e-3 in float
        double tol = op instanceof Blur ? 2e-3 : 1e-4;
        // the four Moore–Penrose conditions (with the operator instance of y)
        assertThat(rel(op.applyLike(op.pinv(op.applyLike(u, y)), y), op.applyLike(u, y))).as("A A† A = A").isLessThan(1e-5);
        assertThat(rel(op.pinv(op.applyLike(op.pinv(z), y)), op.pinv(z))).as("A† A A† = A†").isLessThan(1e-4);
        assertThat(dot(op.applyLike(op.pinv(z), y), v)).as("(A A†)ᵀ = A A†")
                .isCloseTo(dot(z, op.applyLike(op.pinv(v), y)), within(tol * Math.max(1, Math.abs(dot(z, v)))));
        assertThat(dot(op.pinv(op.applyLike(x, y)), u)).as("(A† A)ᵀ = A† A")
                .isCloseTo(dot(x, op.pinv(op.applyLike(u, y))), within(tol * Math.max(1, Math.abs(dot(x, u)))));
        // A and Aᵀ are adjoint; (A†)ᵀ is the adjoint of A†
        if (!op.maskChannel()) {
            assertThat(dot(op.apply(u), z)).as("<A u, z> = <u, Aᵀ z>").isCloseTo(dot(u, op.adjoint(z)),
                    within(tol * Math.max(1, Math.abs(dot(u, op.adjoint(z))))));
        }
        assertThat(dot(op.pinv(z), u)).as("<A† z, u> = <z, (A†)ᵀ u>").isCloseTo(dot(z, op.pinvAdjointLike(u, y)),
                within(tol * Math.max(1, Math.abs(dot(op.pinv(z), u)))));
        // the projection reproduces a noise-free observation exactly (to float rounding)
        INDArray clean = op.applyLike(x, y);
        INDArray xr = Nd4j.rand(DataType.FLOAT, 2, 3, h, w);
        INDArray xhat = op.project(xr, clean, null);
        assertThat(op.applyLike(xhat, clean).sub(clean).amaxNumber().doubleValue()).as("max|A x̂ − y|").isLessThan(
                op instanceof Blur ? 2e-4 : 2e-5);
        // SameDiff form = eager form
        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.constant(xr), yv = sd.constant(clean);
        INDArray sdOut = Rnd.project(sd, op instanceof Noisy n && n.sigma() > 0 ? n.inner() : op, xv, yv).eval();
        assertThat(rel(sdOut, xhat)).as("SameDiff vs eager").isLessThan(op instanceof Blur ? 1e-4 : 1e-5);
    }

    static double[][] matrix(JsonNode d, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) m[i][j] = d.get(i * cols + j).asDouble();
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void bicubicMatricesAreMatlabs(int s) throws Exception {
        JsonNode j = new ObjectMapper().readTree(GOLDEN.resolve("A1d_x" + s + "_in24.json").toFile());
        int out = j.get("out").asInt();
        double[][] a = matrix(j.get("data"), out, 24), p = matrix(j.get("pinv").get("data"), 24, out);
        double[][][] mine = new BicubicDownsampling(s).matrices(24);
        for (int i = 0; i < out; i++) for (int k = 0; k < 24; k++) assertThat(mine[0][i][k]).isCloseTo(a[i][k], within(1e-15));
        for (int i = 0; i < 24; i++) for (int k = 0; k < out; k++) assertThat(mine[1][i][k]).isCloseTo(p[i][k], within(1e-7));
        double[][] resize = BicubicDownsampling.resizeMatrix(24, out);
        for (int i = 0; i < out; i++) for (int k = 0; k < 24; k++) assertThat(resize[i][k]).isCloseTo(a[i][k], within(1e-15));
    }

    /**
     * The scale augmentation's resize at a non-integer ratio: identity at 1, constants kept, a line sampled at the new
     * centres to within 0.05 of a sample (the widened kernel no longer interpolates exactly, in MATLAB too).
     */
    @Test
    void resizeAtAnyRatioKeepsConstantsAndLines() {
        double[][] id = BicubicDownsampling.resizeMatrix(9, 9);
        for (int i = 0; i < 9; i++) for (int k = 0; k < 9; k++) assertThat(id[i][k]).isCloseTo(i == k ? 1 : 0, within(1e-15));
        double[][] r = BicubicDownsampling.resizeMatrix(30, 20);
        for (int i = 0; i < 20; i++) {
            double sum = 0, line = 0;
            for (int k = 0; k < 30; k++) {
                sum += r[i][k];
                line += r[i][k] * k;
            }
            assertThat(sum).isCloseTo(1, within(1e-12));
            if (i >= 2 && i <= 17) assertThat(line).as("output %d", i).isCloseTo((i + 0.5) * 1.5 - 0.5, within(0.05));
        }
        assertThatThrownBy(() -> BicubicDownsampling.resizeMatrix(10, 11)).hasMessageContaining("1 <= m <= n");
    }

    /** rnd4j's float A on MATLAB's HR images reproduces MATLAB's own LR files to ≥ 56 dB (MATLAB rounds between its passes). */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void bicubicReproducesMatlabsSet5LowResolution(int s) throws Exception {
        BicubicDownsampling op = new BicubicDownsampling(s);
        for (String name : new String[]{"baby", "bird", "butterfly", "head", "woman"}) {
            Image hr = Images.read(GOLDEN.resolve("x" + s + "/" + name + "_HR.png")), lr = Images.read(GOLDEN.resolve("x" + s + "/" + name + "_LR.png"));
            INDArray y = org.rnd4j.eval.Metrics.quantize(op.apply(hr.toBatch(1)));
            INDArray matlab = lr.toBatch(1);
            assertThat(y.shape()).isEqualTo(matlab.shape());
            double psnr = org.rnd4j.eval.Metrics.psnrRaw(y, matlab);
            assertThat(psnr).as("%s x%d PSNR vs MATLAB", name, s).isGreaterThanOrEqualTo(56.0);
            // and RND on MATLAB's own LR: A x̂ = y to float rounding
            INDArray xhat = op.project(Nd4j.rand(DataType.FLOAT, hr.toBatch(1).shape()), matlab, null);
            assertThat(op.apply(xhat).sub(matlab).amaxNumber().doubleValue()).isLessThan(1e-5);
        }
    }

    @Test
    void bicubicTakesMatlabsOutputSizeForOddImages() {
        BicubicDownsampling op = new BicubicDownsampling(4);
        INDArray y = op.apply(Nd4j.rand(DataType.FLOAT, 1, 3, 17, 30));
        assertThat(y.shape()).containsExactly(1, 3, 5, 8);
        INDArray xhat = op.project(Nd4j.rand(DataType.FLOAT, 1, 3, 17, 30), y, null);
        assertThat(op.apply(xhat).sub(y).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void masksAndNoiseAreTheSameWholeOrInStrips() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 24, 16);
        for (Degradation op : new Degradation[]{new Inpainting("pixels", 0.4, 0, 0, 0, 9), new Inpainting("boxes", 0, 4, 3, 9, 9),
                new Noisy(new SuperResolution(4), 0.1, null)}) {
            INDArray whole = op.observe(x, 77, 0, 24, 16);
            int m = op.spatialMultiple();
            INDArray top = op.observe(x.get(all(), all(), interval(0, 8), all()).dup(), 77, 0, 24, 16);
            INDArray bottom = op.observe(x.get(all(), all(), interval(8, 24), all()).dup(), 77, 8, 24, 16);
            INDArray stitched = Nd4j.concat(2, top, bottom);
            assertThat(stitched).as(op.describe()).isEqualTo(whole);
            assertThat(op.observe(x, 78, 0, 24, 16)).as("another seed").isNotEqualTo(whole);
            assertThat(m).isPositive();
        }
        // pixels: about the requested fraction observed
        INDArray y = new Inpainting("pixels", 0.3, 0, 0, 0, 1).observe(Nd4j.rand(DataType.FLOAT, 4, 3, 64, 64), 5, 0, 64, 64);
        assertThat(y.get(all(), interval(3, 4)).meanNumber().doubleValue()).isCloseTo(0.3, within(0.02));
        // noise: the requested standard deviation
        Noisy noisy = new Noisy(new SuperResolution(2), 0.05, null);
        INDArray xs = Nd4j.rand(DataType.FLOAT, 4, 3, 64, 64);
        INDArray n = noisy.observe(xs, 3, 0, 64, 64).sub(noisy.apply(xs));
        assertThat(n.stdNumber().doubleValue()).isCloseTo(0.05, within(0.003));
    }

    /** With noise, the projection copies only the λ-scaled correction: λ from σ follows the documented rule. */
    @Test
    void noisyProjectionScalesTheCorrection() {
        Nd4j.getRandom().setSeed(4);
        Noisy op = new Noisy(new SuperResolution(2), 0.1, null);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        INDArray y = op.observe(x, 1, 0, 32, 32);
        // an estimate that is exact in the range space: its residual is the noise alone, so λ ≈ 0
        INDArray lamGood = op.lambdas(x, y);
        assertThat(lamGood.maxNumber().doubleValue()).isLessThan(0.15);
        // a poor estimate (zeros): residual ≫ noise, so λ ≈ 1
        INDArray lamBad = op.lambdas(Nd4j.zerosLike(x), y);
        assertThat(lamBad.minNumber().doubleValue()).isGreaterThan(0.95);
        Noisy fixed = new Noisy(new SuperResolution(2), 0.1, 0.25);
        assertThat(fixed.lambdas(x, y)).isEqualTo(Nd4j.valueArrayOf(new long[]{2}, 0.25, DataType.FLOAT));
        INDArray xr = Nd4j.zerosLike(x), xhat = fixed.project(xr, y);
        assertThat(rel(fixed.apply(xhat), y.mul(0.25))).isLessThan(1e-5);
        assertThat(Operators.create(fixed.spec()).describe()).isEqualTo(fixed.describe());
    }

    /** {@code task.matrix: dct}: the lowest frequencies of the orthonormal block DCT, stored in the spec (nothing to seed). */
    @Test
    void dctSamplingMatrixIsTheLowFrequencyBlockDct() {
        int b = 4, q = 6;
        float[] m = org.rnd4j.operator.generator.SamplingMatrices.dctRows(q, b);
        INDArray a = Nd4j.create(m, new long[]{q, b * b}, 'c').castTo(DataType.DOUBLE);
        assertThat(a.mmul(a.transpose()).sub(Nd4j.eye(q).castTo(DataType.DOUBLE)).amaxNumber().doubleValue()).isLessThan(1e-6);
        for (int p = 0; p < b * b; p++) assertThat(m[p]).isCloseTo(0.25f, within(1e-7f));
        // rows 1 and 2 are the two first-order frequencies: (u, v) = (0, 1), a cosine along the row, then (1, 0)
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                double cj = Math.sqrt(2.0 / b) * Math.cos(Math.PI * (2 * j + 1) / (2.0 * b)) * Math.sqrt(1.0 / b);
                double ci = Math.sqrt(2.0 / b) * Math.cos(Math.PI * (2 * i + 1) / (2.0 * b)) * Math.sqrt(1.0 / b);
                assertThat((double) m[b * b + i * b + j]).isCloseTo(cj, within(1e-6));
                assertThat((double) m[2 * b * b + i * b + j]).isCloseTo(ci, within(1e-6));
            }
        }
        Degradation op = new CompressedSensing.Settings(b, 0.375, 1L, false, "dct").resolve().create();
        assertThat(op.spec().getMatrix()).isEqualTo(m);
        assertThat(Operators.create(op.spec()).spec()).isEqualTo(op.spec());
        var wrong = new CompressedSensing.Settings(b, 0.375, 1L, false, "gauss").resolve();
        org.assertj.core.api.Assertions.assertThatThrownBy(wrong::validate).hasMessageContaining("matrix")
                .hasMessageContaining("random or dct");
    }

    @Test
    void specsRebuildEveryOperator() {
        for (Object[] a : operators().map(Arguments::get).toList()) {
            Degradation op = (Degradation) a[0];
            Degradation back = Operators.create(op.spec());
            assertThat(back.spec()).isEqualTo(op.spec());
            INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, (int) a[1], (int) a[2]);
            assertThat(back.observe(x, 2, 0, (int) a[1], (int) a[2])).isEqualTo(op.observe(x, 2, 0, (int) a[1], (int) a[2]));
        }
        assertThat(Map.of()).isEmpty();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex interval(long a, long b) {
        return org.nd4j.linalg.indexing.NDArrayIndex.interval(a, b);
    }
}

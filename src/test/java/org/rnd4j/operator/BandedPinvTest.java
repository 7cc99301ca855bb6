package org.rnd4j.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

/**
 * The structured pseudo-inverses — banded bicubic, circulant (periodic) blur — equal the SVD's,
 * eagerly and on sizes no dense SVD could take.
 */
class BandedPinvTest {

    @ParameterizedTest
    @CsvSource({"2,7", "2,24", "3,24", "3,50", "4,24", "4,97", "4,5", "3,2", "2,1"})
    void bandedPseudoInverseIsTheSvds(int s, int n) {
        double[][] a = BicubicDownsampling.matrix(n, s);
        double[][] svd = new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSolver().getInverse().getData();
        double[][] banded = new BicubicDownsampling(s).structured(n).dense();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < a.length; j++) {
                assertThat(banded[i][j]).as("A†[%d][%d] n=%d s=%d", i, j, n, s).isCloseTo(svd[i][j], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    /** Eager A, Aᵀ, A†, (A†)ᵀ through the banded passes equal the dense products (double, odd sizes). */
    @ParameterizedTest
    @CsvSource({"2,17,30", "3,31,23", "4,40,45"})
    void eagerBandedPassesEqualDenseProducts(int s, int h, int w) {
        Separable.denseUpTo = 0;   // the structured passes, even at these small sizes
        try {
            eagerBandedPasses(s, h, w);
        } finally {
            Separable.denseUpTo = 512;
        }
    }

    private static void eagerBandedPasses(int s, int h, int w) {
        BicubicDownsampling op = new BicubicDownsampling(s);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, h, w);
        double[][][] mh = op.matrices(h), mw = op.matrices(w);
        INDArray ah = Nd4j.create(mh[0]), aw = Nd4j.create(mw[0]), ph = Nd4j.create(mh[1]), pw = Nd4j.create(mw[1]);
        INDArray y = op.apply(x);
        assertClose(y, Separable.both(x, ah, aw.transpose()));
        assertClose(op.pinv(y), Separable.both(y, ph, pw.transpose()));
        assertClose(op.adjoint(y), Separable.both(y, ah.transpose(), aw));
        assertClose(op.pinvAdjoint(x), Separable.both(x, ph.transpose(), pw));
        // Penrose: A A† y = y
        assertClose(op.apply(op.pinv(y)), y);
    }

    /** A 1200² observation at ×4 (a 4800² image) is restored in seconds: RND exact, no dense matrix made. */
    @Test
    void largeImagesProjectWithoutDenseMatrices() {
        BicubicDownsampling op = new BicubicDownsampling(4);
        Nd4j.getRandom().setSeed(3);
        INDArray y = Nd4j.rand(DataType.FLOAT, 1, 1, 1200, 1000);
        INDArray xr = Nd4j.rand(DataType.FLOAT, 1, 1, 4800, 4000);
        INDArray xhat = op.project(xr, y);
        assertThat(op.apply(xhat).sub(y).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(op.axis(4800).structured).isNotNull();
    }

    /** Periodic blur (with and without decimation, Gaussian and box): FFT's truncated A† = the SVD's. */
    @ParameterizedTest
    @CsvSource({"gaussian,1.6,0,1,24", "gaussian,1.6,0,2,24", "gaussian,0.8,0,3,27", "box,0,5,1,20", "box,0,3,2,16",
            "gaussian,3.0,0,1,7"})
    void circulantPseudoInverseIsTheSvds(String kernel, double sigma, int size, int decimate, int n) {
        Blur svd = new Blur(kernel, sigma, size, "periodic", decimate, Blur.DEFAULT_RCOND);
        double[][] a = svd.matrix(n);
        Separable.Axis dense = new Separable.Axis(a, Blur.DEFAULT_RCOND, "svd");
        AxisPinv fft = svd.structured(n);
        assertThat(fft).isInstanceOf(CirculantPinv.class);
        double[][] p = dense.pinv(), q = fft.dense();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < a.length; j++) {
                assertThat(q[i][j]).as("A†[%d][%d]", i, j).isCloseTo(p[i][j], org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(fft.rank()).isEqualTo(dense.rankKept());
    }

    /**
     * A 2000×4000 periodic blur projects in seconds, no SVD made; in double, with the observation and
     * the estimate in the range the truncated A† keeps, A x̂ = y to rounding.
     */
    @Test
    void largePeriodicBlurProjectsWithoutAnSvd() {
        Blur blur = new Blur("gaussian", 1.6, 0, "periodic", 1, Blur.DEFAULT_RCOND);
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 1, 2000, 4000), x0 = Nd4j.rand(DataType.DOUBLE, 1, 1, 2000, 4000);
        INDArray y = blur.apply(blur.pinv(blur.apply(x)));     // y in the kept range
        INDArray xr = blur.pinv(blur.apply(x0));               // x_r in the kept row space
        INDArray xhat = blur.project(xr, y);
        assertThat(blur.apply(xhat).sub(y).amaxNumber().doubleValue()).isLessThan(1e-9);
        assertThat(blur.axis(4000).structured).isInstanceOf(CirculantPinv.class);
    }

    /** Operators whose A† needs an SVD refuse axes beyond the bound in one line, before any work. */
    @Test
    void svdOperatorsRefuseLongAxesInOneLine() {
        Blur blur = new Blur("gaussian", 1.6, 0, "reflect", 1, Blur.DEFAULT_RCOND);
        assertThat(blur.axis(64).structured).as("reflect keeps the SVD").isNull();
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 1, 8, Separable.MAX_SVD_AXIS + 1);
        assertThat(blur.apply(x).shape()).isEqualTo(x.shape());   // A alone is a dense product: no SVD
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () ->
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> blur.project(x, blur.apply(x))).hasMessageContaining("gaussian blur")
                        .hasMessageContaining(String.valueOf(Separable.MAX_SVD_AXIS + 1)).hasMessageContaining("crop"),
                "hang guard: the SVD must not start");
    }

    private static void assertClose(INDArray a, INDArray b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        assertThat(a.sub(b).amaxNumber().doubleValue()).isLessThan(1e-12);
    }
}

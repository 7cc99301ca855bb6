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

/** The banded bicubic {@code A†} equals the SVD's, eagerly and on sizes no dense SVD could take. */
class BandedPinvTest {

    @ParameterizedTest
    @CsvSource({"2,7", "2,24", "3,24", "3,50", "4,24", "4,97", "4,5", "3,2", "2,1"})
    void bandedPseudoInverseIsTheSvds(int s, int n) {
        double[][] a = BicubicDownsampling.matrix(n, s);
        double[][] svd = new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSolver().getInverse().getData();
        double[][] banded = new BicubicDownsampling(s).banded(n).dense();
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
        assertThat(op.axis(4800).banded).isNotNull();
    }

    /** Operators whose A† needs an SVD refuse axes beyond the bound in one line, before any work. */
    @Test
    void svdOperatorsRefuseLongAxesInOneLine() {
        Blur blur = new Blur("gaussian", 1.6, 0, "reflect", 1, Blur.DEFAULT_RCOND);
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, 1, 8, Separable.MAX_SVD_AXIS + 1);
        assertThat(blur.apply(x).shape()).isEqualTo(x.shape());   // A alone is a dense product: no SVD
        long t0 = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blur.project(x, blur.apply(x))).hasMessageContaining("gaussian blur")
                .hasMessageContaining(String.valueOf(Separable.MAX_SVD_AXIS + 1)).hasMessageContaining("crop");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds (hang guard)").isLessThan(5);
    }

    private static void assertClose(INDArray a, INDArray b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        assertThat(a.sub(b).amaxNumber().doubleValue()).isLessThan(1e-12);
    }
}

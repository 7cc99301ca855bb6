package org.rnd4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.FiniteDifferences;
import org.rnd4j.TestData;
import org.rnd4j.layer.internal.LearnedSamplingRuntime;
import org.rnd4j.layer.internal.SubspaceProjectionRuntime;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.SuperResolution;

/**
 * A learned CS sampling matrix ({@code task.learnA}): every parameter's gradient, the matrix's
 * included (through {@code A† = Aᵀ(AAᵀ)⁻¹}), against finite differences in double; training moves
 * {@code A} and lowers the loss; the frozen graph on {@code y} computes what the training graph
 * computes, with {@code A x̂ = y} at float rounding.
 */
class LearnedSamplingTest {

    static ComputationGraph learned(CompressedSensing op, int size, int feats, int blocks, String backbone, DataType type) {
        long obs = op.observationSize(size);
        ComputationGraphConfiguration c = LearnedSamplingGraphs.training(
                TestData.backbone(backbone, op, feats, blocks, true, obs, obs, new Adam(3e-3), 5), op);
        c.setDataType(type);
        ComputationGraph g = new ComputationGraph(c);
        g.init();
        Nd4j.getRandom().setSeed(6);
        // away from the seeded orthonormal start, so A A^T is a general SPD matrix, and off ReLU kinks
        g.params().addi(Nd4j.randn(type, g.params().shape()).muli(0.02));
        INDArray w = g.getVertex(LearnedSamplingGraphs.MATRIX).paramTable(false).get("W");
        w.addi(Nd4j.randn(type, w.shape()).muli(0.2));
        return g;
    }

    static MultiDataSet images(int size, DataType type) {
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(type, 2, 3, size, size);
        return new MultiDataSet(x, x);
    }

    @Test
    void gradientsOfTheMatrixAndEveryLayerMatchFiniteDifferences() {
        CompressedSensing op = CompressedSensing.seeded(4, 0.25, 3, 3);
        ComputationGraph g = learned(op, 8, 4, 2, "unfolded", DataType.DOUBLE);
        assertThat(g.getVertex(LearnedSamplingGraphs.MATRIX)).isInstanceOf(LearnedSamplingRuntime.class);
        assertThat(g.getVertex("p1_proj")).isInstanceOf(SubspaceProjectionRuntime.class);
        List<FiniteDifferences.Entry> coarse = FiniteDifferences.check(g, images(8, DataType.DOUBLE), 3, 1e-4);
        List<FiniteDifferences.Entry> fine = FiniteDifferences.check(g, images(8, DataType.DOUBLE), 3, 1e-5);
        assertThat(coarse).extracting(FiniteDifferences.Entry::param).contains("A_W", "p1_r_rho", "p2_soft_theta", "p1_d_W");
        int kinks = 0;
        for (int i = 0; i < coarse.size(); i++) {
            FiniteDifferences.Entry a = coarse.get(i), b = fine.get(i);
            if (a.param().equals("A_W")) assertThat(a.within(1e-6, 1e-10)).as(a.toString()).isTrue();
            if (a.within(1e-6, 1e-10)) continue;
            kinks++;
            assertThat(b.within(1e-6, 1e-10)).as(a + "; at step 1e-5: " + b).isTrue();
        }
        // soft thresholds near zero features make kinks common at the coarse step; a wrong gradient fails both steps
        assertThat(kinks).isLessThan(coarse.size() / 3);
    }

    @Test
    void trainingMovesTheMatrixAndTheFrozenGraphComputesTheSameWithExactConsistency() {
        CompressedSensing op = CompressedSensing.seeded(8, 0.25, 3, 3);
        ComputationGraph g = learned(op, 16, 8, 2, "unfolded", DataType.FLOAT);
        INDArray w0 = g.getVertex(LearnedSamplingGraphs.MATRIX).paramTable(false).get("W").dup();
        MultiDataSet d = images(16, DataType.FLOAT);
        g.setInputs(d.getFeatures());
        g.setLabels(d.getLabels());
        g.computeGradientAndScore();
        double first = g.score();
        for (int i = 0; i < 40; i++) g.fit(d);
        g.computeGradientAndScore();
        assertThat(g.score()).isLessThan(0.8 * first);
        INDArray w = g.getVertex(LearnedSamplingGraphs.MATRIX).paramTable(false).get("W");
        assertThat(w.sub(w0).amaxNumber().doubleValue()).isGreaterThan(1e-4);

        INDArray x = d.getFeatures(0);
        LearnedSamplingGraphs.Frozen f = LearnedSamplingGraphs.freeze(g, op);
        assertThat(f.operator().spec().getMatrix()).as("a learned matrix is stored").isNotNull().isNotEqualTo(op.matrix());
        INDArray y = f.operator().apply(x);
        INDArray frozenOut = f.graph().outputSingle(false, y), trainingOut = g.outputSingle(false, x);
        assertThat(frozenOut.sub(trainingOut).amaxNumber().doubleValue()).isLessThan(1e-4);
        assertThat(f.operator().apply(frozenOut).sub(y).amaxNumber().doubleValue()).isLessThan(1e-5);
        // the learned rows are orthonormal, so A† = Aᵀ in the frozen operator
        INDArray a = Nd4j.create(f.operator().spec().getMatrix(), new long[]{op.rows(), 64}, 'c');
        assertThat(a.mmul(a.transpose()).sub(Nd4j.eye(op.rows())).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void backbonesThatReadTheObservationDirectlyAreRefused() {
        CompressedSensing op = CompressedSensing.seeded(4, 0.25, 3, 3);
        ComputationGraphConfiguration c = TestData.backbone("edsr", new SuperResolution(2), 4, 1, true, 4, 4, new Adam(1e-3), 5);
        assertThatThrownBy(() -> LearnedSamplingGraphs.training(c, op))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reads the observation y directly");
    }
}

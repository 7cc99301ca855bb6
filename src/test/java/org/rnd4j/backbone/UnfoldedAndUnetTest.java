package org.rnd4j.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
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
import org.rnd4j.operator.Colorization;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.Degradation;

/**
 * The {@code unfolded} and {@code resunet} backbones: exact gradients of every parameter (the learned
 * step ρ and threshold θ of each phase included) against finite differences in double precision,
 * and training that lowers the loss with {@code A x̂ = y} kept.
 */
class UnfoldedAndUnetTest {

    static ComputationGraph net(String backbone, Degradation op, int size, int feats, int blocks, DataType type) {
        return net(backbone, Map.of(), op, size, feats, blocks, type);
    }

    static ComputationGraph net(String backbone, Map<String, Object> options, Degradation op, int size, int feats, int blocks,
                                DataType type) {
        long obs = op.observationSize(size);
        ComputationGraphConfiguration c = TestData.backbone(backbone, options, op, feats, blocks, true, obs, obs, new Adam(3e-3), 5);
        c.setDataType(type);
        ComputationGraph g = new ComputationGraph(c);
        g.init();
        // zero biases after ReLU-dead inputs put pre-activations exactly on the kink, where finite
        // differences see the mean of both sides: perturb every parameter a little
        Nd4j.getRandom().setSeed(6);
        g.params().addi(Nd4j.randn(type, g.params().shape()).muli(0.02));
        return g;
    }

    static MultiDataSet data(Degradation op, int size, DataType type) {
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(type, 2, 3, size, size);
        return new MultiDataSet(op.apply(x), x);
    }

    /**
     * Every checked entry agrees with finite differences at step 1e-4 or, where that step crossed
     * a ReLU or threshold kink (these nets have hundreds), at 1e-5; a wrong gradient fails both.
     */
    static void assertExact(ComputationGraph g, MultiDataSet d, String... mustInclude) {
        assertExact(g, d, 10, mustInclude);
    }

    /** As above, with at most one entry in {@code kinkShare} needing the finer step (a deeper net has more ReLUs). */
    static void assertExact(ComputationGraph g, MultiDataSet d, int kinkShare, String... mustInclude) {
        List<FiniteDifferences.Entry> coarse = FiniteDifferences.check(g, d, 2, 1e-4), fine = FiniteDifferences.check(g, d, 2, 1e-5);
        assertThat(coarse).extracting(FiniteDifferences.Entry::param).contains(mustInclude);
        assertThat(fine).hasSameSizeAs(coarse);
        int kinks = 0;
        for (int i = 0; i < coarse.size(); i++) {
            FiniteDifferences.Entry a = coarse.get(i), b = fine.get(i);
            if (a.within(1e-6, 1e-10)) continue;
            kinks++;
            assertThat(b.within(1e-6, 1e-10)).as(a + "; at step 1e-5: " + b).isTrue();
        }
        assertThat(kinks).as("entries that needed the finer step").isLessThan(Math.max(2, coarse.size() / kinkShare));
    }

    @Test
    void unfoldedGradientsAreExactIncludingStepAndThreshold() {
        CompressedSensing op = CompressedSensing.seeded(4, 0.25, 3, 3);
        ComputationGraph g = net("unfolded", op, 8, 2, 2, DataType.DOUBLE);
        assertExact(g, data(op, 8, DataType.DOUBLE), "p1_r_rho", "p2_r_rho", "p1_soft_theta", "p2_soft_theta", "p1_d_W", "p2_g_W");
    }

    @Test
    void unetGradientsAreExact() {
        Colorization op = new Colorization(new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0});
        ComputationGraph g = net("resunet", op, 8, 1, 1, DataType.DOUBLE);
        assertExact(g, data(op, 8, DataType.DOUBLE), "head_W", "down3_W", "m0_c1_W", "up1_W", "tail_W");
    }

    /**
     * {@code multiplicative: true}: the estimate is {@code A†y ⊙ (1 + tail)} (checked against the graph's own
     * activations), its gradients are exact, and RND keeps {@code A x̂ = y}; a non-boolean value is a one-line error.
     */
    @Test
    void multiplicativeUnetScalesItsCorrectionByTheGrayLevel() {
        Colorization op = new Colorization(new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0});
        ComputationGraph g = net("resunet", Map.of("multiplicative", true), op, 8, 1, 1, DataType.DOUBLE);
        MultiDataSet d = data(op, 8, DataType.DOUBLE);
        Map<String, INDArray> acts = g.feedForward(d.getFeatures(0), false);
        INDArray init = acts.get("init"), tail = acts.get("tail");
        assertThat(acts.get("xr").sub(init.mul(tail.add(1))).amaxNumber().doubleValue()).isLessThan(1e-12);
        assertThat(op.apply(g.outputSingle(false, d.getFeatures(0))).sub(d.getFeatures(0)).amaxNumber().doubleValue())
                .isLessThan(1e-7);   // the operator's coefficients are held in float
        assertExact(g, d, "head_W", "m0_c1_W", "tail_W");
        assertThatThrownBy(() -> net("resunet", Map.of("multiplicative", "yes"), op, 8, 1, 1, DataType.DOUBLE))
                .hasMessage("field 'model.options.multiplicative' (backbone resunet): expected true or false, got 'yes'");
    }

    /**
     * {@code levels: 4} adds a fourth pooling level (layers {@code down4}, {@code up4}) whose gradients are exact and
     * makes image sides multiples of 16 (8 by default); a level count out of range is a one-line error.
     */
    @Test
    void unetLevelsSetDepthAndSizeMultiple() {
        Colorization op = new Colorization(new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0});
        Backbone unet = Backbones.find("resunet");
        assertThat(unet.sizeMultiple(Map.of())).isEqualTo(8);
        assertThat(unet.sizeMultiple(Map.of("levels", 4))).isEqualTo(16);
        assertThat(unet.sizeMultiple(Map.of("levels", 1))).isEqualTo(2);
        ComputationGraph g = net("resunet", Map.of("levels", 4), op, 16, 1, 1, DataType.DOUBLE);
        assertThat(g.getConfiguration().getVertices()).containsKeys("down4", "up4").doesNotContainKey("down5");
        assertThat(net("resunet", op, 8, 1, 1, DataType.DOUBLE).getConfiguration().getVertices()).doesNotContainKey("down4");
        MultiDataSet d = data(op, 16, DataType.DOUBLE);
        assertThat(op.apply(g.outputSingle(false, d.getFeatures(0))).sub(d.getFeatures(0)).amaxNumber().doubleValue()).isLessThan(1e-7);
        assertExact(g, d, 5, "down4_W", "e4_c1_W", "up4_W", "tail_W");   // 10 of ~100 entries cross a kink
        for (Object bad : List.of(0, 6, "4")) {
            assertThatThrownBy(() -> unet.sizeMultiple(Map.of("levels", bad)))
                    .hasMessage("field 'model.options.levels' (backbone resunet): expected an integer from 1 to 5, got '" + bad + "'");
        }
    }

    @Test
    void unfoldedTrainsWithExactConsistency() {
        CompressedSensing op = CompressedSensing.seeded(8, 0.25, 3, 3);
        ComputationGraph g = net("unfolded", op, 16, 8, 3, DataType.FLOAT);
        MultiDataSet d = data(op, 16, DataType.FLOAT);
        g.setInputs(d.getFeatures());
        g.setLabels(d.getLabels());
        g.computeGradientAndScore();
        double first = g.score();
        for (int i = 0; i < 40; i++) g.fit(d);
        g.computeGradientAndScore();
        assertThat(g.score()).isLessThan(0.8 * first);
        INDArray y = d.getFeatures(0), out = g.outputSingle(false, y);
        assertThat(op.apply(out).sub(y).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThat(g.getVertex("p1_r").paramTable(false).get("rho").getDouble(0)).isNotEqualTo(0.5);
    }
}

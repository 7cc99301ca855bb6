package org.rnd4j.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.TestData;
import org.rnd4j.layer.Execution;
import org.rnd4j.layer.internal.MulRuntime;
import org.rnd4j.operator.SuperResolution;

/**
 * {@code edsr} with {@code attention: r}: RCAN's channel attention in every residual block, with exact
 * gradients (finite differences in double), the same output and gradients eagerly as in the SameDiff
 * definitions, {@code A x̂ = y}, and a one-line error for a reduction the width cannot take.
 */
class EdsrAttentionTest {

    static ComputationGraph net(Map<String, Object> options, boolean sameDiff, DataType type) {
        SuperResolution op = new SuperResolution(2);
        String before = System.getProperty(Execution.PROPERTY);
        System.setProperty(Execution.PROPERTY, sameDiff ? "samediff" : "eager");
        try {
            ComputationGraphConfiguration c = TestData.backbone("edsr", options, op, 8, 2, true, 6, 6, new Adam(1e-3), 5);
            c.setDataType(type);
            ComputationGraph g = new ComputationGraph(c);
            g.init();
            Nd4j.getRandom().setSeed(6);
            g.params().addi(Nd4j.randn(type, g.params().shape()).muli(0.05));
            return g;
        } finally {
            if (before == null) System.clearProperty(Execution.PROPERTY);
            else System.setProperty(Execution.PROPERTY, before);
        }
    }

    static MultiDataSet data(DataType type) {
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(type, 2, 3, 12, 12);
        return new MultiDataSet(new SuperResolution(2).apply(x), x);
    }

    @Test
    void channelAttentionGradientsAreExactAndConsistencyHolds() {
        ComputationGraph g = net(Map.of("attention", 4), false, DataType.DOUBLE);
        assertThat(g.getConfiguration().getVertices()).containsKeys("b0_pool", "b0_down", "b0_upc", "b0_att", "b0_ca", "b1_ca");
        assertThat(g.getVertex("b0_ca")).isInstanceOf(MulRuntime.class);
        MultiDataSet d = data(DataType.DOUBLE);
        INDArray y = d.getFeatures(0);
        assertThat(new SuperResolution(2).apply(g.outputSingle(false, y)).sub(y).amaxNumber().doubleValue()).isLessThan(1e-7);
        UnfoldedAndUnetTest.assertExact(g, d, "b0_down_W", "b0_upc_W", "b1_down_b", "b1_upc_b", "b0_c2_W", "head_W");
    }

    @Test
    void eagerProductComputesWhatItsSameDiffDefinitionDoes() {
        ComputationGraph eager = net(Map.of("attention", 2), false, DataType.DOUBLE);
        ComputationGraph reference = net(Map.of("attention", 2), true, DataType.DOUBLE);
        assertThat(reference.getVertex("b0_ca")).isNotInstanceOf(MulRuntime.class);
        reference.setParams(eager.params());
        MultiDataSet d = data(DataType.DOUBLE);
        assertThat(eager.outputSingle(false, d.getFeatures(0)).sub(reference.outputSingle(false, d.getFeatures(0)))
                .amaxNumber().doubleValue()).isLessThan(1e-12);
        for (ComputationGraph g : new ComputationGraph[]{eager, reference}) {
            g.setInputs(d.getFeatures());
            g.setLabels(d.getLabels());
            g.computeGradientAndScore();
        }
        assertThat(eager.gradient().gradient().sub(reference.gradient().gradient()).amaxNumber().doubleValue()).isLessThan(1e-10);
    }

    @Test
    void withoutTheOptionTheGraphIsPlainEdsr() {
        assertThat(net(Map.of(), false, DataType.FLOAT).getConfiguration().getVertices()).containsKey("b0_c2")
                .doesNotContainKeys("b0_pool", "b0_ca");
    }

    @Test
    void aReductionWiderThanTheFeaturesIsAOneLineError() {
        assertThatThrownBy(() -> net(Map.of("attention", 16), false, DataType.FLOAT))
                .hasMessage("field 'model.options.attention' (backbone edsr): expected 0 (none) or a reduction r with 1 <= feats/r, got '16'");
        assertThatThrownBy(() -> net(Map.of("attention", "yes"), false, DataType.FLOAT))
                .hasMessage("field 'model.options.attention' (backbone edsr): expected an integer, got 'yes'");
    }
}

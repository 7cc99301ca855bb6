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
import org.rnd4j.layer.internal.ChannelAttentionRuntime;
import org.rnd4j.layer.internal.ConvRuntime;
import org.rnd4j.operator.SuperResolution;

/**
 * {@code edsr} with {@code attention: r}: RCAN's channel attention ({@code ChannelAttention}) in every
 * residual block, with exact gradients (finite differences in double), the same output and gradients
 * eagerly as in its SameDiff definition, {@code A x̂ = y}, and a one-line error for a reduction the
 * width cannot take.
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
        assertThat(g.getConfiguration().getVertices()).containsKeys("b0_ca", "b1_ca");
        assertThat(g.getLayer("b0_ca")).isInstanceOf(ChannelAttentionRuntime.class);
        MultiDataSet d = data(DataType.DOUBLE);
        INDArray y = d.getFeatures(0);
        assertThat(new SuperResolution(2).apply(g.outputSingle(false, y)).sub(y).amaxNumber().doubleValue()).isLessThan(1e-7);
        UnfoldedAndUnetTest.assertExact(g, d, "b0_ca_W1", "b0_ca_W2", "b1_ca_b1", "b1_ca_b2", "b0_c2_W", "head_W");
        // the attention is the convolution's only consumer: its gradient goes back in the convolution's NHWC memory
        assertThat(((ConvRuntime) g.getLayer("b0_c2")).nhwcGradient()).isTrue();
        assertThat(((ChannelAttentionRuntime) g.getLayer("b0_ca")).nhwcGradient()).isTrue();
    }

    @Test
    void eagerAttentionComputesWhatItsSameDiffDefinitionDoes() {
        ComputationGraph eager = net(Map.of("attention", 2), false, DataType.DOUBLE);
        ComputationGraph reference = net(Map.of("attention", 2), true, DataType.DOUBLE);
        assertThat(reference.getLayer("b0_ca")).isNotInstanceOf(ChannelAttentionRuntime.class);
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

    /** The attention on dense NCHW memory (after DL4J's own convolution, not rnd4j's NHWC one): exact gradients too. */
    @Test
    void attentionOnDenseNchwInputHasExactGradients() {
        var b = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new org.nd4j.linalg.learning.config.Sgd(0.1)).graphBuilder().addInputs("x")
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(4, 5, 6));
        b.addLayer("pre", new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nIn(6).nOut(6)
                .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Same)
                .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build(), "x");
        b.addLayer("ca", new org.rnd4j.layer.ChannelAttention(6, 2), "pre");
        b.addLayer("post", new org.rnd4j.layer.SdConv2d(6, 2, 3, false), "ca");
        b.addLayer("out", new org.deeplearning4j.nn.conf.layers.CnnLossLayer.Builder(
                org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).build(), "post");
        b.setOutputs("out");
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        assertThat(g.getLayer("ca")).isInstanceOf(ChannelAttentionRuntime.class);
        Nd4j.getRandom().setSeed(3);
        g.params().addi(Nd4j.randn(DataType.DOUBLE, g.params().shape()).muli(0.1));
        MultiDataSet d = new MultiDataSet(Nd4j.rand(DataType.DOUBLE, 2, 6, 4, 5), Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 5));
        var entries = org.rnd4j.FiniteDifferences.check(g, d, 6, 1e-6);
        assertThat(entries).extracting(org.rnd4j.FiniteDifferences.Entry::param).contains("pre_W", "ca_W1", "ca_b1", "ca_W2", "ca_b2");
        for (var e : entries) assertThat(e.within(1e-6, 1e-10)).as(e.toString()).isTrue();
    }

    @Test
    void withoutTheOptionTheGraphIsPlainEdsr() {
        assertThat(net(Map.of(), false, DataType.FLOAT).getConfiguration().getVertices()).containsKey("b0_c2")
                .doesNotContainKey("b0_ca");
    }

    @Test
    void aReductionWiderThanTheFeaturesIsAOneLineError() {
        assertThatThrownBy(() -> net(Map.of("attention", 16), false, DataType.FLOAT))
                .hasMessage("field 'model.options.attention' (backbone edsr): expected 0 (none) or a reduction r with 1 <= feats/r, got '16'");
        assertThatThrownBy(() -> net(Map.of("attention", "yes"), false, DataType.FLOAT))
                .hasMessage("field 'model.options.attention' (backbone edsr): expected an integer, got 'yes'");
    }
}

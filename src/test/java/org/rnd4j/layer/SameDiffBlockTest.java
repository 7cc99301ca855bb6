package org.rnd4j.layer;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.FiniteDifferences;
import org.rnd4j.layer.internal.SameDiffBlockRuntime;
import org.rnd4j.layer.internal.SameDiffBlockVertexRuntime;
import org.rnd4j.loss.MseLoss;
import org.rnd4j.operator.SuperResolution;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users' SameDiff code in a {@code ComputationGraph}: {@link SameDiffBlock} and
 * {@link SameDiffBlockVertex} gradients against central differences in double precision at every
 * position (first, middle, a two-input vertex, last before RND), one forward pass per step, and
 * the DL4J M2.1 behaviour they work around.
 */
public class SameDiffBlockTest {

    static Conv2DConfig same(int k) {
        return Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).paddingMode(PaddingMode.SAME).dataFormat(Conv2DConfig.NCHW).build();
    }

    /** The definition both conv + tanh classes share (one extends SameDiffBlock, the other DL4J's SameDiffLayer). */
    static void tanhConvParams(SDLayerParams p, long nIn, long nOut) {
        p.addWeightParam("W", 3, 3, nIn, nOut);
        p.addBiasParam("b", nOut);
    }

    static SDVariable tanhConv(SameDiff sd, SDVariable x, Map<String, SDVariable> p) {
        return sd.math.tanh(sd.cnn.conv2d(x, p.get("W"), p.get("b"), same(3)));
    }

    static InputType convOutput(InputType in, long nOut) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        return InputType.convolutional(c.getHeight(), c.getWidth(), nOut);
    }

    /** conv k×k + tanh, as a user would write it. */
    public static class TanhConv extends SameDiffBlock {
        private long nIn, nOut;

        public TanhConv() {}

        public TanhConv(long nIn, long nOut) {
            this.nIn = nIn;
            this.nOut = nOut;
        }

        public long getNIn() { return nIn; }
        public void setNIn(long v) { nIn = v; }
        public long getNOut() { return nOut; }
        public void setNOut(long v) { nOut = v; }

        @Override
        public void defineParameters(SDLayerParams p) {
            tanhConvParams(p, nIn, nOut);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> p) {
            p.get("W").assign(Nd4j.randn(p.get("W").dataType(), p.get("W").shape()).muli(0.3));
            p.get("b").assign(Nd4j.randn(p.get("b").dataType(), p.get("b").shape()).muli(0.1));
        }

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
            return tanhConv(sd, x, p);
        }

        @Override
        public InputType getOutputType(int i, InputType in) {
            return convOutput(in, nOut);
        }
    }

    /** Concatenates two feature maps and mixes them with a 1×1 conv: a U-Net-style skip. */
    public static class ConcatMix extends SameDiffBlockVertex {
        private long nIn, nOut;

        public ConcatMix() {}

        public ConcatMix(long nIn, long nOut) {
            this.nIn = nIn;
            this.nOut = nOut;
        }

        public long getNIn() { return nIn; }
        public void setNIn(long v) { nIn = v; }
        public long getNOut() { return nOut; }
        public void setNOut(long v) { nOut = v; }

        @Override
        public void defineParametersAndInputs(SDVertexParams p) {
            p.defineInputs("a", "b");
            p.addWeightParam("W", 1, 1, nIn, nOut);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> p) {
            p.get("W").assign(Nd4j.randn(p.get("W").dataType(), p.get("W").shape()).muli(0.3));
        }

        @Override
        public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> in, Map<String, SDVariable> p,
                                       Map<String, SDVariable> masks) {
            return sd.cnn.conv2d(sd.concat(1, in.get("a"), in.get("b")), p.get("W"), same(1));
        }

        @Override
        public InputType getOutputType(int i, InputType... in) {
            InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in[0];
            return InputType.convolutional(c.getHeight(), c.getWidth(), nOut);
        }
    }

    /** x · s + t with per-channel parameters: a parameterised block that needs no convolution. */
    public static class Affine extends SameDiffBlock {
        public Affine() {}

        @Override
        public void defineParameters(SDLayerParams p) {
            p.addWeightParam("s", 1, 3, 1, 1);
            p.addBiasParam("t", 1, 3, 1, 1);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> p) {
            p.get("s").assign(Nd4j.rand(p.get("s").dataType(), p.get("s").shape()).addi(0.5));
            p.get("t").assign(0.05);
        }

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
            return x.mul(p.get("s")).add(p.get("t"));
        }

        @Override
        public InputType getOutputType(int i, InputType in) {
            return in;
        }
    }

    /** y → conv → conv → concat-mix(conv2, conv1) → pixel shuffle → affine → RND → MSE (SR ×2). */
    static ComputationGraph userGraph(DataType type) {
        SuperResolution op = new SuperResolution(2);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(new Adam(1e-3)).graphBuilder()
                .addInputs("y").setInputTypes(InputType.convolutional(6, 6, 3));
        g.addLayer("b1", new TanhConv(3, 4), "y");
        g.addLayer("b2", new TanhConv(4, 4), "b1");
        g.addVertex("mix", new ConcatMix(8, 12), "b2", "b1");
        g.addLayer("up", new PixelShuffle(2), "mix");
        g.addLayer("xr", new Affine(), "up");
        g.addVertex("estimate", new RndVertex(op.spec()), "xr", "y");
        g.addLayer("out", new MseLoss(), "estimate");
        g.setOutputs("out");
        Nd4j.getRandom().setSeed(11);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    static MultiDataSet data(DataType type) {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(type, 2, 3, 12, 12);
        return new MultiDataSet(new SuperResolution(2).apply(x), x);
    }

    @Test
    void userSameDiffCodeGetsExactGradientsAtEveryPosition() {
        ComputationGraph g = userGraph(DataType.DOUBLE);
        assertThat(g.getLayer("b1")).isInstanceOf(SameDiffBlockRuntime.class);
        assertThat(g.getVertex("mix")).isInstanceOf(SameDiffBlockVertexRuntime.class);
        List<FiniteDifferences.Entry> entries = FiniteDifferences.check(g, data(DataType.DOUBLE), 0, 1e-3);
        assertThat(entries).extracting(FiniteDifferences.Entry::param).contains("b1_W", "b1_b", "b2_W", "mix_W", "xr_s", "xr_t");
        for (FiniteDifferences.Entry e : entries) {
            assertThat(e.within(1e-6, 1e-10)).as(e.toString()).isTrue();
        }
    }

    @Test
    void theForwardPassRunsOncePerTrainingStep() {
        ComputationGraph g = userGraph(DataType.FLOAT);
        MultiDataSet d = data(DataType.FLOAT);
        for (int step = 0; step < 3; step++) g.fit(d);
        for (String layer : new String[]{"b1", "b2", "xr"}) {
            Map<String, Integer> counts = ((SameDiffBlockRuntime) g.getLayer(layer)).forwardExecutions();
            assertThat(counts).as(layer).isNotEmpty();
            // the forward ops ran once per step; only the two ops of Σ out·ε belong to backprop alone
            assertThat(counts.values()).as(layer + " " + counts).allMatch(c -> c == 3);
        }
        assertThat(((SameDiffBlockVertexRuntime) g.getVertex("mix")).forwardExecutions().values()).allMatch(c -> c == 3);
    }

    @Test
    void trainingLowersTheLossAndKeepsConsistency() {
        ComputationGraph g = userGraph(DataType.FLOAT);
        MultiDataSet d = data(DataType.FLOAT);
        double before = g.score(d);
        for (int i = 0; i < 30; i++) g.fit(d);
        assertThat(g.score(d)).isLessThan(0.8 * before);
        INDArray y = d.getFeatures(0);
        INDArray out = g.outputSingle(false, y);
        assertThat(new SuperResolution(2).apply(out).subi(y).amaxNumber().doubleValue()).isLessThan(1e-5);
        // and on a different image size than the one it was built for
        INDArray big = Nd4j.rand(DataType.FLOAT, 1, 3, 9, 7);
        assertThat(g.outputSingle(false, big).shape()).containsExactly(1, 3, 18, 14);
    }

    @Test
    void survivesJsonAndClone() {
        ComputationGraph g = userGraph(DataType.FLOAT);
        ComputationGraphConfiguration c = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        ComputationGraph restored = new ComputationGraph(c);
        restored.init(g.params().dup(), false);
        INDArray y = data(DataType.FLOAT).getFeatures(0);
        assertThat(restored.outputSingle(false, y)).isEqualTo(g.outputSingle(false, y));
        assertThat(g.clone().outputSingle(false, y)).isEqualTo(g.outputSingle(false, y));
    }

    /** The same conv + tanh as a plain DL4J M2.1 {@code SameDiffLayer}. */
    public static class Dl4jTanhConv extends SameDiffLayer {
        private long nIn, nOut;

        public Dl4jTanhConv() {}

        public Dl4jTanhConv(long nIn, long nOut) {
            this.nIn = nIn;
            this.nOut = nOut;
        }

        public long getNIn() { return nIn; }
        public void setNIn(long v) { nIn = v; }
        public long getNOut() { return nOut; }
        public void setNOut(long v) { nOut = v; }

        @Override
        public void defineParameters(SDLayerParams p) {
            tanhConvParams(p, nIn, nOut);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> p) {
            p.get("W").assign(Nd4j.randn(p.get("W").dataType(), p.get("W").shape()).muli(0.3));
            p.get("b").assign(0.1);
        }

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
            return tanhConv(sd, x, p);
        }

        @Override
        public InputType getOutputType(int i, InputType in) {
            return convOutput(in, nOut);
        }
    }

    /**
     * Pins DL4J 1.0.0-M2.1's behaviour that {@link SameDiffBlock} exists for: two stacked plain
     * {@code SameDiffLayer}s get 2× (last) and 4× (first) their true parameter gradients. If this
     * fails, DL4J's SameDiff layers changed: re-check the README's note and whether rnd4j's
     * SameDiff execution is still needed.
     */
    @Test
    void dl4jSameDiffLayersStillDoubleTheGradient() {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-3)).graphBuilder()
                .addInputs("x").setInputTypes(InputType.convolutional(5, 5, 2));
        b.addLayer("first", new Dl4jTanhConv(2, 3), "x");
        b.addLayer("last", new Dl4jTanhConv(3, 2), "first");
        b.addLayer("out", new MseLoss(), "last");
        b.setOutputs("out");
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        Nd4j.getRandom().setSeed(2);
        MultiDataSet d = new MultiDataSet(Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5), Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 5));
        for (FiniteDifferences.Entry e : FiniteDifferences.check(g, d, 4, 1e-6)) {
            if (Math.abs(e.numeric()) < 1e-8) continue;
            double ratio = e.analytic() / e.numeric();
            assertThat(ratio).as(e.toString()).isCloseTo(e.param().startsWith("last") ? 2.0 : 4.0,
                    org.assertj.core.data.Offset.offset(1e-4));
        }
    }
}

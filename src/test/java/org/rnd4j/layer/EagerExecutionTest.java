package org.rnd4j.layer;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.Golden;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.layer.internal.AddRuntime;
import org.rnd4j.layer.internal.ConvRuntime;
import org.rnd4j.layer.internal.Nhwc;
import org.rnd4j.layer.internal.RndRuntime;
import org.rnd4j.layer.internal.ShuffleRuntime;
import org.rnd4j.operator.BicubicDownsampling;
import org.rnd4j.operator.Blur;
import org.rnd4j.operator.Colorization;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Inpainting;
import org.rnd4j.operator.Noisy;
import org.rnd4j.operator.SuperResolution;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The eager runtimes of the rnd4j layers: whole graphs against their SameDiff definitions (same
 * output and loss), every parameter gradient against finite differences, and the eager RND vertex
 * against the goldens.
 */
class EagerExecutionTest {

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("edsr", new SuperResolution(4), 32),
                Arguments.of("edsr", new SuperResolution(2), 16),
                Arguments.of("resnet", new Colorization(new double[]{0.299, 0.587, 0.114}), 16),
                Arguments.of("resnet", CompressedSensing.seeded(8, 0.25, 5, 3), 32),
                Arguments.of("reference", new SuperResolution(4), 32),
                Arguments.of("edsr", new BicubicDownsampling(4), 32),
                Arguments.of("edsr", new Blur("gaussian", 1.2, 0, "reflect", 2, 1e-3), 16),
                Arguments.of("resnet", new Blur("box", 0, 5, "periodic", 2, 1e-3), 16),
                Arguments.of("resnet", new Inpainting("pixels", 0.4, 0, 0, 0, 3), 16),
                Arguments.of("edsr", new Noisy(new SuperResolution(2), 0.05, 0.5), 16),
                Arguments.of("unfolded", CompressedSensing.seeded(8, 0.25, 5, 3), 16),
                Arguments.of("unfolded", new BicubicDownsampling(2), 16));
    }

    static MultiDataSet batch(Degradation op, int size, long seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = new SuperResolution(4).pinv(Nd4j.rand(type, 2, 3, size / 4, size / 4))
                .addi(Nd4j.rand(type, 2, 3, size, size).muli(0.1));
        return new MultiDataSet(op.apply(x), x);
    }

    static ComputationGraph build(String name, Degradation op, int size, boolean sameDiff, DataType type) {
        long obs = op.observationSize(size);
        Supplier<ComputationGraphConfiguration> conf = () -> name.equals("reference")
                ? org.rnd4j.bench.ReferenceNet.build(4, 8, 2, true, obs, obs, new Adam(1e-3), 7)
                : org.rnd4j.TestData.backbone(name, op, 8, 2, true, obs, obs, new Adam(1e-3), 7);
        String before = System.getProperty(Execution.PROPERTY);
        System.setProperty(Execution.PROPERTY, sameDiff ? "samediff" : "eager");
        try {
            ComputationGraphConfiguration c = conf.get();
            c.setDataType(type);
            ComputationGraph g = new ComputationGraph(c);
            g.init();
            return g;
        } finally {
            if (before == null) System.clearProperty(Execution.PROPERTY);
            else System.setProperty(Execution.PROPERTY, before);
        }
    }

    static double relDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(1e-12, b.amaxNumber().doubleValue());
    }

    @Test
    void gradientsOfLoneConvolutionOutputsComeBackInNhwc() {
        ComputationGraph g = build("reference", new SuperResolution(4), 32, false, DataType.FLOAT);
        g.fit(batch(new SuperResolution(4), 32, 1, DataType.FLOAT));
        // b0_c1's output feeds only b0_c2; head's output feeds b0_c1 and the skip of b0 (DL4J sums those)
        assertThat(((ConvRuntime) g.getLayer("b0_c2")).nhwcGradient()).isTrue();
        assertThat(((ConvRuntime) g.getLayer("b0_c1")).nhwcGradient()).isFalse();
        assertThat(((ConvRuntime) g.getLayer("head")).nhwcGradient()).as("network input").isTrue();
        assertThat(((ConvRuntime) g.getLayer("up")).nhwcGradient()).isFalse();
        assertThat(((ShuffleRuntime) g.getLayer("xr")).nhwcGradient()).isTrue();
        assertThat(((AddRuntime) g.getVertex("b0")).nhwcGradients()).containsExactly(true, false);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("graphs")
    void eagerGraphComputesWhatTheSameDiffDefinitionsDo(String name, Degradation op, int size) {
        ComputationGraph reference = build(name, op, size, true, DataType.FLOAT);
        ComputationGraph eager = build(name, op, size, false, DataType.FLOAT);
        assertThat(reference.getVertex(RndGraphs.ESTIMATE)).isNotInstanceOf(RndRuntime.class);
        assertThat(eager.getVertex(RndGraphs.ESTIMATE)).isInstanceOf(RndRuntime.class);
        eager.setParams(reference.params());
        MultiDataSet data = batch(op, size, 3, DataType.FLOAT);
        INDArray y = data.getFeatures(0);
        assertThat(relDiff(eager.outputSingle(y), reference.outputSingle(y))).as("output").isLessThan(1e-5);
        reference.setInputs(y);
        reference.setLabels(data.getLabels(0));
        reference.computeGradientAndScore();
        eager.setInputs(y);
        eager.setLabels(data.getLabels(0));
        eager.computeGradientAndScore();
        assertThat(eager.score()).isCloseTo(reference.score(), Percentage.withPercentage(1e-3));
        assertThat(relDiff(eager.gradient().gradient(), reference.gradient().gradient())).as("gradients").isLessThan(1e-4);
    }

    static Stream<Arguments> graphsAndExecutions() {
        return graphs().flatMap(a -> Stream.of(false, true).map(sd -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], sd)));
    }

    /**
     * Parameter gradients of the graph against central differences of the loss, in double
     * precision, for the eager runtimes and for the SameDiff definitions run by rnd4j's
     * {@link SameDiffRunner}. (DL4J's own execution of SameDiff layers fails this check in M2.1:
     * each SameDiff layer doubles the gradient passing through it; see SameDiffBlockTest.)
     */
    @ParameterizedTest(name = "{0} {1} samediff={3}")
    @MethodSource("graphsAndExecutions")
    void gradientsMatchFiniteDifferences(String name, Degradation op, int size, boolean sameDiff) {
        ComputationGraph g = build(name, op, size, sameDiff, DataType.DOUBLE);
        MultiDataSet data = batch(op, size, 4, DataType.DOUBLE);
        long n = data.getFeatures(0).size(0);
        g.setInputs(data.getFeatures());
        g.setLabels(data.getLabels());
        g.computeGradientAndScore();
        Map<String, INDArray> analytic = new java.util.LinkedHashMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> analytic.put(k, v.dup()));
        assertThat(analytic).isNotEmpty();
        double eps = 1e-7;   // small enough that no ReLU input crosses zero
        for (GraphVertex v : g.getVertices()) {
            if (!v.hasLayer() || v.getLayer().numParams() == 0) continue;
            for (Map.Entry<String, INDArray> p : v.getLayer().paramTable().entrySet()) {
                INDArray w = p.getValue();
                INDArray grad = analytic.get(v.getVertexName() + "_" + p.getKey());
                for (long i : new long[]{0, w.length() / 2, w.length() - 1}) {
                    double orig = w.getDouble(i);
                    w.putScalar(i, orig + eps);
                    g.computeGradientAndScore();
                    double plus = g.score();
                    w.putScalar(i, orig - eps);
                    g.computeGradientAndScore();
                    double minus = g.score();
                    w.putScalar(i, orig);
                    // DL4J's score is the minibatch mean; its gradients are sums (the updater divides)
                    double numeric = (plus - minus) / (2 * eps), exact = grad.getDouble(i) / n;
                    assertThat(Math.abs(exact - numeric)).as("dL/d%s_%s[%d]: %s vs %s", v.getVertexName(), p.getKey(), i, exact, numeric)
                            .isLessThan(1e-6 + 1e-4 * Math.abs(numeric));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.rnd4j.Golden#names")
    void eagerVertexMatchesGolden(String name) {
        Golden g = Golden.load(name);
        Degradation op = g.operator();
        GraphVertex v = new RndVertex(op.spec()).instantiate(null, "rnd", 0, null, false, DataType.FLOAT);
        assertThat(v).isInstanceOf(RndRuntime.class);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        v.setInputs(g.tensor("xr"), g.observation("y"));
        INDArray xhat = v.doForward(true, mgr);
        assertThat(relDiff(xhat, g.tensor("xhat"))).as("x̂").isLessThan(1e-5);
        v.setEpsilon(g.tensor("gout"));
        INDArray[] grads = v.doBackward(false, mgr).getSecond();
        assertThat(relDiff(grads[0], g.tensor("grad_xr"))).as("dL/dxr").isLessThan(1e-5);
        // The original colorization A† reads channel 0 only, so its dL/dy differs from the true pseudo-inverse's
        // (PenroseTest checks (A†)ᵀ as the adjoint of A† instead).
        if (!name.startsWith("colorization")) {
            assertThat(relDiff(grads[1], g.observation("grad_y"))).as("dL/dy").isLessThan(1e-5);
        }
        assertThat(op.apply(grads[0]).amaxNumber().doubleValue()).as("A dL/dxr").isLessThan(1e-5);
    }

    /** Pixel shuffle on NCHW memory and on the NHWC views convolutions produce: libnd4j's depth-to-space, and its inverse backward. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void pixelShuffleMatchesDepthToSpaceInBothLayouts(boolean nhwcInput) {
        int s = 3;
        org.deeplearning4j.nn.conf.NeuralNetConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .layer(new PixelShuffle(s)).build();
        org.deeplearning4j.nn.api.Layer layer = conf.getLayer().instantiate(conf, null, 0, null, false, DataType.FLOAT);
        assertThat(layer).isInstanceOf(ShuffleRuntime.class);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2 * s * s, 4, 5);
        INDArray in = nhwcInput ? x.permute(0, 2, 3, 1).dup('c').permute(0, 3, 1, 2) : x;
        assertThat(Nhwc.isNhwc(in)).isEqualTo(nhwcInput);
        layer.setInput(in, mgr);
        INDArray out = layer.activate(true, mgr);
        assertThat(out.equalsWithEps(Nd4j.cnn().depthToSpace(x, s, org.nd4j.enums.DataFormat.NCHW), 0)).isTrue();
        INDArray eps = Nd4j.rand(DataType.FLOAT, out.shape());
        INDArray dx = layer.backpropGradient(eps, mgr).getSecond();
        assertThat(dx.equalsWithEps(Nd4j.cnn().spaceToDepth(eps, s, org.nd4j.enums.DataFormat.NCHW), 0)).isTrue();
        assertThat(dx.stride()).as("gradient in dense NCHW memory").containsExactly(org.nd4j.common.util.ArrayUtil.calcStrides(dx.shape()));
    }
}

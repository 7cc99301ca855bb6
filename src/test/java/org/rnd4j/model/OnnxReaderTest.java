package org.rnd4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.rnd4j.FiniteDifferences;
import org.rnd4j.Golden;
import org.rnd4j.layer.BroadcastMul;
import org.rnd4j.layer.ChannelAffine;
import org.rnd4j.layer.Clip;
import org.rnd4j.layer.PRelu;
import org.rnd4j.layer.Resize;
import org.rnd4j.layer.SdConv2d;
import org.rnd4j.loss.MseLoss;
import org.rnd4j.train.FineTuneReport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ONNX reader on the usual PyTorch SR building blocks: each network of
 * {@code src/test/resources/onnx/make_sr_nets.py} imports and reproduces PyTorch's output for the
 * reference input (a batch of 2, at another size than the export's: dynamic H/W), and the layers the
 * import adds have exact gradients (finite differences in double precision).
 */
class OnnxReaderTest {
    static final Path DIR = Path.of("src/test/resources/onnx");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"fsrcnn", "edsr", "espcn", "rcan", "unet", "resize"})
    void importsAndMatchesPyTorch(String net) throws Exception {
        var io = new ObjectMapper().readTree(DIR.resolve(net + "_io.json").toFile());
        ComputationGraph g = OnnxReader.load(DIR.resolve(net + ".onnx"), "x", "xr");
        INDArray x = Golden.tensor(io.get("x")), expected = Golden.tensor(io.get("xr"));
        INDArray out = g.outputSingle(x);
        assertThat(out.shape()).isEqualTo(expected.shape());
        assertThat(out.sub(expected).amaxNumber().doubleValue()).as(net + ": max |rnd4j - PyTorch|").isLessThan(1e-5);
    }

    /** SR networks (y → ×4 image) are fed y, image-space ones A†y; either way RND makes the fine-tuned output exact. */
    @ParameterizedTest
    @ValueSource(strings = {"fsrcnn", "edsr", "espcn", "rcan", "unet"})
    void importedNetworksFineTuneWithRnd(String net) throws Exception {
        org.rnd4j.TestData.folders(tmp);
        String feed = net.equals("rcan") || net.equals("unet") ? "pinv" : "y";
        var cfg = org.rnd4j.TestData.finetune(tmp, "ft-" + net, "{from: " + DIR.resolve(net + ".onnx") + ", input: x, output: xr, feed: " + feed + "}",
                8, true);
        var r = new org.rnd4j.train.Trainer(cfg, "test", org.rnd4j.TestData.QUIET).run(false);
        assertThat(r.losses()).hasSize(8).allSatisfy(l -> assertThat(l).isFinite());
        assertThat(r.finalEval().consistencyMaxAbs()).as("max|A x̂ − y|").isLessThanOrEqualTo(1e-5);
        var rows = Files.readAllLines(r.runDir().resolve(FineTuneReport.FILE));
        assertThat(rows).hasSize(4);   // header, source backbone, with RND not trained, after fine-tuning
        ComputationGraph tuned = Checkpoint.loadModel(r.runDir().resolve("last.zip"));
        assertThat(tuned.params().sub(OnnxReader.load(DIR.resolve(net + ".onnx"), "x", "xr").params()).amaxNumber().doubleValue())
                .as("parameters moved").isPositive();
    }

    /** A double-precision graph: conv → layer under test → conv → MSE, so the input gradient of the layer is checked too. */
    private static void checkGradients(org.deeplearning4j.nn.conf.layers.Layer layer, long inChannels, long outChannels, int h, int w,
                                       int outH, int outW) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("x").setInputTypes(InputType.convolutional(h, w, 2));
        b.addLayer("pre", new SdConv2d(2, inChannels, 3, false), "x");
        b.addLayer("test", layer, "pre");
        b.addLayer("post", new SdConv2d(outChannels, 2, 3, false), "test");
        b.addLayer("out", new MseLoss(), "post");
        b.setOutputs("out");
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        Nd4j.getRandom().setSeed(3);
        MultiDataSet d = new MultiDataSet(Nd4j.rand(DataType.DOUBLE, 2, 2, h, w), Nd4j.rand(DataType.DOUBLE, 2, 2, outH, outW));
        var entries = FiniteDifferences.check(g, d, 6, 1e-5);
        assertThat(entries).extracting(FiniteDifferences.Entry::param).contains("pre_W", "post_W");
        for (FiniteDifferences.Entry e : entries) assertThat(e.within(1e-6, 1e-10)).as(e.toString()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearest", "linear", "cubic"})
    void resizeHasExactGradients(String mode) {
        checkGradients(new Resize(mode, 2, 3), 3, 3, 5, 4, 10, 12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearest", "linear", "cubic"})
    void resizeSameDiffDefinitionEqualsTheEagerRuntime(String mode) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 7);
        INDArray[] out = new INDArray[2];
        for (int i = 0; i < 2; i++) {
            System.setProperty(org.rnd4j.layer.Execution.PROPERTY, i == 0 ? "eager" : "samediff");
            try {
                ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder()
                        .addInputs("x").setInputTypes(InputType.convolutional(5, 7, 3))
                        .addLayer("r", new Resize(mode, 2, 3), "x").setOutputs("r").build());
                g.init();
                out[i] = g.outputSingle(x);
            } finally {
                System.clearProperty(org.rnd4j.layer.Execution.PROPERTY);
            }
        }
        assertThat(out[0].shape()).containsExactly(2, 3, 10, 21);
        assertThat(out[0].sub(out[1]).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void resizeMatchesKnownValues() {
        // PyTorch: F.interpolate(torch.tensor([[[[0., 1., 3.]]]]), scale_factor=(1, 2), mode='bilinear', align_corners=False)
        double[][] lin = Resize.matrix("linear", 3, 2);
        double[] x = {0, 1, 3}, expected = {0, 0.25, 0.75, 1.5, 2.5, 3};
        for (int o = 0; o < 6; o++) {
            double v = 0;
            for (int i = 0; i < 3; i++) v += lin[o][i] * x[i];
            assertThat(v).isCloseTo(expected[o], org.assertj.core.data.Offset.offset(1e-12));
        }
        for (double[] row : Resize.matrix("cubic", 5, 4)) {
            assertThat(java.util.Arrays.stream(row).sum()).as("cubic rows sum to 1").isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void preluAffineClipAndSliceHaveExactGradients() {
        checkGradients(new PRelu(3), 3, 3, 5, 6, 5, 6);
        checkGradients(new ChannelAffine(new double[]{0.5, -2, 3}, new double[]{0.1, 0.2, -0.3}), 3, 3, 5, 6, 5, 6);
        checkGradients(new Clip(-0.2, 0.3), 3, 3, 5, 6, 5, 6);
        checkGradients(new org.rnd4j.layer.ChannelSlice(1, 2), 4, 2, 5, 6, 5, 6);
    }

    /**
     * The eager product ({@code MulRuntime}) for the other broadcasts an imported graph may hold: weights first,
     * a one-channel map times features, and equal shapes; exact gradients for both inputs in each.
     */
    @ParameterizedTest
    @ValueSource(strings = {"weights-last", "weights-first", "one-channel", "same-shape"})
    void broadcastMulHasExactGradientsForEveryBroadcast(String kind) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).graphBuilder().addInputs("x").setInputTypes(InputType.convolutional(4, 5, 2));
        b.addLayer("f", new SdConv2d(2, 3, 3, false), "x");
        switch (kind) {
            case "weights-last", "weights-first" -> {
                b.addLayer("pool", new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(
                        org.deeplearning4j.nn.conf.layers.PoolingType.AVG).collapseDimensions(false).build(), "f");
                b.addLayer("att", new SdConv2d(3, 3, 1, false), "pool");
                if (kind.equals("weights-last")) b.addVertex("mul", new BroadcastMul(), "f", "att");
                else b.addVertex("mul", new BroadcastMul(), "att", "f");
            }
            case "one-channel" -> {
                b.addLayer("att", new SdConv2d(2, 1, 3, false), "x");
                b.addVertex("mul", new BroadcastMul(), "f", "att");
            }
            default -> {
                b.addLayer("att", new SdConv2d(2, 3, 3, false), "x");
                b.addVertex("mul", new BroadcastMul(), "f", "att");
            }
        }
        b.addLayer("post", new SdConv2d(3, 2, 3, false), "mul");
        b.addLayer("out", new MseLoss(), "post");
        b.setOutputs("out");
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        assertThat(g.getVertex("mul")).isInstanceOf(org.rnd4j.layer.internal.MulRuntime.class);
        Nd4j.getRandom().setSeed(3);
        MultiDataSet d = new MultiDataSet(Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 5), Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 5));
        var entries = FiniteDifferences.check(g, d, 6, 1e-5);
        assertThat(entries).extracting(FiniteDifferences.Entry::param).contains("f_W", "att_W");
        for (FiniteDifferences.Entry e : entries) assertThat(e.within(1e-6, 1e-10)).as(e.toString()).isTrue();
    }

    @Test
    void unsupportedOpNamesNodeOpAndTheSupportedList() throws Exception {
        // the tiny refiner with its Relu renamed to an op the reader does not map (same byte length: Relu -> Elu_)
        byte[] bytes = Files.readAllBytes(DIR.resolve("tiny_refiner.onnx"));
        String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(s).contains("Relu");
        Path f = tmp.resolve("elu.onnx");
        Files.write(f, s.replace("\u0004Relu", "\u0004Selu").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> OnnxReader.load(f, "x", "xr")).hasMessageContaining("Selu").hasMessageContaining("elu.onnx")
                .hasMessageContaining("supported: Conv, ConvTranspose");
    }

    /**
     * The network trained in PyTorch by {@code examples/pytorch-edsr/train_edsr.py}: rnd4j's evaluation
     * of the imported backbone (finetune.csv's first row) equals what PyTorch computed for it on Set5.
     */
    @Test
    void pytorchTrainedEdsrScoresAsInPyTorch() throws Exception {
        double pytorch = new ObjectMapper().readTree(Path.of("examples/pytorch-edsr/pytorch_set5.json").toFile()).get("psnr").asDouble();
        var cfg = org.rnd4j.config.ConfigLoader.load(Path.of("configs/finetune-onnx-edsr.yaml"),
                java.util.Map.of("train.iterations", "2", "output", tmp.resolve("run").toString()));
        var r = new org.rnd4j.train.Trainer(cfg, "test", org.rnd4j.TestData.QUIET).run(false);
        var rows = Files.readAllLines(r.runDir().resolve(FineTuneReport.FILE));
        assertThat(rows.get(1)).startsWith("source backbone,");
        assertThat(Double.parseDouble(rows.get(1).split(",")[1])).as("rnd4j's Set5 PSNR of the imported backbone")
                .isCloseTo(pytorch, org.assertj.core.data.Offset.offset(0.05));
        assertThat(r.finalEval().consistencyMaxAbs()).isLessThanOrEqualTo(1e-5);
    }
}

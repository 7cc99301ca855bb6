package org.rnd4j.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnd4j.Cli;
import org.rnd4j.TestData;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.Images;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.model.ModelSource;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;

/** Exported models run in ONNX Runtime give rnd4j's output and keep {@code A x̂ = y}. */
class OnnxExportTest {
    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    /** ONNX Runtime's output for {@code y}. */
    static INDArray run(byte[] model, INDArray y) throws Exception {
        INDArray yf = y.castTo(DataType.FLOAT).dup('c');
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(yf.data().asFloat()), yf.shape());
             OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, t))) {
            OnnxTensor out = (OnnxTensor) r.get(OnnxExport.OUTPUT).orElseThrow();
            FloatBuffer b = out.getFloatBuffer();
            float[] v = new float[b.remaining()];
            b.get(v);
            return Nd4j.create(v, out.getInfo().getShape(), 'c');
        }
    }

    static double maxAbs(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /** The observation of a random image (inpainting: with its mask channel). */
    static INDArray observation(Degradation op, int h, int w, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return op.observe(Nd4j.rand(DataType.FLOAT, 2, 3, h, w), seed, 0, h, w);
    }

    @Test
    void thePretrainedBicubicModelRunsInOnnxRuntimeOnAMatlabLrImage() throws Exception {
        Checkpoint.Loaded ck = Checkpoint.load(Path.of("checkpoints/pretrained/sr-bicubic-x4.zip"), false);
        ComputationGraph net = ck.model();
        Degradation op = Operators.create(ck.state().operator());
        INDArray lr = Images.read(Path.of("datasets/set5-bicubic-x4/bird.png")).toBatch(1)
                .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 24), NDArrayIndex.interval(0, 20)).dup();
        byte[] model = OnnxExport.export(net, new OnnxExport.Options(24, 20, OnnxExport.DEFAULT_OPSET, true)).toByteArray();
        INDArray onnx = run(model, lr);
        assertThat(onnx.shape()).containsExactly(1, 3, 96, 80);
        assertThat(maxAbs(onnx, net.outputSingle(false, lr))).as("ONNX Runtime vs rnd4j").isLessThan(1e-4);
        assertThat(maxAbs(op.apply(onnx), lr)).as("max|A x̂ − y| on ONNX Runtime's output").isLessThan(1e-5);
        assertThatThrownBy(() -> OnnxExport.export(net, new OnnxExport.Options(0, 0, 13, true)))
                .hasMessageContaining("depend on the image size").hasMessageContaining("--size HxW");
        byte[] opset17 = OnnxExport.export(net, new OnnxExport.Options(24, 20, 17, true)).toByteArray();
        assertThat(maxAbs(run(opset17, lr), onnx)).as("the same graph under opset 17").isLessThan(1e-6);
        assertThatThrownBy(() -> OnnxExport.export(net, new OnnxExport.Options(24, 20, 9, true))).hasMessageContaining("--opset must be in [13, 21]");
    }

    /** Operators whose matrices do not depend on the size export with dynamic height and width. */
    @ParameterizedTest
    @ValueSource(strings = {"sr", "colorization", "cs", "inpainting"})
    void dynamicSizesMatchRnd4jAndStayConsistent(String task) throws Exception {
        RunConfig cfg = TestData.config(TestData.folders(dir), task, 1, Map.of());
        Degradation op = Operators.fromTask(cfg.task());
        ComputationGraph net = ModelSource.fromConfig().create(cfg, op).graph();
        exportsWithDynamicSizes(net, op, task, 56);
    }

    /** One export with dynamic sizes, run at 32×48 and {@code h}×24: ONNX Runtime equals rnd4j and keeps {@code A x̂ = y}. */
    static void exportsWithDynamicSizes(ComputationGraph net, Degradation op, String label, int h) throws Exception {
        byte[] model = OnnxExport.export(net, new OnnxExport.Options(0, 0, OnnxExport.DEFAULT_OPSET, true)).toByteArray();
        for (int[] hw : new int[][]{{32, 48}, {h, 24}}) {
            INDArray y = observation(op, hw[0], hw[1], hw[0]);
            INDArray onnx = run(model, y);
            assertThat(maxAbs(onnx, net.outputSingle(false, y))).as(label + " " + hw[0] + "x" + hw[1]).isLessThan(1e-4);
            assertThat(maxAbs(op.applyLike(onnx, y), y)).as(label + ": max|A x̂ − y|").isLessThan(1e-5);
        }
    }

    /**
     * The resunet (average pooling), unfolded (mid-graph projections, learned step and threshold) and edsr with
     * channel attention (GlobalAveragePool, two 1×1 Convs, Sigmoid, Mul) backbones export too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"colorization:resunet", "cs:unfolded", "inpainting:unfolded", "sr:edsr:attention"})
    void theUnetAndUnfoldedBackbonesExport(String taskAndBackbone) throws Exception {
        String[] tb = taskAndBackbone.split(":");
        Map<String, String> model = new java.util.HashMap<>(Map.of("model.backbone", tb[1], "model.feats", "4", "model.blocks", "2"));
        if (tb.length > 2) model.put("model.options.attention", "2");
        RunConfig cfg = TestData.config(TestData.folders(dir), tb[0], 1, model);
        Degradation op = Operators.fromTask(cfg.task());
        ComputationGraph net = ModelSource.fromConfig().create(cfg, op).graph();
        // the step and threshold away from their initial values, so a constant would not pass for the learned one
        net.params().addi(Nd4j.randn(net.params().dataType(), net.params().shape()).muli(0.05));
        exportsWithDynamicSizes(net, op, taskAndBackbone, 64);   // resunet: sides a multiple of 8
    }

    /**
     * A mild blur (σ 0.7: every singular value kept, well conditioned), so two float implementations
     * agree closely; at σ 1.5 {@code A†} amplifies float rounding up to {@code 1/rcond} = 1000×, and
     * ONNX Runtime and rnd4j then differ by up to ~5e-3 on a random network's output.
     */
    @Test
    void blurExportsAtAGivenSizeAndTheBackboneAloneWithNoRnd() throws Exception {
        RunConfig cfg = TestData.config(TestData.folders(dir), "deblur", 1, Map.of("task.sigma", "0.7"));
        Degradation op = Operators.fromTask(cfg.task());
        ComputationGraph net = ModelSource.fromConfig().create(cfg, op).graph();
        INDArray y = observation(op, 32, 40, 3);
        INDArray onnx = run(OnnxExport.export(net, new OnnxExport.Options(32, 40, 13, true)).toByteArray(), y);
        assertThat(maxAbs(onnx, net.outputSingle(false, y))).isLessThan(1e-4);
        assertThat(maxAbs(op.apply(onnx), y)).as("max|A x̂ − y| (blur: A† amplifies float rounding)").isLessThan(1e-4);

        INDArray xr = run(OnnxExport.export(net, new OnnxExport.Options(32, 40, 13, false)).toByteArray(), y);
        String xrName = net.getConfiguration().getVertexInputs().get(RndGraphs.estimateOf(net.getConfiguration())).get(0);
        assertThat(maxAbs(xr, net.feedForward(new INDArray[]{y}, false).get(xrName))).isLessThan(1e-4);
        assertThat(maxAbs(op.apply(xr), y)).as("without RND the backbone is not consistent").isGreaterThan(1e-3);
    }

    @Test
    void theCommandWritesAModelAndRefusesWhatItCannotExport() throws Exception {
        Path out = dir.resolve("m.onnx");
        Cli.Run r = Cli.run("export", "--checkpoint", "checkpoints/pretrained/sr-bicubic-x4.zip", "--size", "24x20", "--output",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote").contains("[N, C, 24, 20]");
        INDArray y = Nd4j.rand(DataType.FLOAT, 1, 3, 24, 20);
        assertThat(run(java.nio.file.Files.readAllBytes(out), y).shape()).containsExactly(1, 3, 96, 80);

        Cli.Run again = Cli.run("export", "--checkpoint", "checkpoints/pretrained/sr-bicubic-x4.zip", "--size", "24x20", "--output",
                out.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("exists").contains("--overwrite").doesNotContain("\n\t");
        Cli.Run noSize = Cli.run("export", "--checkpoint", "checkpoints/pretrained/sr-bicubic-x4.zip", "--output",
                dir.resolve("n.onnx").toString());
        assertThat(noSize.err().strip()).contains("--size HxW").doesNotContain("\n");
        Cli.Run badSize = Cli.run("export", "--checkpoint", "checkpoints/pretrained/sr-bicubic-x4.zip", "--size", "24", "--output",
                dir.resolve("n.onnx").toString());
        assertThat(badSize.err().strip()).contains("--size: expected HxW").doesNotContain("\n");
    }

    @Test
    void noisyOperatorsAreRefusedInOneLine() throws Exception {
        RunConfig cfg = TestData.config(TestData.folders(dir), "sr-noisy", 1, Map.of());
        Degradation op = Operators.fromTask(cfg.task());
        ComputationGraph net = ModelSource.fromConfig().create(cfg, op).graph();
        assertThatThrownBy(() -> OnnxExport.export(net, new OnnxExport.Options(0, 0, 13, true)))
                .hasMessageContaining("observation noise").hasMessageContaining("cannot be exported");
    }

    /**
     * Import → RND → export round-trips: each ONNX network of the import tests (PyTorch exports of
     * EDSR, ESPCN, FSRCNN, RCAN, a U-Net, a resize net and a refiner) as an rnd4j backbone with RND,
     * exported again, gives rnd4j's output in ONNX Runtime, consistent, at the fixture's size and another.
     */
    @ParameterizedTest
    @ValueSource(strings = {"edsr:4:y", "espcn:4:y", "fsrcnn:4:y", "rcan:4:pinv", "unet:4:pinv", "tiny_refiner:4:pinv", "resize:2:y"})
    void importedOnnxBackbonesExportBack(String spec) throws Exception {
        String[] p = spec.split(":");
        Path data = TestData.folders(dir);
        String yaml = "task: {type: sr, scale: " + p[1] + "}\n"
                + "data: {train: [" + data.resolve("train") + "], val: " + data.resolve("val") + ", patch: 32, batch: 2}\n"
                + "model: {init: {from: src/test/resources/onnx/" + p[0] + ".onnx, input: x, output: xr, feed: " + p[2] + "}}\n"
                + "output: " + dir.resolve("run") + "\n";
        RunConfig cfg = org.rnd4j.config.ConfigLoader.parse(yaml, p[0]);
        Degradation op = Operators.fromTask(cfg.task());
        ComputationGraph net = ModelSource.fromConfig().create(cfg, op).graph();
        byte[] model = OnnxExport.export(net, new OnnxExport.Options(0, 0, OnnxExport.DEFAULT_OPSET, true)).toByteArray();
        int k = p[2].equals("pinv") ? 4 : 1;   // the U-Net and RCAN halve twice in image space
        for (int[] hw : new int[][]{{8 * k, 12 * k}, {4 * k, 20 * k}}) {
            int s = Integer.parseInt(p[1]);
            INDArray y = observation(op, hw[0] * s / (p[2].equals("pinv") ? 4 : 1), hw[1] * s / (p[2].equals("pinv") ? 4 : 1), 5);
            INDArray onnx = run(model, y);
            assertThat(maxAbs(onnx, net.outputSingle(false, y))).as(p[0] + " " + java.util.Arrays.toString(y.shape())).isLessThan(1e-4);
            assertThat(maxAbs(op.apply(onnx), y)).as(p[0] + ": max|A x̂ − y|").isLessThan(1e-5);
        }
    }

    /** A user's own SameDiff code, which export cannot know the ONNX form of. */
    public static class Halve extends org.rnd4j.layer.SameDiffBlock {
        @Override
        public org.nd4j.autodiff.samediff.SDVariable defineLayer(org.nd4j.autodiff.samediff.SameDiff sd,
                org.nd4j.autodiff.samediff.SDVariable x, Map<String, org.nd4j.autodiff.samediff.SDVariable> params,
                org.nd4j.autodiff.samediff.SDVariable mask) {
            return x.mul(0.5);
        }

        @Override
        public org.deeplearning4j.nn.conf.inputs.InputType getOutputType(int layerIndex, org.deeplearning4j.nn.conf.inputs.InputType in) {
            return in;
        }
    }

    @Test
    void aSameDiffBlockOfYourOwnIsNamedInOneLine() {
        Degradation op = new org.rnd4j.operator.SuperResolution(2);
        var g = RndGraphs.start(op, 8, 8, new org.nd4j.linalg.learning.config.Adam(1e-3), 0, 1);
        g.addLayer("pinv", new org.rnd4j.layer.PinvLayer(op.spec()), RndGraphs.INPUT);
        g.addLayer("mine", new Halve(), "pinv");
        ComputationGraph net = new ComputationGraph(RndGraphs.finish(g, op, "mine", true));
        net.init();
        assertThatThrownBy(() -> OnnxExport.export(net, new OnnxExport.Options(0, 0, 13, true)))
                .hasMessageStartingWith("cannot export 'mine' (Halve)").hasMessageContaining("has no ONNX form")
                .hasMessageNotContaining("\n");
    }

    @Test
    void inferWithTheOnnxRuntimeWritesTheSameImages() throws Exception {
        Path in = dir.resolve("lr");
        java.nio.file.Files.createDirectories(in);
        INDArray lr = Images.read(Path.of("datasets/set5-bicubic-x4/bird.png")).toBatch(1)
                .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 30), NDArrayIndex.interval(0, 22)).dup();
        Images.writePng(lr.get(NDArrayIndex.point(0)), in.resolve("bird.png"));
        String ck = "checkpoints/pretrained/sr-bicubic-x4.zip";
        // strips of 3000 output pixels: several strips of two sizes, one ONNX session per size (bicubic's matrices depend on it)
        Cli.Run nd = Cli.run("infer", "--checkpoint", ck, "--input", in.toString(), "--output", dir.resolve("nd").toString(),
                "--tile-pixels", "3000", "--tile-overlap", "4");
        Cli.Run ox = Cli.run("infer", "--checkpoint", ck, "--input", in.toString(), "--output", dir.resolve("ox").toString(),
                "--tile-pixels", "3000", "--tile-overlap", "4", "--runtime", "onnx");
        assertThat(nd.code()).as(nd.err()).isZero();
        assertThat(ox.code()).as(ox.err()).isZero();
        INDArray a = Images.read(dir.resolve("nd/bird.png")).toBatch(1), b = Images.read(dir.resolve("ox/bird.png")).toBatch(1);
        assertThat(a.shape()).containsExactly(1, 3, 120, 88);
        assertThat(maxAbs(a, b) * 255).as("8-bit levels between the runtimes' PNGs").isLessThanOrEqualTo(1.0001);
        assertThat(ox.out()).contains("max|Ax̂-y|");
        Cli.Run bad = Cli.run("infer", "--checkpoint", ck, "--input", in.toString(), "--output", dir.resolve("x").toString(),
                "--runtime", "tensorflow");
        assertThat(bad.err().strip()).contains("--runtime: expected nd4j or onnx").doesNotContain("\n");
    }
}

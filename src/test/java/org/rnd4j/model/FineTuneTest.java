package org.rnd4j.model;

import static org.rnd4j.TestData.QUIET;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rnd4j.Golden;
import org.rnd4j.TestData;
import org.rnd4j.config.RunConfig;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.operator.SuperResolution;
import org.rnd4j.train.FineTuneReport;
import org.rnd4j.train.Trainer;

/** Fine-tuning existing backbones with RND appended. */
class FineTuneTest {

    @TempDir
    static Path dir;
    static Path plain;

    /** An rnd: false SR x4 checkpoint, trained briefly. */
    @BeforeAll
    static void trainPlainBackbone() throws Exception {
        TestData.folders(dir);
        RunConfig cfg = TestData.config(dir, "sr", 40, Map.of("model.rnd", "false", "output", dir.resolve("plain").toString()));
        new Trainer(cfg, "test", QUIET).run(false);
        plain = dir.resolve("plain/last.zip");
    }

    static List<String[]> report(Path run) throws Exception {
        return Files.readAllLines(run.resolve(FineTuneReport.FILE)).stream().skip(1).map(l -> l.split(",")).toList();
    }

    @Test
    void fromAnRnd4jCheckpointConsistencyBecomesExactAndPsnrDoesNotDrop() throws Exception {
        RunConfig cfg = TestData.finetune(dir, "ft", "{from: " + plain + "}", 15, true);
        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        List<String[]> rows = report(r.runDir());
        assertThat(rows).hasSize(3);
        double srcCons = Double.parseDouble(rows.get(0)[3]), srcPsnr = Double.parseDouble(rows.get(0)[1]);
        assertThat(srcCons).as("source backbone consistency").isGreaterThan(1e-3);
        assertThat(Double.parseDouble(rows.get(1)[3])).as("source + RND").isLessThanOrEqualTo(1e-5);
        assertThat(r.finalEval().consistencyMaxAbs()).as("fine-tuned").isLessThanOrEqualTo(1e-5);
        assertThat(r.finalEval().psnr()).as("PSNR after vs source").isGreaterThanOrEqualTo(srcPsnr - 0.05);
    }

    @Test
    void frozenLayersStayBitIdentical() throws Exception {
        RunConfig cfg = TestData.finetune(dir, "ft-frozen", "{from: " + plain + ", trainLast: 1}", 8, true);
        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        ComputationGraph src = Checkpoint.loadModel(plain), tuned = Checkpoint.loadModel(r.runDir().resolve("last.zip"));
        for (String frozen : List.of("head", "b0_c1", "b0_c2", "body_end")) {
            assertThat(tuned.getLayer(frozen).params()).as(frozen).isEqualTo(src.getLayer(frozen).params());
        }
        assertThat(tuned.getLayer("up").params()).as("trainable last layer").isNotEqualTo(src.getLayer("up").params());
        RunConfig byName = TestData.finetune(dir, "ft-regex", "{from: " + plain + ", freeze: 'b0_.*'}", 5, true);
        Trainer.Result r2 = new Trainer(byName, "test", QUIET).run(false);
        ComputationGraph tuned2 = Checkpoint.loadModel(r2.runDir().resolve("last.zip"));
        assertThat(tuned2.getLayer("b0_c1").params()).isEqualTo(src.getLayer("b0_c1").params());
        assertThat(tuned2.getLayer("head").params()).isNotEqualTo(src.getLayer("head").params());
    }

    @Test
    void fromAPlainDl4jGraph() throws Exception {
        // a DL4J graph built with DL4J's own layers, unrelated to rnd4j: input "lr", estimate at "ps"
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).graphBuilder()
                .addInputs("lr").setInputTypes(InputType.convolutional(8, 8, 3))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(8).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build(), "lr")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(48).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build(), "c1")
                .addLayer("ps", new PixelShuffle(4), "c2")
                .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(), "ps")
                .setOutputs("loss").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        Nd4j.getRandom().setSeed(3);
        var x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        g.fit(new MultiDataSet(new SuperResolution(4).apply(x), x));
        Path zip = dir.resolve("dl4j.zip");
        ModelSerializer.writeModel(g, zip.toFile(), false);

        RunConfig cfg = TestData.finetune(dir, "ft-dl4j", "{from: " + zip + ", format: dl4j, input: lr, output: ps}", 6, true);
        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        assertThat(r.finalEval().consistencyMaxAbs()).isLessThanOrEqualTo(1e-5);
        assertThat(Double.parseDouble(report(r.runDir()).get(0)[3])).isGreaterThan(1e-3);
    }

    static final Path ONNX = Path.of("src/test/resources/onnx/tiny_refiner.onnx");

    @Test
    void onnxBackboneImportsExactlyAndFineTunesWithRnd() throws Exception {
        // the import reproduces PyTorch's output for the reference input written by make_tiny_refiner.py
        var io = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Path.of("src/test/resources/onnx/tiny_refiner_io.json").toFile());
        ComputationGraph g = OnnxReader.load(ONNX, "x", "xr");
        var x = Golden.tensor(io.get("x"));
        assertThat(g.outputSingle(x).sub(Golden.tensor(io.get("xr"))).amaxNumber().doubleValue()).isLessThan(1e-5);

        RunConfig cfg = TestData.finetune(dir, "ft-onnx", "{from: " + ONNX + ", input: x, output: xr, feed: pinv}", 6, true);
        assertThat(cfg.model().init().format()).isEqualTo("onnx");
        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        assertThat(r.finalEval().consistencyMaxAbs()).isLessThanOrEqualTo(1e-5);
        assertThat(Double.parseDouble(report(r.runDir()).get(0)[3])).as("the ONNX backbone alone").isGreaterThan(1e-3);
        // the fine-tuned checkpoint is an ordinary rnd4j checkpoint
        ComputationGraph tuned = Checkpoint.loadModel(r.runDir().resolve("last.zip"));
        var y = new SuperResolution(4).apply(Nd4j.rand(DataType.FLOAT, 1, 3, 32, 48));
        assertThat(new SuperResolution(4).apply(tuned.outputSingle(y)).sub(y).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void unsupportedOnnxInputIsReported() throws Exception {
        assertThatThrownBy(() -> OnnxReader.load(ONNX, "input0", "xr")).hasMessageContaining("model.init.input")
                .hasMessageContaining("[x]");
        assertThatThrownBy(() -> OnnxReader.load(ONNX, "x", "out")).hasMessageContaining("model.init.output")
                .hasMessageContaining("xr");
    }

    @Test
    void mismatchedBackboneIsRejectedWithBothShapes() throws Exception {
        // an x4 backbone for an x2 task: its output is twice too large
        TestData.finetune(dir, "ft-tmpl", "{from: " + plain + "}", 2, true);
        String yaml = Files.readString(dir.resolve("ft-tmpl.yaml")).replace("scale: 4", "scale: 2").replace("name: ft-tmpl", "name: ft-bad")
                .replace("run-ft-tmpl", "run-ft-bad");
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, yaml);
        RunConfig cfg = org.rnd4j.config.ConfigLoader.load(f);
        assertThatThrownBy(() -> new Trainer(cfg, "test", QUIET).run(false))
                .hasMessageContaining("model.init").hasMessageContaining("3x64x64").hasMessageContaining("3x16x16");
        RunConfig noSuch = TestData.finetune(dir, "ft-name", "{from: " + plain + ", output: nope}", 2, true);
        assertThatThrownBy(() -> new Trainer(noSuch, "test", QUIET).run(false))
                .hasMessageContaining("model.init.output").hasMessageContaining("'nope'").hasMessageContaining("xr");
    }
}

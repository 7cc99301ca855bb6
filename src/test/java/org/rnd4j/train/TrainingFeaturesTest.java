package org.rnd4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.FiniteDifferences;
import org.rnd4j.TestData;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.PatchSampler;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.eval.Evaluator;
import org.rnd4j.graph.Optimizers;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.graph.Training;
import org.rnd4j.infer.Restorer;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.model.ModelSource;
import org.rnd4j.operator.BicubicDownsampling;
import org.rnd4j.operator.Operators;
import org.rnd4j.operator.SuperResolution;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.rnd4j.TestData.QUIET;

/** The training features a BasicSR user expects: losses, EMA, clipping, warm-up, self-ensemble, per-pixel logged loss, given observations. */
class TrainingFeaturesTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        TestData.folders(dir);
    }

    /** L1 and Charbonnier: DL4J's CnnLossLayer scaling, gradients against finite differences in double precision. */
    @ParameterizedTest
    @ValueSource(strings = {"l1", "charbonnier", "mse"})
    void pixelLossesHaveExactGradients(String loss) {
        SuperResolution op = new SuperResolution(2);
        var g = RndGraphs.start(op, 4, 4, new Training(new Adam(1e-3), 0, 3, 0, loss));
        g.addLayer("c", new org.rnd4j.layer.SdConv2d(3, 12, 3, false), RndGraphs.INPUT);
        g.addLayer("up", new org.rnd4j.layer.PixelShuffle(2), "c");
        var conf = RndGraphs.finish(g, op, "up", true, loss);
        conf.setDataType(DataType.DOUBLE);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 8, 8);
        MultiDataSet d = new MultiDataSet(op.apply(x), x);
        // Charbonnier's curvature near zero (1/ε = 1000) limits what finite differences resolve
        double tol = loss.equals("charbonnier") ? 1e-4 : 1e-6;
        for (FiniteDifferences.Entry e : FiniteDifferences.check(net, d, 12, loss.equals("charbonnier") ? 1e-5 : 1e-4)) {
            assertThat(e.within(tol, 1e-9)).as(e.toString()).isTrue();
        }
        INDArray diff = net.outputSingle(false, d.getFeatures(0)).sub(x);
        double expected = switch (loss) {
            case "l1" -> diff.norm1Number().doubleValue();
            case "mse" -> diff.mul(diff).sumNumber().doubleValue();
            default -> org.nd4j.linalg.ops.transforms.Transforms.sqrt(diff.mul(diff).add(1e-6), false).sumNumber().doubleValue();
        } / 3 / 2;
        assertThat(net.score(d)).isCloseTo(expected, within(1e-9 * expected));
    }

    @Test
    void warmupRampsTheRateThenFollowsTheSchedule() throws Exception {
        RunConfig c = TestData.config(dir, "sr", 100, Map.of("train.warmup", "10", "train.schedule", "cosine", "train.lr", "1.0e-3"));
        assertThat(Optimizers.lrAt(c.train(), 0)).isCloseTo(1e-4, within(1e-12));
        assertThat(Optimizers.lrAt(c.train(), 9)).isCloseTo(new CosineSchedule(1e-3, c.train().minLr(), 100).valueAt(9, 0), within(1e-12));
        assertThat(Optimizers.lrAt(c.train(), 50)).isEqualTo(new CosineSchedule(1e-3, c.train().minLr(), 100).valueAt(50, 0));
    }

    @Test
    void clippingIsConfiguredOnEveryLayer() throws Exception {
        RunConfig c = TestData.config(dir, "sr", 2, Map.of("train.clipNorm", "0.5"));
        ComputationGraph g = ModelSource.fromConfig().create(c, Operators.fromTask(c.task())).graph();
        var layer = (org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer) g.getLayer("head").conf().getLayer();
        assertThat(layer.getGradientNormalization()).isEqualTo(GradientNormalization.ClipL2PerLayer);
        assertThat(layer.getGradientNormalizationThreshold()).isEqualTo(0.5);
    }

    /** The logged loss is a per-pixel mean: the batch's score over the patch area. */
    @Test
    void theLoggedLossIsAPerPixelMean() throws Exception {
        RunConfig c = TestData.config(dir, "sr", 1, Map.of("output", dir.resolve("perpixel").toString(), "train.loss", "l1"));
        var op = Operators.fromTask(c.task());
        Nd4j.getRandom().setSeed(c.train().seed());
        ComputationGraph initial = ModelSource.fromConfig().create(c, op).graph();
        MultiDataSet b0 = new PatchSampler(ImageSet.load(List.of(dir.resolve("train")), false, 0, "t"), op, 32, 4, true, true,
                c.train().seed()).batch(0);
        INDArray diff = initial.outputSingle(false, b0.getFeatures(0)).sub(b0.getLabels(0));
        double meanAbs = diff.norm1Number().doubleValue() / diff.length();
        List<Double> logged = new Trainer(c, "test", QUIET).run(false).losses();
        assertThat(logged.get(0)).isCloseTo(meanAbs, within(1e-6));
    }

    /** With train.ema, validation and best.zip use the average; last.zip keeps the raw weights and the average, and resumes exactly. */
    @Test
    void emaIsEvaluatedCheckpointedAndResumed() throws Exception {
        Map<String, String> ema = Map.of("train.ema", "0.9", "train.validateEvery", "3", "train.checkpointEvery", "3");
        RunConfig straight = TestData.config(dir, "sr", 6, merge(ema, "output", dir.resolve("ema-a").toString()));
        Trainer.Result a = new Trainer(straight, "test", QUIET).run(false);
        Checkpoint.Loaded last = Checkpoint.load(dir.resolve("ema-a/last.zip"), true);
        assertThat(last.ema()).isNotNull();
        assertThat(last.ema()).isNotEqualTo(last.model().params());
        assertThat(Checkpoint.loadModel(dir.resolve("ema-a/best.zip")).params()).isEqualTo(last.ema());
        assertThat(a.model().params()).as("the final model is the average").isEqualTo(last.ema());

        RunConfig split = TestData.config(dir, "sr", 6, merge(ema, "output", dir.resolve("ema-b").toString()));
        new Trainer(split, "test", QUIET).stopAfter(3).run(false);
        Trainer.Result b = new Trainer(split, "test", QUIET).run(true);
        assertThat(b.model().params()).isEqualTo(a.model().params());
        assertThat(b.finalEval().psnr()).isEqualTo(a.finalEval().psnr());
    }

    /**
     * task.learnA: the matrix moves; best.zip is an ordinary graph on y whose operator holds the learned matrix (orthonormal
     * rows, A x̂ = y at float rounding); last.zip loads for eval as that graph, and resumes exactly.
     */
    @Test
    void learnedSamplingMatrixTrainsCheckpointsAndResumes() throws Exception {
        Map<String, String> learn = Map.of("task.learnA", "true", "model.backbone", "unfolded", "model.blocks", "2",
                "train.validateEvery", "3", "train.checkpointEvery", "3");
        RunConfig straight = TestData.config(dir, "cs", 6, merge(learn, "output", dir.resolve("learn-a").toString()));
        Trainer.Result a = new Trainer(straight, "test", QUIET).run(false);
        var seeded = (org.rnd4j.operator.CompressedSensing) Operators.fromTask(straight.task());
        Checkpoint.Loaded best = Checkpoint.load(dir.resolve("learn-a/best.zip"), false);
        assertThat(best.model().getConfiguration().getNetworkInputs()).containsExactly(RndGraphs.INPUT);
        assertThat(best.state().operator().getMatrix()).isNotNull().isNotEqualTo(seeded.matrix());
        try (var zip = new java.util.zip.ZipFile(dir.resolve("learn-a/best.zip").toFile())) {
            // the learned matrix is stored once, not in every projection's spec
            assertThat(zip.getEntry("cs-matrix.bin")).isNotNull();
            assertThat(new String(zip.getInputStream(zip.getEntry(Checkpoint.CONFIG)).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("\"@cs-matrix.bin\"").doesNotContainPattern("\"matrix\"\\s*:\\s*\\[");
        }
        Checkpoint.Loaded last = Checkpoint.load(dir.resolve("learn-a/last.zip"), false);
        assertThat(last.model().getConfiguration().getNetworkInputs()).containsExactly(RndGraphs.INPUT);
        var learned = Operators.create(last.state().operator());
        EvalSummary e = Evaluator.of(straight.eval(), learned).evaluate(last.model(),
                ImageSet.load(List.of(dir.resolve("val")), false, 0, "val"));
        assertThat(e.consistencyMaxAbs()).isLessThan(1e-5);
        assertThat(e.psnr()).isEqualTo(a.finalEval().psnr());

        RunConfig split = TestData.config(dir, "cs", 6, merge(learn, "output", dir.resolve("learn-b").toString()));
        new Trainer(split, "test", QUIET).stopAfter(3).run(false);
        Trainer.Result b = new Trainer(split, "test", QUIET).run(true);
        assertThat(b.model().params()).isEqualTo(a.model().params());
    }

    static Map<String, String> merge(Map<String, String> m, String k, String v) {
        Map<String, String> out = new java.util.HashMap<>(m);
        out.put(k, v);
        return out;
    }

    /** The ×8 self-ensemble keeps A x̂ = y (SR commutes with flips and rotations) and is undone exactly. */
    @Test
    void selfEnsembleStaysConsistent() throws Exception {
        RunConfig c = TestData.config(dir, "sr-bicubic", 3, Map.of("output", dir.resolve("ens").toString()));
        Trainer.Result r = new Trainer(c, "test", QUIET).run(false);
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.FLOAT, 1, 3, 5, 7);
        for (int t = 0; t < 8; t++) {
            assertThat(org.rnd4j.eval.EvaluatorAccess.roundTrip(a, t)).isEqualTo(a);
        }
        var op = Operators.fromTask(c.task());
        EvalSummary plain = Evaluator.of(c.eval(), op).evaluate(r.model(), ImageSet.load(List.of(dir.resolve("val")), false, 0, "v"));
        EvalSummary ens = new Evaluator(op, true, 4, Restorer.Tiling.DEFAULT, true, null)
                .evaluate(r.model(), ImageSet.load(List.of(dir.resolve("val")), false, 0, "v"));
        assertThat(ens.consistencyMaxAbs()).isLessThan(1e-5);
        assertThat(ens.psnr()).isNotEqualTo(plain.psnr());
    }

    /** MATLAB's LR images as observations: RND reproduces them, and bicubic interpolation gives the published 28.42 dB on Set5 ×4. */
    @Test
    void matlabObservationsAndTheBicubicBaseline() throws Exception {
        Evaluator e = new Evaluator(new BicubicDownsampling(4), true, 4, Restorer.Tiling.DEFAULT, false, Path.of("datasets/set5-bicubic-x4"));
        RunConfig c = TestData.config(dir, "sr-bicubic", 1, Map.of("output", dir.resolve("matlab").toString()));
        ComputationGraph net = ModelSource.fromConfig().create(c, Operators.fromTask(c.task())).graph();
        EvalSummary s = e.evaluate(net, ImageSet.load(List.of(Path.of("datasets/set5")), false, 0, "set5"));
        assertThat(s.interpPsnr()).as("MATLAB bicubic interpolation, Set5 x4 (published 28.42)").isCloseTo(28.42, within(0.02));
        assertThat(s.consistencyMaxAbs()).as("A x̂ = the MATLAB LR").isLessThan(1e-5);
        assertThat(Files.exists(Path.of("datasets/set5-bicubic-x4/baby.png"))).isTrue();
    }
    /** Validation images found among the training folders (data.val inside data.train) are never trained on, and the run says so. */
    @Test
    void validationImagesAreLeftOutOfTraining() throws Exception {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        RunConfig split = TestData.config(dir, "sr", 1, Map.of("data.val", dir.resolve("train").toString(), "data.valLimit", "3",
                "output", dir.resolve("split").toString()));
        new Trainer(split, "test", new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8)).run(false);
        assertThat(text.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("data.train: 3 of its 8 images are validation images (data.val) and are left out of training")
                .contains("5 train / 3 val images");
        // eval without --data evaluates on the same 3 held-out images, not on the whole training folder
        org.rnd4j.Cli.Run ev = org.rnd4j.Cli.run("eval", "--checkpoint", dir.resolve("split/best.zip").toString(), "--out",
                dir.resolve("split-eval").toString());
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("split-eval/summary.json").toFile())
                .get("images").asInt()).isEqualTo(3);
        RunConfig all = TestData.config(dir, "sr", 1, Map.of("data.val", dir.resolve("train").toString(),
                "output", dir.resolve("all").toString()));
        assertThatThrownBy(() -> new Trainer(all, "test", QUIET).run(false)).hasMessageContaining("data.train")
                .hasMessageContaining("every image is also a validation image").hasMessageNotContaining("\n");
        assertThat(dir.resolve("all/train_log.csv")).doesNotExist();
    }
}

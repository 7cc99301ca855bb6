package org.rnd4j.train;

import static org.rnd4j.TestData.QUIET;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnd4j.TestData;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.Images;
import org.rnd4j.data.PatchSampler;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.model.ModelSource;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;

/** Real (tiny) training runs through the trainer, for each task. */
class TrainerTest {

    @ParameterizedTest
    @ValueSource(strings = {"sr", "colorization", "cs", "sr-bicubic", "deblur", "inpainting", "sr-noisy"})
    void tinyRunLowersLossAndEndsConsistent(String task, @TempDir Path dir) throws Exception {
        RunConfig cfg = TestData.config(TestData.folders(dir), task, 40, Map.of());
        // training batches differ a lot (colourful vs flat patches): judge the loss on one fixed held-out batch
        Degradation op = Operators.fromTask(cfg.task());
        MultiDataSet fixed = new PatchSampler(ImageSet.load(List.of(dir.resolve("train")), false, 0, "train"), op, 32, 16,
                false, false, 999).batch(0);
        Nd4j.getRandom().setSeed(cfg.train().seed());
        ComputationGraph initial = ModelSource.fromConfig().create(cfg, op).graph();
        double before = initial.score(fixed);

        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        assertThat(r.status()).isEqualTo(Trainer.Status.COMPLETED);
        assertThat(r.losses()).hasSize(40);
        double after = Checkpoint.loadModel(Path.of(cfg.output()).resolve("last.zip")).score(fixed);
        assertThat(after).as("loss on a fixed batch after 40 steps vs before").isLessThan(0.9 * before);
        if (task.equals("sr-noisy")) {
            // the projection keeps only λ of the correction: A x̂ sits between A x_r and the noisy y
            assertThat(r.finalEval().consistencyMaxAbs()).as("max|A x̂ − y| with noise").isGreaterThan(1e-3);
            assertThat(r.finalEval().cleanConsistencyMaxAbs()).isFinite();
        } else {
            assertThat(r.finalEval().consistencyMaxAbs()).as("max|A x̂ − y|").isLessThanOrEqualTo(task.equals("deblur") ? 1e-4 : 1e-5);
        }
        Path run = Path.of(cfg.output());
        assertThat(run.resolve("last.zip")).exists();
        assertThat(run.resolve("best.zip")).exists();
        assertThat(run.resolve("config.yaml")).exists();
        assertThat(Files.readAllLines(run.resolve("eval/results.csv"))).hasSize(3);
        assertThat(run.resolve("eval/summary.json")).exists();
        assertThat(run.resolve("eval/images/v0.png")).exists();
    }

    @Test
    void withoutRndTheModelIsInconsistentAndEvaluationSaysSo(@TempDir Path dir) throws Exception {
        RunConfig cfg = TestData.config(TestData.folders(dir), "sr", 5, Map.of("model.rnd", "false"));
        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        assertThat(r.finalEval().consistencyMaxAbs()).isGreaterThan(1e-3);
    }

    @Test
    void resumeReproducesTheUninterruptedLossCurve(@TempDir Path dir) throws Exception {
        TestData.folders(dir);
        RunConfig straight = TestData.config(dir, "sr", 12, Map.of("output", dir.resolve("a").toString(),
                "train.schedule", "cosine", "train.validateEvery", "4"));
        List<Double> a = new Trainer(straight, "test", QUIET).run(false).losses();

        RunConfig split = TestData.config(dir, "sr", 12, Map.of("output", dir.resolve("b").toString(),
                "train.schedule", "cosine", "train.validateEvery", "4"));
        Trainer.Result first = new Trainer(split, "test", QUIET).stopAfter(5).run(false);
        assertThat(first.status()).isEqualTo(Trainer.Status.INTERRUPTED);
        assertThat(first.iteration()).isEqualTo(5);
        Trainer.Result second = new Trainer(split, "test", QUIET).run(true);
        assertThat(second.iteration()).isEqualTo(12);

        assertThat(first.losses()).containsExactlyElementsOf(a.subList(0, 5));
        for (int i = 0; i < 7; i++) {
            assertThat(second.losses().get(i)).as("iteration " + (6 + i)).isCloseTo(a.get(5 + i),
                    org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
        assertThat(Files.readAllLines(dir.resolve("b/train_log.csv"))).hasSize(13);
    }

    /**
     * A checkpoint stores the fingerprints of the training and validation images; resuming on other images (a folder
     * edited in between) warns that the run will not equal an uninterrupted one, and resuming on the same images does not.
     */
    @Test
    void resumingOnOtherImagesWarns(@TempDir Path dir) throws Exception {
        TestData.folders(dir);
        RunConfig cfg = TestData.config(dir, "sr", 6, Map.of("output", dir.resolve("run").toString()));
        new Trainer(cfg, "test", QUIET).stopAfter(2).run(false);
        String stored = Checkpoint.loadState(dir.resolve("run/last.zip")).data();
        assertThat(stored).matches("train 8 images, sha256 [0-9a-f]{16}; val 2 images, sha256 [0-9a-f]{16}");

        ByteArrayOutputStream same = new ByteArrayOutputStream();
        new Trainer(cfg, "test", new PrintStream(same, true)).stopAfter(4).run(true);
        assertThat(same.toString()).doesNotContain("images differ");

        Path t0 = dir.resolve("train/t0.png");
        Images.writePng(Images.read(t0).toBatch(1).rsub(1.0), t0);      // the same name and size, other samples
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        new Trainer(cfg, "test", new PrintStream(other, true)).run(true);
        assertThat(other.toString()).contains("warning: the images differ from those this run started with (" + stored + "; now train"
                + " 8 images, sha256 ").contains("the resumed run will not equal an uninterrupted one");
        String now = Checkpoint.loadState(dir.resolve("run/last.zip")).data();
        assertThat(now.substring(0, now.indexOf(';'))).isNotEqualTo(stored.substring(0, stored.indexOf(';')));
        assertThat(now.substring(now.indexOf(';'))).as("the validation images did not change").isEqualTo(stored.substring(stored.indexOf(';')));
    }

    /** Resuming with another config warns with the fields that changed, as "field: stored → now". */
    @Test
    void resumingWithAnotherConfigNamesWhatChanged(@TempDir Path dir) throws Exception {
        TestData.folders(dir);
        RunConfig was = TestData.config(dir, "sr", 12, Map.of("train.lr", "0.001"));
        RunConfig now = TestData.config(dir, "sr", 12, Map.of("train.lr", "0.002", "data.flips", "false"));
        assertThat(Trainer.differences(ConfigLoader.toYaml(was), now)).isEqualTo(" (in data.flips: true → false, train.lr: 0.001 → 0.002)");
        assertThat(Trainer.differences(ConfigLoader.toYaml(was), was)).isEmpty();
        assertThat(Trainer.differences("not: [yaml", now)).as("an unreadable stored config: no list").isEmpty();
    }

    @Test
    void startingAgainNeverOverwritesAnEarlierRun(@TempDir Path dir) throws Exception {
        RunConfig cfg = TestData.config(TestData.folders(dir), "sr", 2, Map.of());
        Trainer.Result first = new Trainer(cfg, "test", QUIET).run(false);
        byte[] before = Files.readAllBytes(first.runDir().resolve("last.zip"));
        Trainer.Result second = new Trainer(cfg, "test", QUIET).run(false);
        assertThat(second.runDir()).isEqualTo(Path.of(cfg.output() + "-2"));
        assertThat(Files.readAllBytes(first.runDir().resolve("last.zip"))).isEqualTo(before);
        assertThat(second.runDir().resolve("last.zip")).exists();
    }

    @Test
    void aRunFolderInUseIsRefused(@TempDir Path dir) throws Exception {
        RunConfig cfg = TestData.config(TestData.folders(dir), "sr", 2, Map.of());
        Path run = Path.of(cfg.output());
        Files.createDirectories(run);
        try (var ch = java.nio.channels.FileChannel.open(run.resolve(".lock"), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE); var held = ch.lock()) {
            assertThatThrownBy(() -> new Trainer(cfg, "test", QUIET).run(false)).hasMessageContaining("in use by another rnd4j run");
        }
        assertThat(new Trainer(cfg, "test", QUIET).run(false).status()).isEqualTo(Trainer.Status.COMPLETED);
    }

    @Test
    void divergingLossStopsAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws Exception {
        TestData.folders(dir);
        // lr 0.99 is finite for one step and infinite from the second (fixed seed)
        RunConfig bad = TestData.config(dir, "sr", 30, Map.of("train.lr", "0.99", "model.feats", "32", "model.blocks", "3",
                "train.checkpointEvery", "1"));
        assertThatThrownBy(() -> new Trainer(bad, "test", QUIET).run(false))
                .isInstanceOf(Trainer.DivergedException.class)
                .hasMessageContaining("last good checkpoint").hasMessageContaining("train.lr");
        Path last = Path.of(bad.output()).resolve("last.zip");
        Checkpoint.State st = Checkpoint.loadState(last);
        assertThat(st.iteration()).isGreaterThanOrEqualTo(1);
        ComputationGraph g = Checkpoint.loadModel(last);
        assertThat(g.params().isInfinite().any() || g.params().isNaN().any()).as("non-finite parameters").isFalse();
    }

    @Test
    void corruptImageIsNamed(@TempDir Path dir) throws Exception {
        TestData.folders(dir);
        Files.writeString(dir.resolve("train/broken.png"), "not a png");
        RunConfig cfg = TestData.config(dir, "sr", 2, Map.of());
        assertThatThrownBy(() -> new Trainer(cfg, "test", QUIET).run(false))
                .hasMessageContaining("broken.png").hasMessageContaining("cannot decode");
        RunConfig skip = TestData.config(dir, "sr", 2, Map.of("data.skipBadImages", "true", "output", dir.resolve("s").toString()));
        assertThat(new Trainer(skip, "test", QUIET).run(false).status()).isEqualTo(Trainer.Status.COMPLETED);
    }

    /**
     * A training image smaller than the patch ends the run naming it and the way out; with data.skipBadImages it is
     * left out with one line naming it, and training runs on the rest (the sampler would refuse it otherwise).
     */
    @Test
    void trainingImageSmallerThanThePatchIsNamedOrLeftOut(@TempDir Path dir) throws Exception {
        TestData.folders(dir);
        Images.writePng(Nd4j.rand(DataType.FLOAT, 1, 3, 24, 40), dir.resolve("train/tiny.png"));
        RunConfig cfg = TestData.config(dir, "sr", 2, Map.of());
        assertThatThrownBy(() -> new Trainer(cfg, "test", QUIET).run(false))
                .hasMessage("image tiny.png is 40x24, smaller than the training patch 32 (data.patch; data.skipBadImages: true "
                        + "leaves such images out)");
        RunConfig skip = TestData.config(dir, "sr", 2, Map.of("data.skipBadImages", "true", "output", dir.resolve("s").toString()));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Trainer.Result r = new Trainer(skip, "test", new PrintStream(printed, true, StandardCharsets.UTF_8)).run(false);
        assertThat(r.status()).isEqualTo(Trainer.Status.COMPLETED);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("data.train: tiny.png is 40x24, smaller than the training patch 32 (data.patch): left out (data.skipBadImages)")
                .contains("8 train / 2 val images");
    }
}

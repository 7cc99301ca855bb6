package org.rnd4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.TestData;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.PatchSampler;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.eval.Evaluator;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.model.ModelSource;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;
import org.rnd4j.train.Trainer;

/** A tiny SR run on Spark local[2] (parameter averaging): the loss goes down, the checkpoint evaluates normally, A x̂ = y. */
class SparkTrainingTest {
    @TempDir
    Path dir;

    @Test
    void trainsOnLocalSparkWithRnd() throws Exception {
        TestData.folders(dir);
        RunConfig cfg = TestData.config(dir, "sr", 8, Map.of("train.distributed.master", "local[2]", "train.distributed.workers", "2",
                "train.distributed.averagingFrequency", "2", "train.lr", "3.0e-3", "output", dir.resolve("spark").toString()));
        Degradation op = Operators.fromTask(cfg.task());
        MultiDataSet fixed = new PatchSampler(ImageSet.load(List.of(dir.resolve("train")), false, 0, "t"), op, 32, 16, false, false, 99)
                .batch(0);
        Nd4j.getRandom().setSeed(cfg.train().seed());
        double before = ModelSource.fromConfig().create(cfg, op).graph().score(fixed);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        Trainer.Result r = new Trainer(cfg, "test", new PrintStream(log, true)).stepper(SparkTraining.stepper(cfg)).run(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.status()).isEqualTo(Trainer.Status.COMPLETED);
        assertThat(log.toString()).contains("training on Spark local[2]");

        ComputationGraph trained = Checkpoint.load(dir.resolve("spark/last.zip"), true).model();
        assertThat(trained.score(fixed)).as("loss on a fixed batch after 8 averaging rounds").isLessThan(0.9 * before);
        EvalSummary s = Evaluator.of(cfg.eval(), op).evaluate(trained, ImageSet.load(List.of(dir.resolve("val")), false, 0, "v"));
        assertThat(s.consistencyMaxAbs()).isLessThan(1e-5);
        System.out.printf("SPARK local[2]: %.0f ms per averaging round (4 batches) over %d rounds, %.1f s in all%n",
                1000 * seconds / 8, 8, seconds);
    }
}

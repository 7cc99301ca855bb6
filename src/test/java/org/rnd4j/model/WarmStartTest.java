package org.rnd4j.model;

import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.TestData;
import org.rnd4j.config.ConfigException;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.operator.Operators;
import org.rnd4j.train.Trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rnd4j.TestData.QUIET;

/** {@code model.warmStart}: a ×2 edsr starts from a ×4 checkpoint's body; the scale-specific upsampler does not carry over. */
class WarmStartTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        TestData.folders(dir);
    }

    @Test
    void aX2ModelStartsFromAX4CheckpointsBodyAndTrains() throws Exception {
        RunConfig x4 = TestData.config(dir, "sr", 3, Map.of("output", dir.resolve("x4").toString()));
        Path ck = new Trainer(x4, "test", QUIET).run(false).runDir().resolve("best.zip");
        ComputationGraph source = Checkpoint.loadModel(ck);

        RunConfig x2 = TestData.config(dir, "sr", 2, Map.of("task.scale", "2", "model.warmStart", ck.toString(),
                "output", dir.resolve("x2").toString()));
        Model m = ModelSource.fromConfig().create(x2, Operators.fromTask(x2.task()));
        assertThat(m.description()).contains("warm start from " + ck + ": 4 of 5 layers copied, fresh [up]");
        for (String layer : new String[]{"head", "b0_c1", "b0_c2", "body_end"}) {
            source.getVertex(layer).paramTable(false).forEach((k, p) ->
                    assertThat(m.graph().getVertex(layer).paramTable(false).get(k)).as(layer + " " + k).isEqualTo(p));
        }
        // ×4's upsampler makes 48 channels, ×2's 12: kept at its initialisation
        assertThat(source.getVertex("up").paramTable(false).get("W").shape()[3]).isEqualTo(48);
        assertThat(m.graph().getVertex("up").paramTable(false).get("W").shape()[3]).isEqualTo(12);

        Trainer.Result r = new Trainer(x2, "test", QUIET).run(false);
        assertThat(r.iteration()).isEqualTo(2);
        assertThat(r.finalEval().consistencyMaxAbs()).isLessThan(1e-5);
    }

    @Test
    void aCheckpointSharingNoLayerIsRefused() throws Exception {
        RunConfig x4 = TestData.config(dir, "sr", 1, Map.of("output", dir.resolve("narrow").toString()));
        Path ck = new Trainer(x4, "test", QUIET).run(false).runDir().resolve("best.zip");
        RunConfig wider = TestData.config(dir, "sr", 1, Map.of("model.feats", "12", "model.warmStart", ck.toString(),
                "output", dir.resolve("wider").toString()));
        assertThatThrownBy(() -> ModelSource.fromConfig().create(wider, Operators.fromTask(wider.task())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model.warmStart: " + ck + " has no layer with the name and parameter shapes of");

        RunConfig missing = TestData.config(dir, "sr", 1, Map.of("model.warmStart", dir.resolve("none.zip").toString()));
        assertThatThrownBy(() -> ModelSource.fromConfig().create(missing, Operators.fromTask(missing.task())))
                .hasMessage("model.warmStart: checkpoint " + dir.resolve("none.zip") + " does not exist");
        RunConfig folder = TestData.config(dir, "sr", 1, Map.of("model.warmStart", dir.resolve("narrow").toString()));
        assertThatThrownBy(() -> ModelSource.fromConfig().create(folder, Operators.fromTask(folder.task())))
                .as("a run folder for its checkpoint: the zips in it are named")
                .hasMessageStartingWith("model.warmStart: checkpoint " + dir.resolve("narrow") + " is a folder; give a checkpoint zip in it (")
                .hasMessageContaining("best.zip").hasMessageContaining("last.zip");
    }

    @Test
    void warmStartAndInitTogetherAreAConfigError() throws Exception {
        assertThatThrownBy(() -> {
            TestData.finetune(dir, "both", "{from: x.zip}", 1, true);
            ConfigLoader.load(dir.resolve("both.yaml"), Map.of("model.warmStart", "y.zip"));
        }).isInstanceOf(ConfigException.class).hasMessageContaining("field 'model.warmStart': expected no model.init with it");
        assertThatThrownBy(() -> TestData.config(dir, "sr", 1, Map.of("model.warmStart", "' '")))
                .isInstanceOf(ConfigException.class).hasMessageEndingWith("field 'model.warmStart': expected the path of an rnd4j checkpoint,"
                        + " got ''");
    }
}

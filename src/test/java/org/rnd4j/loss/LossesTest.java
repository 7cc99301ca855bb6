package org.rnd4j.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rnd4j.TestData.QUIET;

import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.TestData;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.train.Trainer;

/** Losses by name, rnd4j's and a plugin's alike (this test's jar lists {@link HalfL1} as a service). */
class LossesTest {
    @TempDir
    Path dir;

    /** A plugin loss: L1 under another name (its layer is a class of its own, so the graph shows which one was built). */
    public static final class HalfL1 implements Loss {
        @Override public String name() { return "half-l1"; }
        @Override public Layer layer() { return new Layer1(); }
    }

    /** The plugin's layer configuration: serialisable like any DL4J layer (no-arg constructor). */
    public static final class Layer1 extends PixelLoss {
        public Layer1() {
            super("l1");
        }
    }

    @Test
    void builtInsAndPluginsByName() {
        assertThat(Losses.available()).containsKeys("mse", "l1", "charbonnier", "half-l1");
        assertThat(RndGraphs.loss("mse")).isInstanceOf(MseLoss.class);
        assertThat(RndGraphs.loss("charbonnier")).isInstanceOf(PixelLoss.class);
        assertThatThrownBy(() -> RndGraphs.loss("huber")).hasMessageStartingWith("field 'train.loss': unknown loss 'huber'")
                .hasMessageContaining("charbonnier").hasMessageContaining("META-INF/services/org.rnd4j.loss.Loss");
    }

    @Test
    void aPluginLossTrainsAndItsCheckpointLoads() throws Exception {
        TestData.folders(dir);
        var cfg = TestData.config(dir, "sr", 3, Map.of("train.loss", "half-l1", "output", dir.resolve("run").toString()));
        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        assertThat(r.losses()).hasSize(3).allSatisfy(l -> assertThat(l).isFinite().isPositive());
        var loaded = Checkpoint.loadModel(r.runDir().resolve("last.zip"));
        assertThat(loaded.getOutputLayer(0).conf().getLayer()).isInstanceOf(Layer1.class);
    }
}

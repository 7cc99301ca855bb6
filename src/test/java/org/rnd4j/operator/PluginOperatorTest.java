package org.rnd4j.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.Cli;
import org.rnd4j.TestData;
import org.rnd4j.config.ConfigException;
import org.rnd4j.config.RunConfig;
import org.rnd4j.config.TaskSettings;
import org.rnd4j.config.TaskTypes;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.train.Trainer;

/**
 * An operator added from outside rnd4j is one class with its settings record plus one registry
 * line (here {@code src/test/resources/META-INF/services/org.rnd4j.config.TaskTypes}): its config
 * section is bound and checked, it trains, and its checkpoint rebuilds it for eval.
 */
class PluginOperatorTest {

    /** {@code y = g x} for a gain {@code g} in (0, 1]: {@code A† = A⁻¹}. */
    public static final class Attenuate implements Degradation {
        private final Settings settings;

        Attenuate(Settings settings) {
            this.settings = settings;
        }

        /** Task {@code attenuate}: the {@code gain} (default 0.25). */
        public record Settings(Double gain) implements OperatorSettings {
            @Override public Settings resolve() { return new Settings(TaskSettings.or(gain, 0.25)); }

            @Override
            public void validate() {
                TaskSettings.check(gain > 0 && gain <= 1, "gain", "a number in (0, 1]", gain);
            }

            @Override public Degradation create() { return new Attenuate(this); }
        }

        private double g() { return settings.gain(); }

        @Override public String describe() { return "attenuate ×" + g(); }
        @Override public int spatialMultiple() { return 1; }
        @Override public long observationChannels(long c) { return c; }
        @Override public long observationSize(long size) { return size; }
        @Override public INDArray apply(INDArray x) { return x.mul(g()); }
        @Override public INDArray adjoint(INDArray y) { return y.mul(g()); }
        @Override public INDArray pinv(INDArray y) { return y.div(g()); }
        @Override public INDArray pinvAdjoint(INDArray grad) { return grad.div(g()); }
        @Override public SDVariable apply(SameDiff sd, SDVariable x) { return x.mul(g()); }
        @Override public SDVariable pinv(SameDiff sd, SDVariable y) { return y.div(g()); }
        @Override public OperatorSpec spec() { return OperatorSpec.of("attenuate", settings); }
    }

    /** The registry line's provider. */
    public static final class Types implements TaskTypes {
        @Override
        public Map<String, Class<? extends TaskSettings>> types() {
            return Map.of("attenuate", Attenuate.Settings.class);
        }
    }

    @TempDir
    Path dir;

    @Test
    void itsSectionIsBoundToItsOwnRecordAndChecked() throws Exception {
        Path data = TestData.folders(dir);
        RunConfig cfg = TestData.config(data, "attenuate", 1, Map.of());
        assertThat(cfg.task().settings()).isEqualTo(new Attenuate.Settings(0.5));
        assertThat(TestData.config(data, "attenuate", 1, Map.of("task.gain", "null")).task().settings())
                .as("the record's own default").isEqualTo(new Attenuate.Settings(0.25));
        assertThatThrownBy(() -> TestData.config(data, "attenuate", 1, Map.of("task.gain", "2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("attenuate.yaml: field 'task.gain': expected a number in (0, 1]");
        assertThatThrownBy(() -> TestData.config(data, "attenuate", 1, Map.of("task.scale", "2")))
                .hasMessageContaining("field 'task.scale' does not apply to task type 'attenuate'").hasMessageContaining("has: gain");
        assertThatThrownBy(() -> TestData.config(data, "attenuate", 1, Map.of("task.gian", "2")))
                .hasMessageContaining("unknown field 'task.gian'");
        assertThatThrownBy(() -> TestData.config(data, "attenuate", 1, Map.of("task.gain", "'half'")))
                .hasMessageContaining("field 'task.gain': expected a number");
        assertThatThrownBy(() -> TestData.config(data, "attenuate", 1, Map.of("task.type", "attenuat")))
                .hasMessageContaining("field 'task.type': expected one of sr, colorization, cs, deblur, inpainting, attenuate");
    }

    @Test
    void aSpecWithSettingsRebuildsTheOperatorAndItsNoise() {
        Degradation op = Operators.withNoise(new Attenuate.Settings(0.5).create(), 0.1, 0.7);
        OperatorSpec spec = op.spec();
        assertThat(spec.getKind()).isEqualTo("attenuate");
        assertThat(spec.getSettings()).isEqualTo(Map.of("gain", 0.5));
        assertThat(Operators.create(spec).spec()).isEqualTo(spec);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 4), xr = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 4);
        Degradation clean = Operators.create(OperatorSpec.of("attenuate", new Attenuate.Settings(0.5)));
        INDArray y = clean.apply(x);
        assertThat(clean.apply(clean.project(xr, y)).sub(y).amaxNumber().doubleValue()).isLessThan(1e-12);

        OperatorSpec crafted = spec.copy();
        crafted.setSettings(new java.util.LinkedHashMap<>(Map.of("gain", 7.0)));
        assertThatThrownBy(() -> Operators.create(crafted)).hasMessageContaining("operator 'attenuate' in the checkpoint")
                .hasMessageContaining("task.gain");
        OperatorSpec unknown = spec.copy();
        unknown.setKind("warp");
        assertThatThrownBy(() -> Operators.create(unknown)).hasMessageContaining("unknown operator kind 'warp'")
                .hasMessageContaining("is its plugin on the class path?");
        assertThatThrownBy(() -> OperatorSpec.of("cs", new Attenuate.Settings(0.5))).hasMessageContaining("rnd4j's own");
    }

    @Test
    void itTrainsConsistentlyAndItsCheckpointEvaluates() throws Exception {
        Path data = TestData.folders(dir);
        RunConfig cfg = TestData.config(data, "attenuate", 3, Map.of());
        Trainer.Result r = new Trainer(cfg, "test", TestData.QUIET).run(false);
        assertThat(r.status()).isEqualTo(Trainer.Status.COMPLETED);
        assertThat(r.finalEval().consistencyMaxAbs()).as("max|A x̂ − y|").isLessThan(1e-5);
        Path last = Path.of(cfg.output()).resolve("last.zip");
        assertThat(Checkpoint.load(last, false).state().operator()).isEqualTo(OperatorSpec.of("attenuate", new Attenuate.Settings(0.5)));
        assertThat(Files.readString(Path.of(cfg.output()).resolve("config.yaml"))).contains("type: attenuate\n  gain: 0.5\n");
        Cli.Run eval = Cli.run("eval", "--checkpoint", last.toString(), "--data", data.resolve("val").toString(), "--out",
                dir.resolve("ev").toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).as("an invertible A: x̂ = A†y = x").contains("PSNR 200.00 dB").contains("over 2 images");
    }
}

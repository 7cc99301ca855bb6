package org.rnd4j.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rnd4j.TestData.QUIET;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnd4j.Cli;
import org.rnd4j.TestData;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.Images;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.SdConv2d;
import org.rnd4j.train.Trainer;

/** A backbone that pools by 4 declares it; evaluation crops to it, infer refuses what cannot fit, patches must fit. */
class SizeMultipleTest {
    @TempDir
    static Path dir;

    /** ×4 pooling and ×4 upsampling around two convolutions: only sizes in multiples of 4 come out the size they went in. */
    public static final class Pool4 implements Backbone {
        @Override public String name() { return "pool4"; }
        @Override public int sizeMultiple() { return 4; }

        @Override
        public String build(BackboneContext ctx) {
            String init = ctx.pinv();
            ctx.graph().addLayer("c1", new SdConv2d(3, 4, 3, true), init);
            ctx.graph().addLayer("pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(4, 4).stride(4, 4)
                    .build(), "c1");
            ctx.graph().addLayer("up", new Upsampling2D.Builder(4).build(), "pool");
            ctx.graph().addLayer("c2", new SdConv2d(4, 3, 3, false).initScale(0.1), "up");
            ctx.graph().addVertex("xr", new ResidualAdd(), "c2", init);
            return "xr";
        }
    }

    @BeforeAll
    static void data() throws Exception {
        TestData.folders(dir);
        var x = Images.read(dir.resolve("val/v0.png")).toBatch(1);
        Images.writePng(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 47), NDArrayIndex.interval(0, 45)),
                dir.resolve("odd/o.png"));
    }

    @Test
    void evaluationAndInferenceCropToTheBackbonesMultiple() throws Exception {
        RunConfig cfg = TestData.config(dir, "colorization", 2, Map.of("model.backbone", Pool4.class.getName(),
                "data.val", dir.resolve("odd").toString(), "data.patch", "32", "output", dir.resolve("run").toString()));
        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        assertThat(r.finalEval().images()).isEqualTo(1);
        assertThat(r.finalEval().consistencyMaxAbs()).isLessThan(1e-5);
        try (var files = Files.walk(r.runDir().resolve("eval"))) {
            Path out = files.filter(p -> p.getFileName().toString().equals("o.png")).findFirst().orElseThrow();
            assertThat(Images.size(out)).containsExactly(44, 44);
        }
        Cli.Run infer = Cli.run("infer", "--checkpoint", r.runDir().resolve("last.zip").toString(), "--input",
                dir.resolve("odd").toString(), "--output", dir.resolve("inferred").toString());
        assertThat(infer.code()).as(infer.err()).isZero();
        assertThat(Images.size(dir.resolve("inferred/o.png"))).containsExactly(44, 44);
    }

    @Test
    void superResolutionInputsThatCannotFitAreRefusedInOneLine() throws Exception {
        RunConfig cfg = TestData.config(dir, "sr", 1, Map.of("model.backbone", Pool4.class.getName(), "task.scale", "2",
                "data.patch", "32", "output", dir.resolve("sr").toString()));
        Trainer.Result r = new Trainer(cfg, "test", QUIET).run(false);
        Cli.Run infer = Cli.run("infer", "--checkpoint", r.runDir().resolve("last.zip").toString(), "--input",
                dir.resolve("odd/o.png").toString(), "--output", dir.resolve("sr-out").toString());
        assertThat(infer.code()).isNotZero();
        assertThat(infer.err().strip()).contains("o.png").contains("multiples of 4").doesNotContain("\n");
        RunConfig odd = TestData.config(dir, "sr", 1, Map.of("model.backbone", Pool4.class.getName(), "task.scale", "2",
                "data.patch", "30", "output", dir.resolve("sr-30").toString()));
        assertThatThrownBy(() -> new Trainer(odd, "test", QUIET).run(false)).hasMessageContaining("field 'data.patch'")
                .hasMessageContaining("multiple of 4");
    }
}

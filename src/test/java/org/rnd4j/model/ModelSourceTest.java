package org.rnd4j.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.rnd4j.TestData;
import org.rnd4j.backbone.Backbones;
import org.rnd4j.config.RunConfig;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.layer.PinvLayer;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.layer.SdConv2d;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.SuperResolution;
import org.rnd4j.search.Search;
import org.rnd4j.train.FineTuneReport;
import org.rnd4j.train.Trainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rnd4j.TestData.QUIET;

/** A network built in Java goes through everything a configured one does; the registry's lookups and errors. */
class ModelSourceTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        TestData.folders(dir);
    }

    /** SR ×4 up to the merge: A†y ("up"), and conv, conv to 48 channels, pixel shuffle ("shuffle"). */
    private static ComputationGraphConfiguration.GraphBuilder front(Degradation op) {
        ComputationGraphConfiguration.GraphBuilder g = RndGraphs.start(op, 8, 8, new Sgd(0.5), 0, 3);
        g.addLayer("up", new PinvLayer(op.spec()), RndGraphs.INPUT);
        g.addLayer("c1", new SdConv2d(3, 8, 3, true), RndGraphs.INPUT);
        g.addLayer("c2", new SdConv2d(8, 48, 3, false).initScale(0.1), "c1");
        g.addLayer("shuffle", new PixelShuffle(4), "c2");
        return g;
    }

    /** SR ×4: conv, conv to 48 channels, pixel shuffle, + A†y; optionally with RND already appended. */
    static ComputationGraph javaGraph(boolean withRnd) {
        Degradation op = new SuperResolution(4);
        ComputationGraphConfiguration.GraphBuilder g = front(op);
        g.addVertex("xr", new ResidualAdd(), "shuffle", "up");
        ComputationGraph net = new ComputationGraph(RndGraphs.finish(g, op, "xr", withRnd));
        net.init();
        return net;
    }

    @Test
    void aJavaGraphTrainsResumesIsSearchedAndFineTuned() throws Exception {
        ComputationGraph net = javaGraph(true);
        RunConfig cfg = TestData.config(dir, "sr", 6, Map.of("output", dir.resolve("java").toString()));
        Trainer.Result r = new Trainer(cfg, "test", QUIET).models(ModelSource.of(net)).stopAfter(3).run(false);
        assertThat(r.status()).isEqualTo(Trainer.Status.INTERRUPTED);
        assertThat(Files.readString(org.rnd4j.report.Report.forRun(r.runDir(), QUIET, true))).as("a stopped run's report")
                .contains("</html>");
        // the config's optimizer replaced the graph's own (Sgd 0.5): Adam with train.lr
        assertThat(r.model().getLayer("c1").conf().getLayer().getUpdaterByParam("W")).isInstanceOf(Adam.class);
        assertThat(Files.readString(dir.resolve("java/config.yaml"))).contains("# model: graph built in Java");
        Trainer.Result resumed = new Trainer(cfg, "test", QUIET).run(true);
        assertThat(resumed.iteration()).isEqualTo(6);
        assertThat(resumed.finalEval().consistencyMaxAbs()).isLessThan(1e-5);
        assertThat(dir.resolve("java/finetune.csv")).doesNotExist();

        // the same graph without RND: the projection is appended because model.rnd is true
        Trainer.Result appended = new Trainer(TestData.config(dir, "sr", 2, Map.of("output", dir.resolve("java-plain").toString())),
                "test", QUIET).models(ModelSource.of(javaGraph(false))).run(false);
        assertThat(appended.model().getConfiguration().getVertices().values()).anyMatch(v -> v instanceof RndVertex);
        assertThat(appended.finalEval().consistencyMaxAbs()).isLessThan(1e-5);

        Path search = dir.resolve("search.yaml");
        Files.writeString(search, "name: js\nbase: " + dir.resolve("sr.yaml") + "\noutput: " + dir.resolve("js") + "\n"
                + "set: {train.iterations: 2}\nsearch: {train.lr: {choice: [1.0e-3, 1.0e-4]}}\ngenerator: grid\n");
        Search.Outcome o = Search.load(search, QUIET).models(ModelSource.of(net)).run(false);
        assertThat(o.rows()).hasSize(2).allMatch(row -> row.status().equals("completed") && row.consistency() < 1e-5);

        RunConfig ft = TestData.finetune(dir, "ft-java", "{from: " + dir.resolve("java/last.zip") + "}", 2, true);
        Trainer.Result tuned = new Trainer(ft, "test", QUIET).run(false);
        assertThat(Files.readAllLines(tuned.runDir().resolve(FineTuneReport.FILE))).hasSize(4);
    }

    @Test
    void theRegistryFindsBuiltInsByNameAndClassAndChecksOptions() throws Exception {
        assertThat(Backbones.find("edsr").name()).isEqualTo("edsr");
        assertThat(Backbones.find("org.rnd4j.backbone.Resnet").name()).isEqualTo("resnet");
        assertThatThrownBy(() -> Backbones.find("nope")).hasMessageContaining("unknown backbone 'nope'")
                .hasMessageContaining("edsr (built in)").hasMessageContaining("resnet (built in)");
        assertThatThrownBy(() -> Backbones.find("com.example.Missing")).hasMessageContaining("not on the class path");
        assertThatThrownBy(() -> Backbones.find("java.lang.String")).hasMessageContaining("does not implement");
        assertThatThrownBy(() -> ModelSource.of(javaGraph(true)).create(
                        TestData.config(dir, "sr", 2, Map.of("task.scale", "2", "data.patch", "32")), new SuperResolution(2)))
                .hasMessageContaining("does not fit");
    }


    /** The java graph with its residual replaced by a parameterised SameDiffBlockVertex (a U-Net-style skip). */
    static ComputationGraph graphWithVertexParams() {
        Degradation op = new SuperResolution(4);
        ComputationGraphConfiguration.GraphBuilder g = front(op);
        g.addVertex("mix", new org.rnd4j.layer.SameDiffBlockTest.ConcatMix(6, 3), "shuffle", "up");
        ComputationGraph net = new ComputationGraph(RndGraphs.finish(g, op, "mix", false));
        net.init();
        return net;
    }

    /** A vertex's parameters are carried into the rnd4j model, counted, and frozen when asked (they were dropped before). */
    @Test
    void vertexParametersSurviveHandOverFreezingAndCounting() throws Exception {
        ComputationGraph net = graphWithVertexParams();
        INDArray mix = net.getVertex("mix").paramTable(false).get("W").dup();
        org.rnd4j.operator.Degradation op = new SuperResolution(4);
        RunConfig cfg = TestData.config(dir, "sr", 3, Map.of("output", dir.resolve("vertex").toString()));
        Model m = ModelSource.of(net).create(cfg, op);
        assertThat(m.graph().getVertex("mix").paramTable(false).get("W")).isEqualTo(mix);
        assertThat(m.graph().params().length()).isEqualTo(net.params().length()).isGreaterThan(net.numParams());

        Trainer.Result r = new Trainer(cfg, "test", QUIET).models(ModelSource.of(net)).run(false);
        assertThat(r.model().getVertex("mix").paramTable(false).get("W")).isNotEqualTo(mix);   // trained
        assertThat(r.finalEval().consistencyMaxAbs()).isLessThan(1e-5);

        // fine-tuning the saved model with the vertex frozen: its parameters stay bit-identical
        RunConfig frozen = TestData.finetune(dir, "vertex-frozen", "{from: " + r.runDir().resolve("last.zip")
                + ", input: y, output: mix, freeze: 'mix'}", 3, true);
        Trainer.Result f = new Trainer(frozen, "test", QUIET).run(false);
        assertThat(f.model().getVertex("mix").paramTable(false).get("W")).isEqualTo(r.model().getVertex("mix").paramTable(false).get("W"));
        assertThat(f.model().getLayer("c1").params()).isNotEqualTo(r.model().getLayer("c1").params());
    }

    /** Whether a backbone exists, serves the operator and takes the options is checked once, where it is built. */
    @Test
    void backbonesAreCheckedWhereTheyAreBuilt() throws Exception {
        RunConfig unknown = TestData.config(dir, "sr", 1, Map.of("model.backbone", "unet"));
        assertThatThrownBy(() -> ModelSource.fromConfig().create(unknown, new SuperResolution(4)))
                .hasMessageContaining("field 'model.backbone'").hasMessageContaining("edsr").hasMessageNotContaining("field 'model.backbone': field");
        RunConfig srOnColour = TestData.config(dir, "colorization", 1, Map.of("model.backbone", "edsr"));
        assertThatThrownBy(() -> ModelSource.fromConfig().create(srOnColour, org.rnd4j.operator.Operators.fromTask(srOnColour.task())))
                .hasMessageContaining("field 'model.backbone'").hasMessageContaining("super-resolution");
        RunConfig option = TestData.config(dir, "sr", 1, Map.of("model.options.depth", "3"));
        assertThatThrownBy(() -> ModelSource.fromConfig().create(option, new SuperResolution(4)))
                .hasMessageStartingWith("field 'model.options.depth'").hasMessageContaining("backbone edsr has no such option");
    }
}

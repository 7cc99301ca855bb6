package org.rnd4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    Path write(String yaml) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static final String OK = """
            name: t
            task: {type: sr, scale: 4}
            data: {train: [datasets/t91], val: datasets/set5}
            model: {feats: 16, blocks: 2}
            train: {iterations: 100, lr: 1.0e-3}
            """;

    static java.util.stream.Stream<String> shippedConfigs() throws IOException {
        try (var files = java.nio.file.Files.list(Path.of("configs"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.startsWith("search-"))   // search-*: rnd4j search specs
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertThat(names).contains("quickstart", "cs-r25", "cs-r25-fixed", "cs-r10", "cs-r50", "sr-bicubic-x3");
            return names.stream();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("shippedConfigs")
    void shippedConfigsLoad(String name) {
        RunConfig c = ConfigLoader.load(Path.of("configs/" + name + ".yaml"));
        assertThat(c.name()).isNotBlank();
        assertThat(c.train().iterations()).isPositive();
        if (c.model().warmStart() != null) {
            assertThat(Path.of(c.model().warmStart())).as("the checkpoint %s starts from is shipped", name).isRegularFile();
        }
    }

    /** Every shipped config, the examples' included, as a user runs it. */
    static java.util.stream.Stream<String> everyShippedRunConfig() throws IOException {
        List<String> files = new java.util.ArrayList<>(shippedConfigs().map(n -> "configs/" + n + ".yaml").toList());
        try (var examples = java.nio.file.Files.find(Path.of("examples"), 2, (p, a) -> p.toString().endsWith(".yaml"))) {
            examples.map(Path::toString).sorted().forEach(files::add);
        }
        assertThat(files).contains("examples/srcnn-plugin/srcnn.yaml", "examples/unet-samediff/unet-cs.yaml");
        return files.stream();
    }

    /**
     * No shipped config asks for training patches larger than one of its images unless it leaves such images out
     * ({@code data.skipBadImages}): the README's command for the SRCNN example stopped at once ("t20.png is 78x78,
     * smaller than the training patch 96"), which its test, on tiny data, never saw.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("everyShippedRunConfig")
    void shippedConfigsFitTheirTrainingImages(String file) throws IOException {
        RunConfig c = ConfigLoader.load(Path.of(file));
        if (c.data().skipBadImages()) return;
        for (String folder : c.data().train()) {
            for (Path f : org.rnd4j.data.ImageSet.list(Path.of(folder), "data.train")) {
                int[] size = org.rnd4j.data.Images.size(f);
                assertThat(Math.min(size[0], size[1])).as("%s against data.patch of %s", f, file).isGreaterThanOrEqualTo(c.data().patch());
            }
        }
    }

    @Test
    void defaultsAreFilledInOnePlace() throws IOException {
        RunConfig c = ConfigLoader.load(write(OK));
        assertThat(c.model().backbone()).isEqualTo("edsr");
        assertThat(c.model().rnd()).isTrue();
        assertThat(c.data().patch()).isEqualTo(96);
        assertThat(c.eval().cropBorder()).isEqualTo(4);
        assertThat(c.eval().yChannel()).isTrue();
        assertThat(c.output()).isEqualTo("checkpoints/t");
        // the resolved config round-trips
        Path again = write(ConfigLoader.toYaml(c));
        assertThat(ConfigLoader.load(again)).isEqualTo(c);
    }

    /** Each task type's own record: its defaults, the defaults it gives other sections, and a round trip. */
    @ParameterizedTest
    @ValueSource(strings = {"{type: colorization}|coefficients:\n  - 0.3333333333333333\n  - 0.3333333333333333\n  - 0.3333333333333333|64|0",
            "{type: cs}|block: 16\n  ratio: 0.25\n  seed: 2023\n  learnA: false\n  matrix: random|96|0",
            "{type: deblur, blur: box, decimate: 3}|blur: box\n  size: 5\n  border: reflect\n  decimate: 3\n  rcond: 0.001|96|0",
            "{type: inpainting, mask: boxes}|mask: boxes\n  boxes: 4\n  boxMin: 8\n  boxMax: 24\n  seed: 2023|64|0",
            "{type: sr, scale: 3}|scale: 3\n  downsample: average|72|3"})
    void eachTaskTypeFillsItsOwnDefaults(String spec) throws IOException {
        String[] p = spec.split("\\|");
        RunConfig c = ConfigLoader.load(write(OK.replace("{type: sr, scale: 4}", p[0])));
        assertThat(ConfigLoader.toYaml(c)).contains("task:\n  type: " + c.task().type() + "\n  " + p[1] + "\n  noise: 0.0\n");
        assertThat(c.data().patch()).isEqualTo(Integer.parseInt(p[2]));
        assertThat(c.eval().cropBorder()).isEqualTo(Integer.parseInt(p[3]));
        assertThat(ConfigLoader.load(write(ConfigLoader.toYaml(c)))).isEqualTo(c);
    }

    /** Checkpoints of earlier versions store every field of every task type, most of them null. */
    @Test
    void aConfigStoredByAnEarlierVersionStillParses() {
        String old = OK.replace("task: {type: sr, scale: 4}", """
                task:
                  type: sr
                  scale: 4
                  downsample: bicubic
                  coefficients: null
                  block: null
                  ratio: null
                  seed: null
                  blur: null
                  sigma: null
                  size: null
                  border: null
                  decimate: null
                  rcond: null
                  mask: null
                  boxes: null
                  boxMin: null
                  boxMax: null
                  noise: 0.0
                  lambda: null""");
        RunConfig c = ConfigLoader.parse(old, "stored");
        assertThat(c.task()).isEqualTo(ConfigLoader.parse(OK.replace("scale: 4}", "scale: 4, downsample: bicubic}"), "new").task());
        assertThatThrownBy(() -> ConfigLoader.parse(old.replace("block: null", "block: 8"), "stored"))
                .hasMessageContaining("stored: field 'task.block' does not apply to task type 'sr'");
    }

    @Test
    void typoNamesFileAndFieldPath() throws IOException {
        Path f = write(OK.replace("blocks: 2", "blokcs: 2"));
        assertThatThrownBy(() -> ConfigLoader.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("unknown field 'model.blokcs'")
                .hasMessageContaining("blocks");
    }

    @Test
    void wrongTypeSaysWhatIsExpected() throws IOException {
        Path f = write(OK.replace("lr: 1.0e-3", "lr: fast"));
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("field 'train.lr'").hasMessageContaining("a number")
                .hasMessageContaining("fast");
        Path g = write(OK.replace("iterations: 100", "iterations: 1.5"));
        assertThatThrownBy(() -> ConfigLoader.load(g)).hasMessageContaining("field 'train.iterations'").hasMessageContaining("an integer");
    }

    @Test
    void missingRequiredFieldIsNamed() throws IOException {
        Path f = write(OK.replace("val: datasets/set5", "patch: 96"));
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("missing field 'data.val'");
        Path g = write(OK.replace("task: {type: sr, scale: 4}\n", ""));
        assertThatThrownBy(() -> ConfigLoader.load(g)).hasMessageContaining("missing field 'task'");
    }

    @Test
    void missingFileAndBadValuesAreClear() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"))).hasMessageContaining("nope.yaml")
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> ConfigLoader.load(write(OK.replace("model: {", "data2: 1\nmodel: {"))))
                .hasMessageContaining("unknown field 'data2'");
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("data.patch", "90")))
                .hasMessageContaining("field 'data.patch'").hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("data.minScale", "1.5")))
                .hasMessageContaining("field 'data.minScale'").hasMessageContaining("[0.1, 1]").hasMessageContaining("got 1.5");
        assertThat(ConfigLoader.load(write(OK)).data().minScale()).as("default: no scale augmentation").isEqualTo(1.0);
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("data.luma", "ycbcr")))
                .hasMessageContaining("field 'data.luma'").hasMessageContaining("without data.gray: true");
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("data.gray", "true", "data.luma", "yuv")))
                .hasMessageContaining("field 'data.luma'").hasMessageContaining("one of rgb2gray, ycbcr").hasMessageContaining("got 'yuv'");
        assertThat(ConfigLoader.load(write(OK), Map.of("data.gray", "true")).data().luma()).as("default luma").isEqualTo("rgb2gray");
        assertThat(ConfigLoader.load(write(OK)).data().luma()).as("no luma without data.gray").isNull();
        assertThat(ConfigLoader.load(write(OK)).data().quantize()).as("default: float observations").isZero();
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("data.quantize", "17")))
                .hasMessageContaining("field 'data.quantize'").hasMessageContaining("[0, 16]");
        assertThatThrownBy(() -> ConfigLoader.load(write("task: {type: cs}\ndata: {train: [t], val: v, quantize: 8}\n")))
                .hasMessageContaining("field 'data.quantize'").hasMessageContaining("0 for cs");
        var ycbcr = ConfigLoader.load(write(OK), Map.of("data.gray", "true", "data.luma", "ycbcr"));
        assertThat(ConfigLoader.parse(ConfigLoader.toYaml(ycbcr), "its stored config", Map.of())).as("the resolved config reads back")
                .isEqualTo(ycbcr);
        assertThat(ConfigLoader.load(write(OK)).data().candidates()).as("default: uniform crops").isEqualTo(1);
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("data.candidates", "0")))
                .hasMessageContaining("field 'data.candidates'").hasMessageContaining("[1, 64]").hasMessageContaining("got 0");
        var away = ConfigLoader.load(write(OK), Map.of("eval.observations", "datasets/set5"));
        String storedElsewhere = ConfigLoader.toYaml(away).replace("observations: datasets/set5", "observations: /nowhere/lr");
        assertThat(ConfigLoader.parse(storedElsewhere, "its stored config").eval().observations())
                .as("a stored config names the training machine's folders: not checked here").isEqualTo("/nowhere/lr");
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("eval.observations", "/nowhere/lr")))
                .hasMessageContaining("field 'eval.observations'").hasMessageContaining("existing folder").hasMessageContaining("/nowhere/lr");
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("task.type", "denoise")))
                .hasMessageContaining("field 'task.type'").hasMessageContaining("sr, colorization, cs, deblur, inpainting");
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("task.ratio", "0.5")))
                .hasMessageContaining("does not apply to task type 'sr'");
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("model.backbone", "u-net!")))
                .hasMessageContaining("field 'model.backbone'").hasMessageContaining("a backbone name or a fully qualified class name");
    }

    @Test
    void overridesAreTypedAndChecked() throws IOException {
        RunConfig c = ConfigLoader.load(write(OK), Map.of("train.lr", "0.01", "model.rnd", "false"));
        assertThat(c.train().lr()).isEqualTo(0.01);
        assertThat(c.model().rnd()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.load(write(OK), Map.of("train.lrr", "0.01")))
                .hasMessageContaining("unknown field 'train.lrr'");
    }
}

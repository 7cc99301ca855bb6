package org.rnd4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.Cli;
import org.rnd4j.TestData;

/**
 * The three projects under {@code examples/}, built from their sources (each into its own jar, as
 * {@code mvn package} in the example folder would) and run with tiny iteration counts: a DL4J-layer
 * SRCNN plugin and a SameDiff U-Net plugin through the unchanged command line with
 * {@code --classpath}, and a Java program through the API. Each must end with {@code A x̂ = y}.
 */
class ExamplesTest {
    @TempDir
    static Path dir;
    static Path data;



    @BeforeAll
    static void data() throws IOException {
        data = TestData.folders(dir.resolve("data"));
    }

    /** Compiles {@code examples/<name>/src/main/java} against rnd4j and packs it with its resources into a jar. */
    static Path jar(String name) throws IOException {
        Path root = Path.of("examples", name), classes = dir.resolve(name + "-classes");
        Files.createDirectories(classes);
        List<String> sources;
        try (Stream<Path> s = Files.walk(root.resolve("src/main/java"))) {
            sources = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none",
                "-cp", System.getProperty("java.class.path")));
        args.addAll(sources);
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        assertThat(javac.run(null, diag, diag, args.toArray(new String[0]))).as("javac " + name + ": " + diag).isZero();
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path base : List.of(classes, root.resolve("src/main/resources"))) {
                if (!Files.isDirectory(base)) continue;
                try (Stream<Path> s = Files.walk(base)) {
                    for (Path f : s.filter(Files::isRegularFile).toList()) {
                        j.putNextEntry(new JarEntry(base.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, j);
                        j.closeEntry();
                    }
                }
            }
        }
        return jar;
    }

    static JsonNode summary(Path evalDir) throws IOException {
        return new ObjectMapper().readTree(evalDir.resolve("summary.json").toFile());
    }

    /** The tiny-data overrides shared by the plugin runs. */
    static String[] tiny(String name, int iterations) {
        return new String[]{"--set", "data.train=[" + data.resolve("train") + "]", "--set", "data.val=" + data.resolve("val"),
                "--set", "data.patch=32", "--set", "data.batch=4", "--set", "train.iterations=" + iterations,
                "--set", "train.schedule=constant", "--set", "output=" + dir.resolve(name)};
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void srcnnPluginTrainsResumesEvaluatesInfersAndIsSearched() throws Exception {
        Path jar = jar("srcnn-plugin");
        String cp = jar.toString();

        Cli.Run list = Cli.run("--classpath", cp, "backbones");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("srcnn").contains("srcnn-plugin.jar").contains("edsr");

        Cli.Run unknown = Cli.run("train", "examples/srcnn-plugin/srcnn.yaml");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err().strip()).contains("unknown backbone 'srcnn'").contains("edsr").contains("--classpath")
                .doesNotContain("\n");

        String[] small = {"--set", "model.options.n1=8", "--set", "model.options.n2=8"};
        Cli.Run t = Cli.run(concat(concat(new String[]{"--classpath", cp, "train", "examples/srcnn-plugin/srcnn.yaml"}, tiny("srcnn", 6)), small));
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("model srcnn").contains("done: 6 iterations");
        assertThat(summary(dir.resolve("srcnn/eval")).get("consistencyMaxAbs").asDouble()).isLessThan(1e-5);

        Cli.Run resumed = Cli.run(concat(concat(new String[]{"train", "examples/srcnn-plugin/srcnn.yaml", "--classpath", cp, "--resume"},
                tiny("srcnn", 10)), small));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming").contains("at iteration 6 of 10").contains("done: 10 iterations");
        assertThat(Files.readAllLines(dir.resolve("srcnn/train_log.csv"))).hasSize(11);

        Path ckpt = dir.resolve("srcnn/best.zip");
        Cli.Run e = Cli.run("--classpath", cp, "eval", "examples/srcnn-plugin/srcnn.yaml", "--checkpoint", ckpt.toString(),
                "--data", data.resolve("val").toString(), "--out", dir.resolve("srcnn-eval").toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(summary(dir.resolve("srcnn-eval")).get("consistencyMaxAbs").asDouble()).isLessThan(1e-5);

        Cli.Run i = Cli.run("--classpath", cp, "infer", "--checkpoint", ckpt.toString(), "--input", data.resolve("val").toString(),
                "--output", dir.resolve("srcnn-infer").toString());
        assertThat(i.code()).as(i.err()).isZero();
        assertThat(dir.resolve("srcnn-infer/v0.png")).exists();

        Path base = dir.resolve("srcnn-base.yaml");
        Files.writeString(base, Files.readString(Path.of("examples/srcnn-plugin/srcnn.yaml")));
        Path search = dir.resolve("search.yaml");
        Files.writeString(search, "name: srcnn-search\nbase: " + base + "\ngenerator: random\nmaxCandidates: 2\nseed: 3\n"
                + "output: " + dir.resolve("srcnn-search") + "\n"
                + "set: {data.train: [" + data.resolve("train") + "], data.val: " + data.resolve("val") + ", data.patch: 32,"
                + " data.batch: 4, train.iterations: 3, model.options.n1: 8, model.options.n2: 8}\n"
                + "search: {train.lr: {logUniform: [1.0e-4, 1.0e-3]}, model.options.f1: {choice: [5, 9]}}\n");
        Cli.Run s = Cli.run("--classpath", cp, "search", search.toString());
        assertThat(s.code()).as(s.out() + s.err()).isZero();
        List<String> rows = Files.readAllLines(dir.resolve("srcnn-search/results.csv"));
        assertThat(rows).hasSize(3);
        assertThat(rows.subList(1, 3)).allMatch(r -> r.contains("completed"));
    }

    @Test
    void sameDiffUNetPluginTrainsWithRndAndItsCheckpointNamesAMissingClass() throws Exception {
        Path jar = jar("unet-samediff");
        Cli.Run t = Cli.run(concat(new String[]{"--classpath", jar.toString(), "train", "examples/unet-samediff/unet-cs.yaml"},
                concat(tiny("unet", 6), "--set", "model.options.width=4")));
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("model unet").contains("done: 6 iterations");
        assertThat(summary(dir.resolve("unet/eval")).get("consistencyMaxAbs").asDouble()).isLessThan(1e-5);

        Cli.Run noJar = Cli.run("eval", "--checkpoint", dir.resolve("unet/best.zip").toString());
        assertThat(noJar.code()).isNotZero();
        assertThat(noJar.err().strip()).contains("org.rnd4j.examples.unet.UNetBlock").contains("--classpath").doesNotContain("\n");

        // fine-tuning the plugin's checkpoint: its SameDiff block is rebuilt from the jar, RND appended again
        Path ft = dir.resolve("unet-ft.yaml");
        Files.writeString(ft, "name: unet-ft\ntask: {type: cs, block: 8, ratio: 0.25}\n"
                + "data: {train: [" + data.resolve("train") + "], val: " + data.resolve("val") + ", patch: 32, batch: 4}\n"
                + "model: {init: {from: " + dir.resolve("unet/best.zip") + "}}\n"
                + "train: {iterations: 3, lr: 1.0e-4}\noutput: " + dir.resolve("unet-ft") + "\n");
        Cli.Run f = Cli.run("--classpath", jar.toString(), "train", ft.toString());
        assertThat(f.code()).as(f.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("unet-ft/finetune.csv"))).hasSize(4);
        assertThat(summary(dir.resolve("unet-ft/eval")).get("consistencyMaxAbs").asDouble()).isLessThan(1e-5);
    }

    @Test
    void javaApiProgramTrainsEvaluatesAndPrintsConsistency() throws Exception {
        Path jar = jar("api-train");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try (URLClassLoader cl = new URLClassLoader(new URL[]{jar.toUri().toURL()}, getClass().getClassLoader())) {
            Path datasets = dir.resolve("api-data");
            Files.createDirectories(datasets);
            copy(data.resolve("train"), datasets.resolve("t91"));
            copy(data.resolve("val"), datasets.resolve("set5"));
            cl.loadClass("org.rnd4j.examples.api.TrainInJava").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[]{datasets.toString(), "8", dir.resolve("api-run").toString()});
        } finally {
            System.setOut(old);
        }
        Matcher m = Pattern.compile("PSNR ([0-9.]+) dB \\(A†y ([0-9.]+)\\), max\\|Ax̂-y\\| = ([0-9.eE+-]+)").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        assertThat(Double.parseDouble(m.group(3))).isLessThan(1e-5);
        assertThat(Double.parseDouble(m.group(1))).isGreaterThan(10);
        assertThat(out.toString()).contains("graph built in Java").contains("done: 8 iterations");
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

}

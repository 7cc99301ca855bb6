package org.rnd4j;

import static org.rnd4j.TestData.QUIET;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.Image;
import org.rnd4j.data.Images;
import org.rnd4j.io.TestMounts;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.operator.OperatorSpec;
import org.rnd4j.operator.SuperResolution;
import org.rnd4j.train.Trainer;

/**
 * The reliability and security matrix: hostile or broken checkpoints fail fast with one line and
 * never reach Java deserialization, inference never destroys files, bad inputs are found before
 * the first training step, logs and checkpoints survive crashes, config mistakes name the field,
 * and no stack trace reaches the user. Each case failed before the change that added it.
 */
class ReliabilityTest {

    @TempDir
    static Path dir;
    static Path ckpt;
    static RunConfig cfg;

    @BeforeAll
    static void tinyCheckpoint() throws Exception {
        TestData.folders(dir);
        cfg = TestData.config(dir, "sr", 2, Map.of("output", dir.resolve("base").toString()));
        new Trainer(cfg, "test", QUIET).run(false);
        org.rnd4j.report.Report.forRun(dir.resolve("base"), QUIET, false);
        ckpt = dir.resolve("base/last.zip");
    }



    /** A copy of the base checkpoint with entries replaced ({@code null} removes one) or added. */
    static Path altered(String name, Map<String, byte[]> entries) throws Exception {
        Path out = dir.resolve(name);
        try (ZipFile in = new ZipFile(ckpt.toFile()); ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (entries.containsKey(e.getName())) continue;
                z.putNextEntry(new ZipEntry(e.getName()));
                in.getInputStream(e).transferTo(z);
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (e.getValue() == null) continue;
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
            }
        }
        return out;
    }

    /** Entry name → content pairs; a null content removes the entry. */
    static Map<String, byte[]> entries(Object... pairs) {
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (byte[]) pairs[i + 1]);
        return m;
    }

    static byte[] entry(Path zip, String name) throws Exception {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(name)).readAllBytes();
        }
    }

    static byte[] serialized(Object o) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    /** The classic serialization denial of service: nested sets whose hashing takes 2^100 steps when deserialized. */
    static Set<Object> serialDos() {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root, s2 = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Set<Object> t1 = new HashSet<>(), t2 = new HashSet<>();
            t1.add("x");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    static void failsFastWithOneLine(Path zip, String... expected) {
        Cli.Run r = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Cli.run("eval", "--checkpoint", zip.toString()),
                "hang guard");
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).startsWith("rnd4j: ").doesNotContain("\n").doesNotContain("\tat ");
        for (String e : expected) assertThat(r.err()).contains(e);
    }

    @Test
    void hostileCheckpointsFailFastWithoutDeserializing() throws Exception {
        byte[] dos = serialized(serialDos());
        failsFastWithOneLine(altered("dos-preprocessor.zip", Map.of("preprocessor.bin", dos)), "preprocessor.bin", "Java-serialized");
        failsFastWithOneLine(altered("dos-state.zip", entries(Checkpoint.STATE, null, "objects/rnd4j-state.json", dos)),
                "not a serialized string");
        failsFastWithOneLine(altered("date-state.zip", entries(Checkpoint.STATE, null, "objects/rnd4j-state.json",
                serialized(new java.util.Date()))), "not a serialized string");
        String json = new String(entry(ckpt, Checkpoint.CONFIG), StandardCharsets.UTF_8);
        failsFastWithOneLine(altered("unknown-class.zip", Map.of(Checkpoint.CONFIG,
                json.replace("org.rnd4j.layer.PixelShuffle", "com.evil.Gadget").getBytes(StandardCharsets.UTF_8))), "com.evil.Gadget",
                "--classpath");
        failsFastWithOneLine(altered("bomb.zip", Map.of(Checkpoint.COEFFICIENTS, new byte[200 << 20])), "coefficients.bin");
        failsFastWithOneLine(altered("bomb-json.zip", Map.of(Checkpoint.CONFIG, new byte[100 << 20])), "configuration.json");
        // an edited layer size: the parameters no longer fit the configuration
        failsFastWithOneLine(altered("edited.zip", Map.of(Checkpoint.CONFIG,
                json.replaceFirst("\"nout\" : 8", "\"nout\" : 9").replaceFirst("\"nin\" : 8", "\"nin\" : 9")
                        .getBytes(StandardCharsets.UTF_8))), "was the configuration edited");
        // the same edit done consistently (stored shapes too): the parameter file no longer fits
        failsFastWithOneLine(altered("edited-all.zip", Map.of(Checkpoint.CONFIG,
                json.replaceFirst("\"W\" : \\[ 3, 3, 3, 8 \\]", "\"W\" : [ 3, 3, 3, 9 ]")
                        .replaceFirst("\"b\" : \\[ 1, 8 \\]", "\"b\" : [ 1, 9 ]")
                        .replaceFirst("\"nout\" : 8", "\"nout\" : 9")
                        .getBytes(StandardCharsets.UTF_8))), "configuration needs");
        failsFastWithOneLine(dir.resolve("train/t0.png"), "not a zip");
    }

    @Test
    void aCheckpointsStateAndGraphMustAgreeAndResumeNeedsTheOptimizerState() throws Exception {
        Checkpoint.State st = Checkpoint.loadState(ckpt);
        Checkpoint.State wrong = new Checkpoint.State(st.iteration(), st.bestScore(), st.bestIteration(), OperatorSpec.sr(2),
                st.configYaml());
        Path mismatch = altered("mismatch.zip", Map.of(Checkpoint.STATE, new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsBytes(wrong)));
        assertThatThrownBy(() -> Checkpoint.load(mismatch, false)).hasMessageContaining("inconsistent")
                .hasMessageContaining("sr(scale=2)").hasMessageContaining("sr(scale=4)");

        Path noUpdater = altered("no-updater.zip", entries(Checkpoint.UPDATER, null));
        assertThat(Checkpoint.load(noUpdater, false).model()).isNotNull();
        assertThatThrownBy(() -> Checkpoint.load(noUpdater, true)).hasMessageContaining("no optimizer state");
    }

    @Test
    void aCheckpointWrittenByRnd4j010StillLoads() throws Exception {
        ComputationGraph g = Checkpoint.loadModel(ckpt);
        Path legacy = dir.resolve("legacy.zip");
        ModelSerializer.writeModel(g, legacy.toFile(), true);
        ModelSerializer.addObjectToFile(legacy.toFile(), "rnd4j-state.json",
                new String(entry(ckpt, Checkpoint.STATE), StandardCharsets.UTF_8));
        Checkpoint.Loaded l = Checkpoint.load(legacy, true);
        assertThat(l.model().params()).isEqualTo(g.params());
        assertThat(l.state().operator()).isEqualTo(OperatorSpec.sr(4));
    }

    @Test
    void inferNeverOverwritesInputsOrEachOther() throws Exception {
        Path in = dir.resolve("infer-in");
        Files.createDirectories(in.resolve("sub"));
        Files.copy(dir.resolve("val/v0.png"), in.resolve("a.png"));
        javax.imageio.ImageIO.write(javax.imageio.ImageIO.read(dir.resolve("val/v1.png").toFile()), "jpg", in.resolve("a.jpg").toFile());
        Files.copy(dir.resolve("val/v1.png"), in.resolve("sub/a.png"));
        byte[] original = Files.readAllBytes(in.resolve("a.png"));

        Cli.Run same = Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", in.toString(), "--output", in.toString());
        assertThat(same.code()).isNotZero();
        assertThat(same.err()).contains("input folder");
        Cli.Run inside = Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", in.toString(), "--output", in.resolve("out").toString());
        assertThat(inside.code()).isNotZero();
        assertThat(Files.readAllBytes(in.resolve("a.png"))).isEqualTo(original);

        Path out = dir.resolve("infer-out");
        Cli.Run ok = Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", in.toString(), "--output", out.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(out.resolve("a.png")).exists();
        assertThat(out.resolve("a_png.png")).exists();
        assertThat(out.resolve("sub/a.png")).exists();
        assertThat(ok.out()).contains("shares its name");
        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        byte[] first = Files.readAllBytes(out.resolve("a.png"));
        Cli.Run again = Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", in.toString(), "--output", out.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("already exists").contains("--overwrite");
        assertThat(Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", in.toString(), "--output", out.toString(),
                "--overwrite").code()).isZero();
        assertThat(Files.readAllBytes(out.resolve("a.png"))).isEqualTo(first);
    }

    /** An 8-bit gray input is decoded as written and restored as a gray PNG consistent with the real file. */
    @Test
    void aGrayInputIsRestoredGrayAndConsistentWithTheFile() throws Exception {
        Path in = dir.resolve("gray-in");
        Files.createDirectories(in);
        Image v = Images.read(dir.resolve("val/v0.png"));
        java.awt.image.BufferedImage g = new java.awt.image.BufferedImage(v.width(), v.height(), java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < v.height(); y++)
            for (int x = 0; x < v.width(); x++) g.getRaster().setSample(x, y, 0, Math.round(v.sample(1, y, x) * 255));
        javax.imageio.ImageIO.write(g, "png", in.resolve("g.png").toFile());
        Cli.Run r = Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", in.toString(), "--output", dir.resolve("gray-out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        Image lr = Images.read(in.resolve("g.png")), out = Images.read(dir.resolve("gray-out/g.png"));
        assertThat(out.gray()).isTrue();
        // A(output) against the file's own samples: within 8-bit rounding of the output
        var down = new SuperResolution(4).apply(out.toBatch(4));
        double worst = 0;
        for (int y = 0; y < lr.height(); y++)
            for (int x = 0; x < lr.width(); x++) worst = Math.max(worst, Math.abs(down.getDouble(0, 0, y, x) - lr.sample(0, y, x)));
        assertThat(worst).isLessThan(1.0 / 255);
    }

    @Test
    void badInputsAreFoundBeforeTheFirstStep() throws Exception {
        Path val = dir.resolve("val-bad");
        Files.createDirectories(val);
        Files.copy(dir.resolve("val/v0.png"), val.resolve("ok.png"));
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(3, 3, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                val.resolve("tiny.png").toFile());
        RunConfig bad = TestData.config(dir, "sr", 50, Map.of("data.val", val.toString(), "output", dir.resolve("late").toString()));
        assertThatThrownBy(() -> new Trainer(bad, "test", QUIET).run(false)).hasMessageContaining("data.val")
                .hasMessageContaining("tiny.png").hasMessageContaining("3x3");
        assertThat(dir.resolve("late/train_log.csv")).doesNotExist();
        Files.write(val.resolve("huge.png"), TestData.pngHeaderOnly(20000, 20000));
        Files.delete(val.resolve("tiny.png"));
        RunConfig skip = TestData.config(dir, "sr", 1, Map.of("data.val", val.toString(), "data.skipBadImages", "true",
                "output", dir.resolve("skip").toString()));
        assertThat(new Trainer(skip, "test", QUIET).run(false).finalEval().images()).isEqualTo(1);
    }

    @Test
    void aResumedLogEqualsAnUninterruptedOneAndEarlierRunsAreKept() throws Exception {
        RunConfig straight = TestData.config(dir, "sr", 10, Map.of("output", dir.resolve("log-a").toString(),
                "train.checkpointEvery", "5"));
        new Trainer(straight, "test", QUIET).run(false);
        RunConfig crashed = TestData.config(dir, "sr", 10, Map.of("output", dir.resolve("log-b").toString(),
                "train.checkpointEvery", "5"));
        new Trainer(crashed, "test", QUIET).stopAfter(5).run(false);
        // what kill -9 after the step-7 log row would leave: rows past the checkpoint
        Files.writeString(dir.resolve("log-b/train_log.csv"), "6,1.0,0.001,9.0\n7,1.0,0.001,9.5\n",
                java.nio.file.StandardOpenOption.APPEND);
        new Trainer(crashed, "test", QUIET).run(true);
        UnaryOperator<String> noTime = l -> l.substring(0, l.lastIndexOf(','));
        List<String> a = Files.readAllLines(dir.resolve("log-a/train_log.csv")).stream().map(noTime).toList();
        List<String> b = Files.readAllLines(dir.resolve("log-b/train_log.csv")).stream().map(noTime).toList();
        assertThat(b).hasSize(11);
        assertThat(b.subList(0, 6)).isEqualTo(a.subList(0, 6));

        // a folder holding only best.zip (a run that died before its first last.zip) is not overwritten
        Path half = dir.resolve("half");
        Files.createDirectories(half);
        Files.copy(ckpt, half.resolve(Trainer.BEST));
        byte[] kept = Files.readAllBytes(half.resolve(Trainer.BEST));
        Trainer.Result r = new Trainer(TestData.config(dir, "sr", 1, Map.of("output", half.toString())), "test", QUIET).run(false);
        assertThat(r.runDir()).isEqualTo(dir.resolve("half-2"));
        assertThat(Files.readAllBytes(half.resolve(Trainer.BEST))).isEqualTo(kept);
    }

    @Test
    void configMistakesNameTheField() throws Exception {
        Path f = dir.resolve("mistakes.yaml");
        String base = Files.readString(dir.resolve("sr.yaml"));
        Files.writeString(f, base + "train: {iterations: 3}\n");
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("Duplicate field 'train'");
        Files.writeString(f, base.replace("iterations: 2", "iterations: 99999999999"));
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("train.iterations").hasMessageContaining("out of range");
        Files.writeString(f, base.replace("name: tiny-sr", "name: ../../x"));
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("field 'name'");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("sr.yaml"), Map.of("..", "1"))).hasMessageContaining("not a field path");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("sr.yaml"), Map.of("train.", "1"))).hasMessageContaining("not a field path");
    }

    @Test
    void anOnnxFileWithAbsurdDimensionsIsRefusedWithOneLine() throws Exception {
        onnx.Onnx.TensorProto w = onnx.Onnx.TensorProto.newBuilder().setName("w").setDataType(onnx.Onnx.TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(List.of(1L << 40, 3L, 3L, 3L)).setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(new byte[16])).build();
        onnx.Onnx.ValueInfoProto in = onnx.Onnx.ValueInfoProto.newBuilder().setName("x").setType(onnx.Onnx.TypeProto.newBuilder()
                .setTensorType(onnx.Onnx.TypeProto.Tensor.newBuilder().setShape(onnx.Onnx.TensorShapeProto.newBuilder()
                        .addDim(onnx.Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(1))
                        .addDim(onnx.Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(3))
                        .addDim(onnx.Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(8))
                        .addDim(onnx.Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(8))))).build();
        onnx.Onnx.ModelProto m = onnx.Onnx.ModelProto.newBuilder().setGraph(onnx.Onnx.GraphProto.newBuilder().addInitializer(w)
                .addInput(in).addNode(onnx.Onnx.NodeProto.newBuilder().setOpType("Conv").addInput("x").addInput("w").addOutput("y"))).build();
        Path f = dir.resolve("absurd.onnx");
        Files.write(f, m.toByteArray());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> org.rnd4j.model.OnnxReader.load(f, "x", "y"))
                .hasMessageContaining("absurd.onnx").hasMessageContaining("dimensions"), "hang guard");
    }

    @Test
    void noStackTraceReachesTheUserUnlessAsked() throws Exception {
        Path notZip = dir.resolve("garbage.zip");
        Files.writeString(notZip, "garbage");
        Cli.Run quiet = Cli.run("infer", "--checkpoint", notZip.toString(), "--input", dir.resolve("val").toString(), "--output",
                dir.resolve("x").toString());
        assertThat(quiet.err().strip()).startsWith("rnd4j: ").doesNotContain("\n");
        Cli.Run debug = Cli.run("--debug", "infer", "--checkpoint", notZip.toString(), "--input", dir.resolve("val").toString(), "--output",
                dir.resolve("x").toString());
        assertThat(debug.err()).contains("\tat ");
    }

    // ---- second hardening round -------------------------------------------------------------

    /** A run folder like the base one (logs, config, evaluation), to plant things in. */
    static Path runCopy(String name) throws Exception {
        Path run = dir.resolve(name);
        try (var files = Files.walk(dir.resolve("base"))) {
            for (Path p : files.toList()) {
                Path to = run.resolve(dir.resolve("base").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else if (!p.getFileName().toString().endsWith(".zip")) Files.copy(p, to);
            }
        }
        return run;
    }

    static void oneLine(Cli.Run r, String... expected) {
        assertThat(r.code()).as(r.err()).isNotZero();
        assertThat(r.err().strip()).startsWith("rnd4j: ").doesNotContain("\n").doesNotContain("\tat ");
        for (String e : expected) assertThat(r.err()).contains(e);
    }

    @Test
    void reportsReadOnlyTheRunsOwnRegularFiles() throws Exception {
        Path run = runCopy("planted");
        byte[] earlier = Files.readAllBytes(run.resolve("report.html"));
        Files.createDirectories(run.resolve("eval/grids"));
        Files.createSymbolicLink(run.resolve("eval/grids/x.png"), Path.of("/etc/passwd"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            oneLine(Cli.run("report", run.toString()), "x.png", "not a regular file inside the run folder");
            Files.delete(run.resolve("eval/grids/x.png"));
            Files.createSymbolicLink(run.resolve("eval/grids/z.png"), Path.of("/dev/zero"));
            oneLine(Cli.run("report", run.toString()), "z.png");
            Files.delete(run.resolve("eval/grids/z.png"));
            Files.delete(run.resolve("config.yaml"));
            Files.createSymbolicLink(run.resolve("config.yaml"), Path.of("/etc/hostname"));
            oneLine(Cli.run("report", run.toString()), "config.yaml");
        }, "hang guard: /dev/zero must not be read");
        assertThat(Files.readAllBytes(run.resolve("report.html"))).isEqualTo(earlier);
    }

    /** 300 000 log rows with a loss of exactly 0 (inpainting at ratio 1): bounded points, a linear axis. */
    @Test
    void aLongLogWithZeroLossIsReported() throws Exception {
        Path run = runCopy("long-log");
        StringBuilder b = new StringBuilder("iteration,loss,lr,seconds\n");
        for (int i = 1; i <= 300_000; i++) b.append(i).append(",0.0,0.001,").append(i * 0.01).append('\n');
        Files.writeString(run.resolve("train_log.csv"), b);
        Cli.Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("report", run.toString()), "hang guard");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(run.resolve("report.html"))).contains("</html>");
    }

    /** With a nearly full disk, report fails naming the file and the complete earlier report stays. */
    @Test
    void aFullDiskNeverReplacesACompleteReport() throws Exception {
        Path source = runCopy("for-full");
        TestMounts.onTmpfs(dir.resolve("full"), "4m", mnt -> {
            Path run = mnt.resolve("run");
            try (var files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path to = run.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(to);
                    else Files.copy(p, to);
                }
            }
            assertThat(Cli.run("report", run.toString()).code()).isZero();
            byte[] complete = Files.readAllBytes(run.resolve("report.html"));
            TestMounts.fill(mnt, complete.length / 3);
            oneLine(Cli.run("report", run.toString()), "report.html", "no space left on device");
            assertThat(Files.readAllBytes(run.resolve("report.html"))).isEqualTo(complete);
            assertThat(TestMounts.temporaryFiles(run)).isEmpty();
        });
    }

    /** --resume on a nearly full disk: the log is rewritten atomically or not at all, and the run says why. */
    @Test
    void aResumeOnAFullDiskKeepsTheWholeLog() throws Exception {
        TestMounts.onTmpfs(dir.resolve("full-resume"), "6m", mnt -> {
            Path run = mnt.resolve("run");
            Files.createDirectories(run);
            Files.copy(ckpt, run.resolve("last.zip"));
            StringBuilder log = new StringBuilder("iteration,loss,lr,seconds\n");
            for (int i = 0; i < 50_000; i++) log.append(1 + i % 2).append(",0.5,0.001,0.1\n");
            Files.writeString(run.resolve("train_log.csv"), log);
            byte[] before = Files.readAllBytes(run.resolve("train_log.csv"));
            TestMounts.fill(mnt, 100_000);
            RunConfig resume = TestData.config(dir, "sr", 4, Map.of("output", run.toString()));
            assertThatThrownBy(() -> new Trainer(resume, "test", QUIET).run(true)).hasMessageContaining("train_log.csv")
                    .hasMessageContaining("no space left on device");
            assertThat(Files.readAllBytes(run.resolve("train_log.csv"))).isEqualTo(before);
            assertThat(TestMounts.temporaryFiles(run)).isEmpty();
        });
    }

    @Test
    void degradeAndInferNeverReplaceTheirInputs() throws Exception {
        Path d = dir.resolve("deg");
        Files.createDirectories(d);
        Files.copy(dir.resolve("train/t0.png"), d.resolve("baby.png"));
        byte[] original = Files.readAllBytes(d.resolve("baby.png"));
        oneLine(Cli.run("degrade", dir.resolve("sr.yaml").toString(), "--input", d.resolve("baby.png").toString(), "--output",
                d.toString(), "--overwrite"), "would be the input itself");
        assertThat(Files.readAllBytes(d.resolve("baby.png"))).isEqualTo(original);

        Path link = dir.resolve("deg-link");
        Files.createSymbolicLink(link, d);
        oneLine(Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", d.toString(), "--output", link.toString(), "--overwrite"),
                "the input folder", "through a link");
        oneLine(Cli.run("degrade", dir.resolve("sr.yaml").toString(), "--input", d.toString(), "--output", link.toString(),
                "--overwrite"), "the input folder");
        assertThat(Files.readAllBytes(d.resolve("baby.png"))).isEqualTo(original);
        oneLine(Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", d.toString(), "--output", "/dev/null"),
                "/dev/null", "not a folder");
    }

    /** CS measurements are written atomically as NumPy files that hold exactly the observation. */
    @Test
    void degradeWritesCsMeasurementsAsNumpy() throws Exception {
        RunConfig cs = TestData.config(dir, "cs", 1, Map.of());
        Path out = dir.resolve("cs-npy");
        Cli.Run r = Cli.run("degrade", dir.resolve("cs.yaml").toString(), "--input", dir.resolve("val").toString(), "--output",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.createFromNpyFile(out.resolve("v0.npy").toFile());
        org.rnd4j.operator.Degradation op = org.rnd4j.operator.Operators.fromTask(cs.task());
        org.nd4j.linalg.api.ndarray.INDArray expected = op.observe(Images.read(dir.resolve("val/v0.png")).toBatch(8),
                org.rnd4j.eval.Evaluator.seedOf("v0.png"), 0, 48, 48).slice(0);
        assertThat(y.shape()).isEqualTo(expected.shape());
        assertThat(y.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("v0.npy", "v1.npy");
        }
    }

    @Test
    void craftedCheckpointsAreRefusedBeforeAnyWork() throws Exception {
        String json = new String(entry(ckpt, Checkpoint.CONFIG), StandardCharsets.UTF_8);
        String state = new String(entry(ckpt, Checkpoint.STATE), StandardCharsets.UTF_8);
        assertThat(json).contains("\"scale\" : 4");
        UnaryOperator<String> huge = j -> j.replace("\"scale\" : 4", "\"scale\" : 2000000000");
        failsFastWithOneLine(altered("scale.zip", Map.of(Checkpoint.CONFIG, huge.apply(json).getBytes(StandardCharsets.UTF_8))),
                "task.scale", "2000000000");
        UnaryOperator<String> cs = j -> j.replace("\"kind\" : \"sr\"", "\"kind\" : \"cs\"").replace("\"block\" : 0", "\"block\" : 150")
                .replace("\"ratio\" : 0.0", "\"ratio\" : 0.5");
        failsFastWithOneLine(altered("cs150.zip", Map.of(Checkpoint.CONFIG, cs.apply(json).getBytes(StandardCharsets.UTF_8),
                Checkpoint.STATE, state.replace("\"kind\":\"sr\"", "\"kind\":\"cs\"").replace("\"block\":0", "\"block\":150")
                        .getBytes(StandardCharsets.UTF_8))), "task.block", "150");

        // NaN weights: a model that restores nothing is refused at load
        org.nd4j.linalg.api.ndarray.INDArray p = Checkpoint.loadModel(ckpt).params().dup();
        p.putScalar(3, Double.NaN);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        org.nd4j.linalg.factory.Nd4j.write(p, new java.io.DataOutputStream(bytes));
        failsFastWithOneLine(altered("nan.zip", Map.of(Checkpoint.COEFFICIENTS, bytes.toByteArray())), "NaN or infinite");

        // a configuration declaring 150 M parameters over a few KB of deflated zeros
        String big = json.replaceFirst("\"W\" : \\[ 3, 3, 3, 8 \\]", "\"W\" : [ 3, 3, 3, 6000000 ]")
                .replaceFirst("\"b\" : \\[ 1, 8 \\]", "\"b\" : [ 1, 6000000 ]")
                .replaceFirst("\"nout\" : 8", "\"nout\" : 6000000");
        failsFastWithOneLine(altered("zeros.zip", Map.of(Checkpoint.CONFIG, big.getBytes(StandardCharsets.UTF_8),
                Checkpoint.COEFFICIENTS, new byte[16 << 20])), "compressed bytes");
    }

    @Test
    void configsThatWouldExhaustTheMachineNameTheField() throws Exception {
        Path f = dir.resolve("exhaust.yaml");
        String base = Files.readString(dir.resolve("sr.yaml"));
        for (String[] c : new String[][]{{"data.prefetch", "2147483647"}, {"data.prefetch", "100000"}, {"model.blocks", "20000"},
                {"model.feats", "100000"}, {"data.batch", "1000000"}}) {
            assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("sr.yaml"), Map.of(c[0], c[1]))).as(c[0])
                    .hasMessageContaining("field '" + c[0] + "'").hasMessageContaining(c[1]);
        }
        Files.writeString(f, base.replace("{type: sr, scale: 4}",
                "{type: inpainting, mask: boxes, boxes: 2, boxMin: 2000000000, boxMax: 2000000000}"));
        assertThatThrownBy(() -> ConfigLoader.load(f)).hasMessageContaining("task.boxMin").hasMessageContaining("4096");
        oneLine(Cli.run("train", "/dev/zero"), "/dev/zero", "not a regular file");
        Files.write(f, base.replace("name: tiny-sr", "name: tiny-sr # café").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        oneLine(Cli.run("train", f.toString()), "not UTF-8");
        Files.write(f, base.getBytes(java.nio.charset.StandardCharsets.UTF_16));
        oneLine(Cli.run("train", f.toString()), "not UTF-8");
    }

    @Test
    void aStateThatIsNoPositionInARunIsRefusedAtLoad() throws Exception {
        String state = new String(entry(ckpt, Checkpoint.STATE), StandardCharsets.UTF_8);
        assertThat(state).contains("\"iteration\":2");
        failsFastWithOneLine(altered("negative.zip", Map.of(Checkpoint.STATE, state.replace("\"iteration\":2", "\"iteration\":-5")
                .getBytes(StandardCharsets.UTF_8))), "iteration -5");
    }

    /** Inpainting that keeps every pixel: warned at the start, trained to a loss of 0 (to rounding), reported on a linear axis. */
    @Test
    void anOperatorThatKeepsEverythingIsWarnedAbout() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        RunConfig all = TestData.config(dir, "inpainting", 2, Map.of("task.ratio", "1.0", "output", dir.resolve("all").toString()));
        Trainer.Result r = new Trainer(all, "test", new java.io.PrintStream(text, true)).run(false);
        assertThat(text.toString()).contains("warning: task.ratio 1.0 keeps every pixel");
        assertThat(r.losses()).allSatisfy(l -> assertThat(l).isLessThan(1e-10));
        assertThat(Files.readString(org.rnd4j.report.Report.forRun(r.runDir(), QUIET, false))).contains("</html>");
    }

    /** Within every field's range and still far beyond the machine: refused before anything is allocated. */
    @Test
    void aRunThatCannotFitInMemoryIsRefusedBeforeItStarts() throws Exception {
        RunConfig huge = TestData.config(dir, "sr", 2, Map.of("model.feats", "1024", "model.blocks", "128", "data.batch", "64",
                "output", dir.resolve("huge").toString()));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> new Trainer(huge, "test", QUIET).run(false))
                .hasMessageContaining("this run needs about").hasMessageContaining("model.feats/blocks")
                .hasMessageNotContaining("\n"), "hang guard");
        assertThat(dir.resolve("huge")).as("a refused run leaves no folder").doesNotExist();
        // a fine-tune is estimated once its source is loaded: refused there, it used to leave a config.yaml in its folder,
        // and the corrected run then went to ft-2
        Path ft = dir.resolve("ft.yaml");
        Files.writeString(ft, "name: ft\noutput: " + dir.resolve("ft") + "\ntask: {type: sr, scale: 4, downsample: bicubic}\n"
                + "data: {train: [" + dir.resolve("train") + "], val: " + dir.resolve("val") + ", patch: 64, batch: 4096}\n"
                + "model: {init: {from: checkpoints/pretrained/sr-bicubic-x4-deep.zip}}\ntrain: {iterations: 2}\n");
        Cli.Run refused = Cli.run("train", ft.toString());
        assertThat(refused.err()).contains("this run needs about");
        assertThat(dir.resolve("ft")).doesNotExist();
        // the tiny runs of this suite are far inside the estimate
        var tiny = org.rnd4j.model.MemoryEstimate.of(Checkpoint.loadModel(ckpt).getConfiguration(), cfg, new SuperResolution(4));
        assertThat(tiny.total()).isPositive().isLessThan(1L << 30);
    }

    @Test
    void imagesAreReadWithoutTheirMetadataAndWithinBoundedSides() throws Exception {
        // a 0.5 MB zTXt chunk that inflates to 512 MiB: never inflated
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (var def = new java.util.zip.DeflaterOutputStream(z, new java.util.zip.Deflater(9))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 512; i++) def.write(zeros);
        }
        byte[] png = Files.readAllBytes(dir.resolve("val/v0.png"));
        ByteArrayOutputStream ztxt = new ByteArrayOutputStream();
        ztxt.write("Comment".getBytes(StandardCharsets.ISO_8859_1));
        ztxt.write(0);
        ztxt.write(0);
        ztxt.write(z.toByteArray());
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, TestData.withChunk(png, "zTXt", ztxt.toByteArray()));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        Image im = Images.read(bomb);
        assertThat(im.width()).isEqualTo(48);
        assertThat(rt.totalMemory() - rt.freeMemory() - before).as("heap growth").isLessThan(256L << 20);
        // 1 × 70 000: under the pixel limit, over the side limit
        Files.write(dir.resolve("strip.png"), TestData.pngHeaderOnly(70_000, 1));
        assertThatThrownBy(() -> Images.read(dir.resolve("strip.png"))).hasMessageContaining("strip.png")
                .hasMessageContaining("70000x1");
    }
}

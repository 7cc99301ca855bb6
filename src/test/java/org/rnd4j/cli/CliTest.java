package org.rnd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.Cli;
import org.rnd4j.TestData;
import org.rnd4j.data.Images;

/** The command line end to end: train, eval, infer, bench, and one-line errors. */
class CliTest {
    @TempDir
    Path dir;

    /**
     * A command line that does not parse is one line saying what is wrong and where the help is (exit code 2), with
     * picocli's suggestion for a misspelt command; not the whole usage, which hid the line above it.
     */
    @Test
    void aMalformedCommandLineIsOneLineAndAPointerToTheHelp() {
        Cli.Run unknown = Cli.run("train", "--foo", "configs/quickstart.yaml");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("rnd4j: Unknown option: '--foo' (see rnd4j train --help)");
        Cli.Run set = Cli.run("train", "configs/quickstart.yaml", "--set", "train.iterations");
        assertThat(set.err().strip()).isEqualTo("rnd4j: Value for option '--set' (KEY=VALUE) should be in KEY=VALUE format but was"
                + " train.iterations (see rnd4j train --help)");
        Cli.Run misspelt = Cli.run("trian");
        assertThat(misspelt.code()).isEqualTo(2);
        assertThat(misspelt.err().lines().toList()).containsExactly("rnd4j: Unmatched argument at index 0: 'trian' (see rnd4j --help)",
                "Did you mean: rnd4j train?");
    }

    /** Numeric options out of range are one line naming the option (bench's crashed in ND4J, --max-pixels -5 said "-0.0 MP"). */
    @Test
    void numericOptionsOutOfRangeNameTheOption() {
        String ck = "checkpoints/pretrained/sr-bicubic-x4.zip";
        Map<String, String[]> cases = Map.of(
                "rnd4j: --batch: expected at least 1, got 0", new String[]{"bench", "--batch", "0"},
                "rnd4j: --steps: expected at least 1, got -1", new String[]{"bench", "--steps", "-1"},
                "rnd4j: --max-pixels: expected at least 1, got -5",
                new String[]{"infer", "--checkpoint", ck, "--input", "datasets/set5", "--output", dir.toString(), "--max-pixels", "-5"},
                "rnd4j: --tile-overlap: expected at least 0, got -1",
                new String[]{"infer", "--checkpoint", ck, "--input", "datasets/set5", "--output", dir.toString(), "--tile-overlap", "-1"},
                "rnd4j: --max-pixels: expected at least 1, got 0", new String[]{"eval", "--checkpoint", ck, "--max-pixels", "0"});
        cases.forEach((line, args) -> {
            Cli.Run r = Cli.run(args);
            assertThat(r.code()).as(line).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo(line);
        });
        assertThat(dir.toFile().list()).as("nothing written").isEmpty();
    }

    /** {@code --output out.png} made a folder named out.png holding the output; it is now one line saying --output is a folder. */
    @Test
    void anOutputNamedLikeAnImageFileIsRefused() {
        Path target = dir.resolve("out.png");
        Cli.Run r = Cli.run("infer", "--checkpoint", "checkpoints/pretrained/sr-bicubic-x4.zip", "--input",
                "datasets/set5-bicubic-x4/bird.png", "--output", target.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("rnd4j: --output " + target + " looks like a file name, but it is the folder the outputs"
                + " go to (each named after its input); give a folder, e.g. --output " + dir);
        assertThat(target).doesNotExist();
        Cli.Run d = Cli.run("degrade", "configs/quickstart.yaml", "--input", "datasets/set5", "--output", dir.resolve("lr.PNG").toString());
        assertThat(d.err()).contains("looks like a file name");
    }

    /** The command list of {@code rnd4j --help} shows each command's first description line: a whole sentence. */
    @Test
    void everyCommandIsListedWithAWholeSentence() {
        Map<String, picocli.CommandLine> commands = new picocli.CommandLine(new Main()).getSubcommands();
        assertThat(commands).containsKeys("train", "eval", "infer", "degrade", "search", "report", "benchmark", "export");
        commands.forEach((name, cl) -> assertThat(cl.getCommandSpec().usageMessage().description()[0]).as(name).endsWith("."));
    }

    /** An OutOfMemoryError from a worker thread arrives wrapped; it is still one line with the knobs. */
    @Test
    void wrappedOutOfMemoryErrorsAreOneLineWithTheKnobs() {
        Throwable wrapped = new IllegalStateException("prefetching failed", new java.util.concurrent.ExecutionException(
                new OutOfMemoryError("Physical memory usage is too high: physicalBytes (25G) > maxPhysicalBytes (24G)\nmore")));
        assertThat(Errors.oneLine(wrapped)).startsWith("out of memory (Physical memory usage is too high")
                .contains("data.prefetch").contains("-Xmx").doesNotContain("\n").doesNotContain("unexpected error");
    }

    /** An OutOfMemoryError thrown by a command (an Error, which picocli does not hand to its handler) is one line too. */
    @Test
    void anOutOfMemoryErrorInACommandIsOneLine() {
        @picocli.CommandLine.Command(name = "boom")
        class Boom implements java.util.concurrent.Callable<Integer> {
            @Override
            public Integer call() {
                throw new OutOfMemoryError("Physical memory usage is too high: physicalBytes (17G) > maxPhysicalBytes (16G)");
            }
        }
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true));
        int code;
        try {
            code = Main.execute(cl -> cl.addSubcommand(new Boom()), "boom");
        } finally {
            System.setErr(oldErr);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("rnd4j: out of memory (Physical memory usage is too high")
                .contains("-Xmx").doesNotContain("\n").doesNotContain("at org.");
    }

    @Test
    void trainEvalInferFromTheCommandLine() throws Exception {
        TestData.config(TestData.folders(dir), "sr", 3, Map.of());
        Path cfg = dir.resolve("sr.yaml");
        Cli.Run t = Cli.run("train", cfg.toString(), "--set", "train.iterations=4");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("done: 4 iterations").contains("max|Ax̂-y|").contains("report: ");
        assertThat(Files.readString(dir.resolve("run-sr/config.yaml"))).startsWith("# resolved by rnd4j from " + cfg + " at ");
        Path ckpt = dir.resolve("run-sr/best.zip");

        Cli.Run e = Cli.run("eval", cfg.toString(), "--checkpoint", ckpt.toString(), "--out", dir.resolve("ev").toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ev/results.csv"))).hasSize(3);

        Cli.Run i = Cli.run("infer", "--checkpoint", ckpt.toString(), "--input", dir.resolve("val").toString(), "--output",
                dir.resolve("inf").toString());
        assertThat(i.code()).as(i.err()).isZero();
        var im = javax.imageio.ImageIO.read(dir.resolve("inf/v0.png").toFile());
        assertThat(im.getWidth()).isEqualTo(4 * 48);
    }

    /**
     * A checkpoint used away from the folders it was trained with (another machine or working directory): its stored
     * config's {@code eval.observations} no longer exists, yet {@code infer} and {@code eval --data} work; a folder of LR
     * files is paired only with the images it was made from ({@code data.val}) or given with {@code --observations};
     * and relative {@code --input} folders are listed under the name given.
     */
    @Test
    void aCheckpointWorksAwayFromTheFoldersItWasTrainedWith() throws Exception {
        Path set = dir.resolve("set"), lr = dir.resolve("lr");
        Files.createDirectories(set);
        Files.createDirectories(lr);
        for (String n : java.util.List.of("bird", "butterfly")) {
            Files.copy(Path.of("datasets/set5/" + n + ".png"), set.resolve(n + ".png"));
            Files.copy(Path.of("datasets/set5-bicubic-x4/" + n + ".png"), lr.resolve(n + ".png"));
        }
        Path cfg = dir.resolve("away.yaml");
        Files.writeString(cfg, "name: away\noutput: " + dir.resolve("run") + "\ntask: {type: sr, scale: 4, downsample: bicubic}\n"
                + "data: {train: [datasets/set5], val: " + set + ", patch: 32, batch: 2}\nmodel: {feats: 4, blocks: 1}\n"
                + "train: {iterations: 2, validateEvery: 2, checkpointEvery: 2}\neval: {observations: " + lr + ", saveImages: false}\n");
        Cli.Run t = Cli.run("train", cfg.toString());
        assertThat(t.code()).as(t.err()).isZero();
        String ck = dir.resolve("run/best.zip").toString();

        // with the LR files where they were: eval of data.val reads them (one of them missing is an error naming it)
        Files.delete(lr.resolve("bird.png"));
        Cli.Run paired = Cli.run("eval", "--checkpoint", ck, "--out", dir.resolve("e0").toString());
        assertThat(paired.err().strip()).contains("no observation").contains("bird.png").doesNotContain("\n");
        // and training stops before its first step, not at its first validation
        Cli.Run early = Cli.run("train", cfg.toString(), "--set", "output=" + dir.resolve("early"), "--set", "train.iterations=50",
                "--set", "train.validateEvery=50");
        assertThat(early.err().strip()).contains("no observation").contains("bird.png").doesNotContain("\n");
        assertThat(dir.resolve("early/train_log.csv")).doesNotExist();
        // other images are never paired by name with them: simulated
        Cli.Run other = Cli.run("eval", "--checkpoint", ck, "--data", "datasets/set5", "--out", dir.resolve("e1").toString());
        assertThat(other.code()).as(other.err()).isZero();
        assertThat(other.out()).contains("over 5 images");
        // unless given with --observations
        Cli.Run given = Cli.run("eval", "--checkpoint", ck, "--data", "datasets/set5", "--observations", lr.toString(),
                "--out", dir.resolve("e2").toString());
        assertThat(given.err().strip()).contains("no observation").contains("baby.png").doesNotContain("\n");

        // the LR folder gone (the checkpoint elsewhere): infer and eval --data still work; eval of data.val says why not
        Files.walk(lr).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        Cli.Run infer = Cli.run("infer", "--checkpoint", ck, "--input", "datasets/set5-bicubic-x4", "--output",
                dir.resolve("inf").toString());
        assertThat(infer.code()).as(infer.err()).isZero();
        assertThat(dir.resolve("inf/bird.png")).isRegularFile();
        assertThat(dir.resolve("inf/woman.png")).isRegularFile();
        Cli.Run away = Cli.run("eval", "--checkpoint", ck, "--data", "datasets/set5", "--out", dir.resolve("e3").toString());
        assertThat(away.code()).as(away.err()).isZero();
        Cli.Run val = Cli.run("eval", "--checkpoint", ck, "--out", dir.resolve("e4").toString());
        assertThat(val.code()).isNotZero();
        assertThat(val.err().strip()).contains("eval.observations").contains(lr.toString()).doesNotContain("\n");
        Cli.Run train = Cli.run("train", cfg.toString(), "--set", "name=again", "--set", "output=" + dir.resolve("again"));
        assertThat(train.err().strip()).as("a config file's folders are checked where it is loaded")
                .contains("away.yaml").contains("'eval.observations'").doesNotContain("\n");
        Cli.Run cs = Cli.run("eval", "--checkpoint", ck, "--data", "datasets/set5", "--observations", "nowhere");
        assertThat(cs.err().strip()).contains("--observations").contains("nowhere").doesNotContain("\n");
    }

    /**
     * One undecodable file in a folder: infer and degrade still write the others, name it in one line as they meet
     * it, and fail at the end saying how many were skipped (before, the first bad file stopped the batch half-written).
     */
    @Test
    void aBadInputIsSkippedNamedAndCounted() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(Path.of("datasets/set5-bicubic-x4/bird.png"), in.resolve("a.png"));
        Files.write(in.resolve("b.png"), java.util.Arrays.copyOf(Files.readAllBytes(in.resolve("a.png")), 200));
        Files.copy(Path.of("datasets/set5-bicubic-x4/head.png"), in.resolve("c.png"));
        for (String[] cmd : new String[][] {
                {"infer", "--checkpoint", "checkpoints/pretrained/sr-bicubic-x4.zip", "--input", in.toString(), "--output", dir.resolve("i").toString()},
                {"degrade", "configs/quickstart.yaml", "--input", in.toString(), "--output", dir.resolve("d").toString()}}) {
            Cli.Run r = Cli.run(cmd);
            assertThat(r.code()).as(r.err()).isNotZero();
            assertThat(r.err().strip().lines().toList()).containsExactly(
                    "rnd4j: " + cmd[0] + ": cannot decode image " + in.resolve("b.png") + ": Error reading PNG image data; skipped",
                    "rnd4j: " + cmd[0] + ": 1 of 3 inputs could not be used (named above); the other 2 were written");
            Path out = Path.of(cmd[cmd.length - 1]);
            assertThat(out.resolve("a.png")).isRegularFile();
            assertThat(out.resolve("b.png")).doesNotExist();
            assertThat(out.resolve("c.png")).isRegularFile();
        }
    }

    /**
     * An interrupted folder is finished with {@code --skip-existing}: outputs already there are kept as they are (each
     * was written whole or not at all) and only the missing ones are made; without it an existing output is refused.
     */
    @Test
    void skipExistingFinishesAnInterruptedFolder() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String n : java.util.List.of("bird", "head", "woman")) {
            Files.copy(Path.of("datasets/set5-bicubic-x4/" + n + ".png"), in.resolve(n + ".png"));
        }
        for (String[] cmd : new String[][] {
                {"infer", "--checkpoint", "checkpoints/pretrained/sr-bicubic-x4.zip", "--input", in.toString(), "--output", dir.resolve("i").toString()},
                {"degrade", "configs/quickstart.yaml", "--input", in.toString(), "--output", dir.resolve("d").toString()}}) {
            Path out = Path.of(cmd[cmd.length - 1]);
            assertThat(Cli.run(cmd).code()).isZero();
            Files.delete(out.resolve("head.png"));
            Files.writeString(out.resolve("bird.png"), "kept");
            Cli.Run refused = Cli.run(cmd);
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err().strip()).contains("already exists").contains("--skip-existing").doesNotContain("\n");
            assertThat(out.resolve("head.png")).doesNotExist();
            String[] skip = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            skip[cmd.length] = "--skip-existing";
            Cli.Run r = Cli.run(skip);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("kept 2 existing").contains("head.png").doesNotContain("bird.png ->");
            assertThat(Files.readString(out.resolve("bird.png"))).isEqualTo("kept");
            assertThat(Images.read(out.resolve("head.png")).width()).isEqualTo(cmd[0].equals("infer") ? 4 * 70 : 70 / 4);
            String[] both = java.util.Arrays.copyOf(skip, skip.length + 1);
            both[skip.length] = "--overwrite";
            assertThat(Cli.run(both).err().strip()).isEqualTo("rnd4j: --overwrite and --skip-existing: choose one");
        }
    }

    /**
     * eval and benchmark never replace earlier results silently: a folder holding them is kept and the new ones go to
     * {@code <folder>-2}, saying so; {@code --overwrite} replaces them; the self-ensemble's default folder is its own.
     */
    @Test
    void evalAndBenchmarkKeepEarlierResults() throws Exception {
        Path ck = Files.createDirectories(dir.resolve("ck")).resolve("model.zip");
        Files.copy(Path.of("checkpoints/pretrained/sr-bicubic-x4.zip"), ck);
        Path out = dir.resolve("ev");
        assertThat(Cli.run("eval", "--checkpoint", ck.toString(), "--out", out.toString()).code()).isZero();
        Files.writeString(out.resolve("summary.json"), "earlier");
        Cli.Run again = Cli.run("eval", "--checkpoint", ck.toString(), "--out", out.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("note: " + out + " already holds results (summary.json); these go to " + out + "-2");
        assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo("earlier");
        assertThat(dir.resolve("ev-2/summary.json")).isRegularFile();
        assertThat(Cli.run("eval", "--checkpoint", ck.toString(), "--out", out.toString(), "--overwrite").code()).isZero();
        assertThat(Files.readString(out.resolve("summary.json"))).contains("psnr");

        Path set = TestData.pairs(dir.resolve("Pairs"), "datasets/set5/", "datasets/set5-bicubic-x4/");
        for (String[] extra : new String[][] {{}, {"--self-ensemble"}, {}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("benchmark", "--checkpoint", ck.toString(), "--sets", set.toString()));
            args.addAll(java.util.List.of(extra));
            Cli.Run b = Cli.run(args.toArray(String[]::new));
            assertThat(b.code()).as(b.err()).isZero();
        }
        assertThat(dir.resolve("ck/benchmark/benchmark.csv")).isRegularFile();
        assertThat(dir.resolve("ck/benchmark-se/benchmark.csv")).isRegularFile();
        assertThat(dir.resolve("ck/benchmark-2/benchmark.csv")).as("the third call, plain again").isRegularFile();
    }

    /**
     * SIGTERM during training (kill; Ctrl-C in a terminal): the run saves {@code last.zip} and writes its report before
     * the JVM exits. Before, drawing the charts during the shutdown failed ("Shutdown in progress": ImageIO's default
     * file cache registers a shutdown hook) and the report was lost; an in-process stop request never showed it.
     */
    @Test
    void aTerminatedRunSavesItsCheckpointAndWritesItsReport() throws Exception {
        TestData.config(TestData.folders(dir), "sr", 1_000_000, Map.of());
        Path cfg = dir.resolve("sr.yaml");
        Files.writeString(cfg, Files.readString(cfg).replace("logEvery: 1000", "logEvery: 2"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", cfg.toString()).redirectErrorStream(true).start();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(180_000);
                p.destroyForcibly();   // a hung child ends the reads below, and the assertions then fail
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        StringBuilder out = new StringBuilder();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.append(line).append('\n');
                if (line.matches(".*\\] \\d+/1000000 .*")) break;
            }
            assertThat(p.isAlive()).as(out.toString()).isTrue();
            p.toHandle().destroy();   // SIGTERM (Process.destroy would also close the output we read)
            while ((line = in.readLine()) != null) out.append(line).append('\n');
        }
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        watchdog.interrupt();
        assertThat(out.toString()).contains("interrupted: saved " + dir.resolve("run-sr/last.zip"))
                .contains("report so far: " + dir.resolve("run-sr/report.html")).doesNotContain("could not be written");
        assertThat(dir.resolve("run-sr/report.html")).isRegularFile();
        assertThat(dir.resolve("run-sr/last.zip")).isRegularFile();
    }

    /**
     * A run that fails before writing anything (here an unknown backbone, found when the model is built) leaves no
     * run folder behind; before, an empty {@code checkpoints/<name>/} with a {@code .lock} stayed (the test suite
     * itself left {@code checkpoints/srcnn/} in the repository). A folder that was there before is kept.
     */
    @Test
    void aRunThatFailsToStartLeavesNoFolder() throws Exception {
        TestData.config(TestData.folders(dir), "sr", 4, Map.of());
        Path cfg = dir.resolve("sr.yaml");
        Files.writeString(cfg, Files.readString(cfg).replace("backbone: edsr", "backbone: nope"));
        Cli.Run r = Cli.run("train", cfg.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("unknown backbone 'nope'");
        assertThat(dir.resolve("run-sr")).doesNotExist();
        Path kept = Files.createDirectories(dir.resolve("mine"));
        Cli.Run again = Cli.run("train", cfg.toString(), "--set", "output=" + kept);
        assertThat(again.err()).contains("unknown backbone 'nope'");
        assertThat(kept).isDirectory();
    }

    @Test
    void errorsAreOneLineWithANonZeroExitCode() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "task: {type: sr, scael: 4}\ndata: {train: [x], val: y}\n");
        Cli.Run r = Cli.run("train", bad.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).startsWith("rnd4j: ").contains("unknown field 'task.scael'").doesNotContain("\n");
        Cli.Run m = Cli.run("eval", dir.resolve("none.yaml").toString(), "--checkpoint", "x.zip");
        assertThat(m.err().strip()).contains("none.yaml").contains("not found").doesNotContain("\n");

        // an output folder that is a file: one line naming the option, before anything runs
        Path file = Files.writeString(dir.resolve("a-file"), "keep");
        String ck = "checkpoints/pretrained/sr-bicubic-x4.zip";
        Cli.Run t = Cli.run("train", "configs/quickstart.yaml", "--set", "output=" + file);
        Cli.Run e = Cli.run("eval", "--checkpoint", ck, "--out", file.toString());
        Cli.Run b = Cli.run("benchmark", "--checkpoint", ck, "--sets", "datasets/set5", "--out", file.toString());
        Cli.Run p = Cli.run("report", "checkpoints", "--out", file.toString());
        for (var c : java.util.List.of(java.util.Map.entry("output", t), java.util.Map.entry("--out", e), java.util.Map.entry("--out", b),
                java.util.Map.entry("--out", p))) {
            assertThat(c.getValue().code()).isNotZero();
            assertThat(c.getValue().err().strip()).isEqualTo("rnd4j: " + c.getKey() + " " + file
                    + " exists and is not a folder; give a folder for the outputs");
        }
        assertThat(Files.readString(file)).isEqualTo("keep");

        // an output inside an image folder: what is written there would be listed as images by the next run
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(Path.of("datasets/set5/bird.png"), images.resolve("bird.png"));
        Cli.Run inVal = Cli.run("train", "configs/quickstart.yaml", "--set", "data.val=" + images, "--set", "output=" + images.resolve("run"));
        Cli.Run inData = Cli.run("eval", "--checkpoint", ck, "--data", images.toString(), "--out", images.toString());
        assertThat(inVal.err().strip()).isEqualTo("rnd4j: output " + images.resolve("run") + " is inside the image folder " + images
                + " (data.val): the PNGs written there would be read back as images; choose a folder outside it");
        assertThat(inData.err().strip()).isEqualTo("rnd4j: --out " + images + " is the image folder " + images
                + " (--data): the PNGs written there would be read back as images; choose a folder outside it");
        try (var listed = Files.list(images)) {
            assertThat(listed.toList()).containsExactly(images.resolve("bird.png"));
        }
        assertThat(Errors.oneLine(new java.nio.file.NoSuchFileException("/x/y"))).isEqualTo("/x/y: no such file or folder");
        assertThat(Errors.oneLine(new java.nio.file.InvalidPathException("a/b??b?? 1.png", "Malformed input or input contains"
                + " unmappable characters"))).startsWith("file name 'a/b??b?? 1.png' cannot be written in this locale's character set (")
                .contains("LC_ALL=C.UTF-8");
        assertThat(Errors.oneLine(new java.nio.file.FileAlreadyExistsException("/x/y"))).isEqualTo("/x/y: already exists");
        assertThat(Errors.oneLine(new java.nio.file.FileSystemException("/x/y", null, "Not a directory"))).isEqualTo("/x/y: Not a directory");
    }

    @Test
    void benchPrintsAResultLine() {
        Cli.Run b = Cli.run("bench", "--steps", "2", "--warmup", "1", "--batch", "2", "--patch", "32", "--width", "8", "--depth", "1",
                "--infer-size", "32", "--data", "datasets/set5");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).containsPattern("RESULT ms_per_step_median=[0-9.]+ images_per_s=[0-9.]+ peak_rss_mb=[0-9]+ "
                + "rnd_share=[0-9.]+ data_images_per_s=[0-9]+ infer_ms=[0-9.]+ isa=(avx512|avx2|avx|sse|unknown) cores=[0-9]+ threads=[0-9]+ "
                + "onednn_max_isa=\\S+ cpu=\\S+");
        assertThat(b.out()).contains("host: ");
    }
}

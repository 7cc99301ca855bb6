package org.rnd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.Cli;
import org.rnd4j.TestData;

/** The command line end to end: train, eval, infer, bench, and one-line errors. */
class CliTest {
    @TempDir
    Path dir;

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

    @Test
    void errorsAreOneLineWithANonZeroExitCode() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "task: {type: sr, scael: 4}\ndata: {train: [x], val: y}\n");
        Cli.Run r = Cli.run("train", bad.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).startsWith("rnd4j: ").contains("unknown field 'task.scael'").doesNotContain("\n");
        Cli.Run m = Cli.run("eval", dir.resolve("none.yaml").toString(), "--checkpoint", "x.zip");
        assertThat(m.err().strip()).contains("none.yaml").contains("not found").doesNotContain("\n");
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

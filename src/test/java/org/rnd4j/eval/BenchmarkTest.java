package org.rnd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.Cli;

/**
 * {@code benchmark} reads sets in the layouts they are distributed in and reproduces what
 * {@code eval} measures with the same MATLAB LR files.
 */
class BenchmarkTest {
    static final String CK = "checkpoints/pretrained/sr-bicubic-x4.zip";

    @TempDir
    Path dir;

    @Test
    void pairsHrOnlyAndSelfExSrFoldersGiveThePublishedProtocolsFigures() throws Exception {
        // a SelfExSR-style set: two Set5 images as img_HR/img_LR pairs under image_SRF_4
        String hrDir = "datasets/set5/", lrDir = "datasets/set5-bicubic-x4/";
        pairs(dir.resolve("Pairs/image_SRF_4"), hrDir, lrDir);
        Path hrOnly = dir.resolve("HrOnly");
        Files.createDirectories(hrOnly);
        for (String n : NAMES) Files.copy(Path.of(hrDir + n + ".png"), hrOnly.resolve(n + ".png"));
        // a SelfExSR set without this scale (as Urban100 has no ×3): its largest scale's HR images, whatever the
        // smaller ones hold (SelfExSR halved Urban100's images for ×2); here image_SRF_2 holds the ×4 LR images
        pairs(dir.resolve("Fallback/image_SRF_2"), lrDir, lrDir);
        pairs(dir.resolve("Fallback/image_SRF_3"), hrDir, lrDir);
        Cli.Run r = Cli.run("benchmark", "--checkpoint", CK, "--sets", dir.resolve("Pairs") + "," + hrOnly + "," + dir.resolve("Fallback"),
                "--out", dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Fallback: no image_SRF_4 folder; the HR images of image_SRF_3, observed by rnd4j's bicubic");
        List<String> csv = Files.readAllLines(dir.resolve("out/benchmark.csv"));
        assertThat(csv).hasSize(4);
        String[] p = csv.get(1).split(","), h = csv.get(2).split(","), f = csv.get(3).split(",");
        assertThat(f[0]).isEqualTo("Fallback");
        assertThat(f[2]).isEqualTo("rnd4j");
        assertThat(java.util.Arrays.copyOfRange(f, 1, f.length)).as("the full-size HR images, as HrOnly").containsExactly(
                java.util.Arrays.copyOfRange(h, 1, h.length));
        assertThat(p[0]).isEqualTo("Pairs");
        assertThat(p[2]).isEqualTo("matlab");
        assertThat(h[2]).isEqualTo("rnd4j");
        assertThat(Double.parseDouble(p[9])).as("max|A x̂ − y|").isLessThan(1e-5);

        // the same two images through eval with the MATLAB LR folder: the same PSNR
        Path set = dir.resolve("set"), lr = dir.resolve("lr");
        Files.createDirectories(set);
        Files.createDirectories(lr);
        for (String n : NAMES) {
            Files.copy(Path.of(hrDir + n + ".png"), set.resolve(n + ".png"));
            Files.copy(Path.of(lrDir + n + ".png"), lr.resolve(n + ".png"));
        }
        Path cfg = dir.resolve("eval.yaml");
        Files.writeString(cfg, "task: {type: sr, scale: 4, downsample: bicubic}\ndata: {train: [" + set + "], val: " + set + "}\n"
                + "eval: {observations: " + lr + ", saveImages: false}\n");
        Cli.Run e = Cli.run("eval", cfg.toString(), "--checkpoint", CK, "--out", dir.resolve("ev").toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains(String.format(java.util.Locale.ROOT, "PSNR %.2f dB", Double.parseDouble(p[3])));
        // rnd4j's MATLAB-exact bicubic rounds differently from MATLAB's 8-bit LR files: within 0.1 dB
        assertThat(Double.parseDouble(h[3])).isCloseTo(Double.parseDouble(p[3]), org.assertj.core.data.Offset.offset(0.1));
        assertThat(Files.readString(dir.resolve("out/benchmark.md"))).contains("| Pairs | 2 | MATLAB |");
    }

    static final List<String> NAMES = List.of("bird", "butterfly");

    /** {@code folder/<name>_HR.png} and {@code _LR.png} for each of {@link #NAMES}, copied from the two dataset folders. */
    private static void pairs(Path folder, String hrFrom, String lrFrom) throws java.io.IOException {
        Files.createDirectories(folder);
        for (String n : NAMES) {
            Files.copy(Path.of(hrFrom + n + ".png"), folder.resolve(n + "_HR.png"));
            Files.copy(Path.of(lrFrom + n + ".png"), folder.resolve(n + "_LR.png"));
        }
    }

    @Test
    void badSetsAndModelsAreOneLine() throws Exception {
        Path broken = dir.resolve("Broken");
        Files.createDirectories(broken);
        Files.copy(Path.of("datasets/set5/bird.png"), broken.resolve("bird_HR.png"));
        Cli.Run r = Cli.run("benchmark", "--checkpoint", CK, "--sets", broken.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err().strip()).contains("bird_HR.png has no MATLAB LR file bird_LR.png").doesNotContain("\n");
        Cli.Run s = Cli.run("benchmark", "--checkpoint", CK, "--sets", broken.toString(), "--scale", "2");
        assertThat(s.err().strip()).contains("--scale 2 does not match the model's ×4").doesNotContain("\n");
        assertThatThrownBy(() -> new Benchmark(new org.rnd4j.operator.SuperResolution(4), 4, 1, false))
                .hasMessageContaining("bicubic super-resolution");
    }
}

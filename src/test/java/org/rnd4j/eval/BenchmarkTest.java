package org.rnd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.Cli;
import org.rnd4j.TestData;

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
        TestData.pairs(dir.resolve("Pairs/image_SRF_4"), hrDir, lrDir);
        Path hrOnly = dir.resolve("HrOnly");
        Files.createDirectories(hrOnly);
        for (String n : TestData.PAIR_NAMES) Files.copy(Path.of(hrDir + n + ".png"), hrOnly.resolve(n + ".png"));
        // a SelfExSR set without this scale (as Urban100 has no ×3): its largest scale's HR images, whatever the
        // smaller ones hold (SelfExSR halved Urban100's images for ×2); here image_SRF_2 holds the ×4 LR images
        TestData.pairs(dir.resolve("Fallback/image_SRF_2"), lrDir, lrDir);
        TestData.pairs(dir.resolve("Fallback/image_SRF_3"), hrDir, lrDir);
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
        for (String n : TestData.PAIR_NAMES) {
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

        // every set is checked before the first is evaluated: a mistake in the last one leaves nothing written
        Path good = dir.resolve("Good");
        TestData.pairs(good.resolve("image_SRF_4"), "datasets/set5/", "datasets/set5-bicubic-x4/");
        Cli.Run late = Cli.run("benchmark", "--checkpoint", CK, "--sets", good + "," + broken, "--out", dir.resolve("late").toString());
        assertThat(late.err().strip()).contains("bird_HR.png has no MATLAB LR file");
        assertThat(dir.resolve("late")).doesNotExist();
        Cli.Run twice = Cli.run("benchmark", "--checkpoint", CK, "--sets", good + "," + good + "/", "--out", dir.resolve("twice").toString());
        assertThat(twice.err().strip()).isEqualTo("rnd4j: --sets: " + good + " is given twice");
        assertThat(dir.resolve("twice")).doesNotExist();
    }

    /** Two sets with the same folder name are reported as Set5 and Set5-2, each with its own results (one overwrote the other's). */
    @Test
    void setsWithTheSameNameAreToldApart() throws Exception {
        TestData.pairs(dir.resolve("a/Set5/image_SRF_4"), "datasets/set5/", "datasets/set5-bicubic-x4/");
        Files.createDirectories(dir.resolve("b/Set5"));
        Files.copy(Path.of("datasets/set5/bird.png"), dir.resolve("b/Set5/bird.png"));
        Cli.Run r = Cli.run("benchmark", "--checkpoint", CK, "--sets", dir.resolve("a/Set5") + "," + dir.resolve("b/Set5"), "--out",
                dir.resolve("out").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("note: " + dir.resolve("b/Set5") + " shares its name with another set; it is reported as Set5-2");
        assertThat(Files.readAllLines(dir.resolve("out/benchmark.csv"))).extracting(l -> l.substring(0, l.indexOf(',')))
                .containsExactly("set", "Set5", "Set5-2");
        assertThat(Files.readAllLines(dir.resolve("out/Set5/results.csv"))).hasSize(1 + TestData.PAIR_NAMES.size());
        assertThat(Files.readAllLines(dir.resolve("out/Set5-2/results.csv"))).hasSize(2);
    }
    /**
     * A model trained on the Y of YCbCr ({@code data.gray}, {@code data.luma: ycbcr}, as VDSR and MemNet) is benchmarked
     * on the Y of the HR and MATLAB LR files, so its bicubic baseline is the RGB protocol's (8-bit rounding apart);
     * one trained on rgb2gray luma is refused in one line, since the published figures are on Y.
     */
    @Test
    void aYChannelModelIsMeasuredOnYAndAnRgb2grayOneIsRefused() throws Exception {
        TestData.pairs(dir.resolve("Pairs/image_SRF_4"), "datasets/set5/", "datasets/set5-bicubic-x4/");
        Cli.Run rgb = Cli.run("benchmark", "--checkpoint", CK, "--sets", dir.resolve("Pairs").toString(), "--out", dir.resolve("rgb").toString());
        assertThat(rgb.code()).as(rgb.err()).isZero();
        for (String luma : List.of("rgb2gray", "ycbcr")) {
            Path cfg = dir.resolve(luma + ".yaml");
            Files.writeString(cfg, "name: " + luma + "\noutput: " + dir.resolve(luma) + "\ntask: {type: sr, scale: 4, downsample: bicubic}\n"
                    + "data: {train: [datasets/set5], val: datasets/set5, valLimit: 1, patch: 32, batch: 2, gray: true, luma: " + luma + "}\n"
                    + "model: {feats: 4, blocks: 1}\ntrain: {iterations: 2, validateEvery: 2, checkpointEvery: 2}\neval: {saveImages: false}\n");
            Cli.Run t = Cli.run("train", cfg.toString());
            assertThat(t.code()).as(t.err()).isZero();
        }
        Cli.Run refused = Cli.run("benchmark", "--checkpoint", dir.resolve("rgb2gray/best.zip").toString(), "--sets", dir.resolve("Pairs").toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err().strip()).contains("rgb2gray").contains("data.luma: ycbcr").doesNotContain("\n");
        Cli.Run y = Cli.run("benchmark", "--checkpoint", dir.resolve("ycbcr/best.zip").toString(), "--sets", dir.resolve("Pairs").toString(),
                "--out", dir.resolve("y").toString());
        assertThat(y.code()).as(y.err()).isZero();
        String[] r = Files.readAllLines(dir.resolve("rgb/benchmark.csv")).get(1).split(","), g = Files.readAllLines(dir.resolve("y/benchmark.csv")).get(1).split(",");
        assertThat(g[2]).isEqualTo("matlab");
        assertThat(Double.parseDouble(g[7])).as("bicubic of the LR files' Y against the HR Y").isCloseTo(Double.parseDouble(r[7]),
                org.assertj.core.data.Offset.offset(0.05));
        assertThat(Double.parseDouble(g[5])).as("A†y of the Y plane against the HR Y (measured on another scale it is dBs off)")
                .isCloseTo(Double.parseDouble(r[5]), org.assertj.core.data.Offset.offset(0.1));
        assertThat(Double.parseDouble(g[9])).as("max|A x̂ − y|").isLessThan(1e-5);
        Cli.Run inf = Cli.run("infer", "--checkpoint", dir.resolve("ycbcr/best.zip").toString(), "--input",
                dir.resolve("Pairs/image_SRF_4/bird_LR.png").toString(), "--output", dir.resolve("inf").toString());
        assertThat(inf.code()).as(inf.err()).isZero();
        assertThat(inf.out()).as("infer restores the Y of a colour LR image, written gray").contains("gray, max|Ax̂-y|");
        // what the network is fed: the LR files' Y on every channel
        var op = new org.rnd4j.operator.BicubicDownsampling(4);
        boolean[] gray = {true};
        new Benchmark(op, 4, 1, false).readAs(im -> im.luma(true)).run(x -> {
            gray[0] &= x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                    .equals(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(2)));
            return op.pinv(x);
        }, List.of(dir.resolve("Pairs")), dir.resolve("unit"), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(gray[0]).isTrue();
    }
}

package org.rnd4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnd4j.data.Image;
import org.rnd4j.data.Images;

/**
 * The shipped model, {@code checkpoints/pretrained/sr-bicubic-x4.zip}, does what the README says:
 * Set5 ×4 from MATLAB's LR images at the published protocol, with exact consistency, and
 * {@code infer} on a MATLAB LR image gives the ×4 image.
 */
class PretrainedTest {
    static final Path MODEL = Path.of("checkpoints/pretrained/sr-bicubic-x4.zip");
    /** The README's figure (Y channel, 4-pixel border, 8-bit output). */
    static final double README_PSNR = 31.42;

    @TempDir
    Path dir;

    @Test
    void evaluatesAsTheReadmeSays() throws Exception {
        assertThat(MODEL).as("the pretrained model is tracked in git").isRegularFile();
        Cli.Run r = Cli.run("eval", "--checkpoint", MODEL.toString(), "--out", dir.resolve("eval").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(dir.resolve("eval/summary.json").toFile());
        assertThat(s.get("images").asInt()).isEqualTo(5);
        assertThat(s.get("psnr").asDouble()).as("Set5 x4 Y-PSNR").isBetween(README_PSNR - 0.005, README_PSNR + 0.005)
                .isGreaterThanOrEqualTo(30.71);
        assertThat(s.get("interpPsnr").asDouble()).as("bicubic interpolation from the same LR images").isBetween(28.42, 28.44);
        assertThat(s.get("consistencyMaxAbs").asDouble()).as("max|A x̂ − y|").isLessThan(1e-5);
    }

    /**
     * {@code eval --self-ensemble}: the ×8 flip/rotation average of the shipped ×4 model gains on Set5 (README: 31.55 dB) and
     * stays consistent; for CS, whose blocks do not commute with flips, it is refused in one line naming the field.
     */
    @Test
    void selfEnsembleGainsAndIsRefusedWhereItWouldBreakConsistency() throws Exception {
        Cli.Run r = Cli.run("eval", "--checkpoint", MODEL.toString(), "--self-ensemble", "--out", dir.resolve("se").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(dir.resolve("se/summary.json").toFile());
        assertThat(s.get("psnr").asDouble()).as("Set5 x4 Y-PSNR, self-ensemble").isBetween(31.545, 31.555)
                .isGreaterThan(README_PSNR + 0.1);
        assertThat(s.get("consistencyMaxAbs").asDouble()).as("max|A x̂ − y| of the average").isLessThan(1e-5);

        Cli.Run cs = Cli.run("eval", "--checkpoint", "checkpoints/pretrained/cs-r10.zip", "--self-ensemble", "--out",
                dir.resolve("cs-se").toString());
        assertThat(cs.code()).isEqualTo(1);
        assertThat(cs.err().strip()).doesNotContain("\n").contains("--self-ensemble").contains("'eval.selfEnsemble'")
                .contains("expected false for cs");
        assertThat(dir.resolve("cs-se")).doesNotExist();
        Cli.Run given = Cli.run("eval", "configs/cs-r10.yaml", "--checkpoint", "checkpoints/pretrained/cs-r10.zip", "--self-ensemble",
                "--out", dir.resolve("cs-se").toString());
        assertThat(given.code()).isEqualTo(1);
        assertThat(given.err().strip()).doesNotContain("\n").contains("configs/cs-r10.yaml (with --self-ensemble)")
                .contains("'eval.selfEnsemble'").contains("expected false for cs");
        assertThat(dir.resolve("cs-se")).doesNotExist();
    }

    /**
     * The CS models ({@code cs-r10.zip}, {@code cs-r25.zip}, {@code cs-r50.zip}, block 33, learned sampling matrix stored once in the zip) on gray Set5,
     * the validation set they were selected on, as the README says: PSNR, their own {@code A†y}, exact consistency.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"cs-r10, 31.111, 28.684", "cs-r25, 36.257, 31.968", "cs-r50, 40.997, 37.167"})
    void compressedSensingModelsEvaluateAsTheReadmeSays(String name, double psnr, double baseline) throws Exception {
        Path cs = Path.of("checkpoints/pretrained/" + name + ".zip");
        assertThat(cs).as("the pretrained model is tracked in git").isRegularFile();
        Cli.Run r = Cli.run("eval", "--checkpoint", cs.toString(), "--out", dir.resolve("cs").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(dir.resolve("cs/summary.json").toFile());
        assertThat(s.get("images").asInt()).isEqualTo(5);
        assertThat(s.get("psnr").asDouble()).as("Set5 gray PSNR").isBetween(psnr - 0.005, psnr + 0.005);
        assertThat(s.get("baselinePsnr").asDouble()).as("A†y").isBetween(baseline - 0.005, baseline + 0.005);
        // the DCT's first row measures 33 × a block's mean: float rounding of values up to 33
        assertThat(s.get("consistencyMaxAbs").asDouble()).as("max|A x̂ − y|").isLessThan(1e-4);
    }

    /**
     * A 16-bit input gets a 16-bit output (before, every output was rounded to 8 bits, so a 16-bit observation's
     * restoration reproduced it only to 8-bit precision); the written file itself keeps {@code A x̂ = y} to 16-bit
     * rounding. An 8-bit input still gets an 8-bit file.
     */
    @Test
    void aSixteenBitInputGetsASixteenBitOutput() throws Exception {
        Image lr8 = Images.read(Path.of("datasets/set5-bicubic-x4/bird.png"));
        // the 8-bit LR made 16-bit with sub-8-bit detail, so the test sees what 8 bits would lose, and kept inside
        // [0.1, 0.9] so that no output pixel is clipped when written (clipping, not rounding, would then break A x̂ = y)
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(7);
        org.nd4j.linalg.api.ndarray.INDArray y = lr8.toBatch(1).muli(0.8).addi(0.1).addi(
                org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, lr8.height(), lr8.width())
                        .subi(0.5).muli(1.5 / 255)).dup('c');
        Path in = Files.createDirectories(dir.resolve("in"));
        Images.writePng(y, in.resolve("bird16.png"), false, 16);
        Files.copy(Path.of("datasets/set5-bicubic-x4/bird.png"), in.resolve("bird8.png"));
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("infer", "--checkpoint", MODEL.toString(), "--input", in.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("bird16.png (288x288, 16-bit, max|Ax̂-y|").doesNotContain("bird8.png (288x288, 16-bit");
        assertThat(TestData.pngDepthAndType(out.resolve("bird16.png"))).as("IHDR bit depth, colour type (RGB)").containsExactly(16, 2);
        assertThat(TestData.pngDepthAndType(out.resolve("bird8.png"))).containsExactly(8, 2);

        org.rnd4j.operator.Degradation op = org.rnd4j.operator.Operators.create(org.rnd4j.model.Checkpoint.loadState(MODEL).operator());
        Image yIn = Images.read(in.resolve("bird16.png"));
        double err16 = op.apply(Images.read(out.resolve("bird16.png")).toBatch(1)).subi(yIn.toBatch(1)).amaxNumber().doubleValue();
        // 16-bit rounding of x̂ (±0.5/65535 = 7.6e-6) averaged by A (3.6e-6 measured, seed 7); 8 bits: 8.9e-4
        assertThat(err16).as("max|A x̂ − y| of the written 16-bit file").isLessThan(1e-5);
        Images.writePng(y, in.resolve("bird8.png"), false, 8);
        Cli.Run r8 = Cli.run("infer", "--checkpoint", MODEL.toString(), "--input", in.resolve("bird8.png").toString(), "--output",
                out.toString(), "--overwrite");
        assertThat(r8.code()).as(r8.err()).isZero();
        double err8 = op.apply(Images.read(out.resolve("bird8.png")).toBatch(1)).subi(Images.read(in.resolve("bird8.png")).toBatch(1))
                .amaxNumber().doubleValue();
        assertThat(err8).as("the same image in 8 bits, for scale").isGreaterThan(3e-4);

        Cli.Run d = Cli.run("degrade", "configs/sr-bicubic-x4.yaml", "--input", in.resolve("bird16.png").toString(), "--output",
                dir.resolve("lr").toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).contains("(18x18, 16-bit)");
        assertThat(TestData.pngDepthAndType(dir.resolve("lr/bird16.png"))).as("degrade keeps 16 bits too").containsExactly(16, 2);
    }

    /**
     * A phone's JPEG is restored as it is displayed: turned upright by its Exif orientation (it came out on its side) and
     * written in its colour profile (the PNG carries the input's ICC profile; before, the JDK converted the samples to
     * sRGB and the output had none); {@code degrade} keeps the profile too.
     */
    @Test
    void aPhoneJpegIsRestoredUprightAndInItsColourProfile() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in")), fixtures = Path.of("src/test/resources/images");
        Files.copy(fixtures.resolve("rgb_exif6.jpg"), in.resolve("portrait.jpg"));      // stored 7x5, displayed 5x7
        Files.copy(fixtures.resolve("icc_linear.jpg"), in.resolve("profiled.jpg"));
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("infer", "--checkpoint", MODEL.toString(), "--input", in.toString(), "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("portrait.png (20x28, max|Ax̂-y|").contains("profiled.png (28x20, max|Ax̂-y|");
        Image profiled = Images.read(in.resolve("profiled.jpg"));
        assertThat(Images.read(out.resolve("profiled.png")).profile()).isNotNull().isEqualTo(profiled.profile());
        assertThat(Images.read(out.resolve("portrait.png")).profile()).isNull();
        Cli.Run d = Cli.run("degrade", "configs/sr-bicubic-x4.yaml", "--input", in.resolve("profiled.jpg").toString(), "--output",
                dir.resolve("lr").toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(Images.read(dir.resolve("lr/profiled.png")).profile()).isEqualTo(profiled.profile());
    }

    @Test
    void infersFromAMatlabLowResolutionImage() throws Exception {
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("infer", "--checkpoint", MODEL.toString(), "--input", "datasets/set5-bicubic-x4/bird.png", "--output",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Image lr = Images.read(Path.of("datasets/set5-bicubic-x4/bird.png"));
        try (var files = Files.list(out)) {
            Path sr = files.filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
            Image img = Images.read(sr);
            assertThat(img.width()).isEqualTo(4 * lr.width());
            assertThat(img.height()).isEqualTo(4 * lr.height());
        }
    }
}

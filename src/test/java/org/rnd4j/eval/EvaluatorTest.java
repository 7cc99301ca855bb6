package org.rnd4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.TestData;
import org.rnd4j.data.Image;
import org.rnd4j.data.Images;
import org.rnd4j.infer.Restorer;
import org.rnd4j.operator.SuperResolution;

/** Whole-image evaluation in strips: the same figures as in one piece, bounded model inputs, exact consistency. */
class EvaluatorTest {
    @TempDir
    Path dir;

    /**
     * Each of the ×8 self-ensemble's transforms is the flip/rotation it claims, element by element,
     * in float and double (a flip that did nothing would still pass a round trip), and is undone exactly.
     */
    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void selfEnsembleTransformsAreTheDihedralGroup(String type) {
        DataType dt = DataType.valueOf(type);
        Nd4j.getRandom().setSeed(3);
        INDArray a = Nd4j.rand(dt, 2, 3, 5, 7);
        for (int t = 0; t < 8; t++) {
            INDArray r = Evaluator.transform(a, t);
            boolean tr = (t & 4) != 0;
            assertThat(r.dataType()).isEqualTo(dt);
            assertThat(r.shape()).containsExactly(2, 3, tr ? 7 : 5, tr ? 5 : 7);
            int h = (int) r.size(2), w = (int) r.size(3);
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            int i1 = (t & 2) != 0 ? h - 1 - i : i, j1 = (t & 1) != 0 ? w - 1 - j : j;
                            double want = tr ? a.getDouble(n, c, j1, i1) : a.getDouble(n, c, i1, j1);
                            assertThat(r.getDouble(n, c, i, j)).as("t=%d at (%d,%d,%d,%d)", t, n, c, i, j).isEqualTo(want);
                        }
                    }
                }
            }
            assertThat(Evaluator.untransform(r, t)).isEqualTo(a);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void streamingMetricsEqualTheWholeImageOnes(boolean yChannel) {
        Nd4j.getRandom().setSeed(9);
        INDArray a = Nd4j.rand(DataType.FLOAT, 1, 3, 37, 29), b = a.add(Nd4j.randn(DataType.FLOAT, a.shape()).muli(0.05));
        int border = 3;
        StreamingMetrics s = new StreamingMetrics(yChannel ? 1 : 3, 29 - 2 * border);
        double[][][] pa = Metrics.planeRows(a, yChannel, false, border), pb = Metrics.planeRows(b, yChannel, false, border);
        for (int r = border; r < 37 - border; r++) s.addRow(pb[r], pa[r]);
        assertThat(s.psnr()).isCloseTo(Metrics.psnr(b, a, yChannel, border), within(1e-10));
        assertThat(s.ssim()).isCloseTo(Metrics.ssim(b, a, yChannel, border), within(1e-12));
    }

    static ComputationGraph model() {
        SuperResolution op = new SuperResolution(4);
        Nd4j.getRandom().setSeed(4);
        ComputationGraph g = new ComputationGraph(TestData.backbone("edsr", op, 8, 1, true, 8, 8, new Adam(1e-3), 4));
        g.init();
        g.params().addi(Nd4j.randn(DataType.FLOAT, g.params().shape()).muli(0.02));   // an "unfinished" net, not the identity
        return g;
    }

    @Test
    void stripsGiveTheWholeImageResultWithBoundedInputs() throws Exception {
        ComputationGraph g = model();
        SuperResolution op = new SuperResolution(4);
        Image im = Images.read(Path.of("datasets/set5/butterfly.png"));   // 256×256
        AtomicLong largest = new AtomicLong();
        UnaryOperator<INDArray> counted = y -> {
            largest.accumulateAndGet(y.length(), Math::max);
            return g.outputSingle(false, y);
        };
        ImageResult whole = new Evaluator(op, true, 4).evaluate(counted, im, dir.resolve("whole.png"));
        assertThat(largest.get()).isEqualTo(3L * 64 * 64);
        largest.set(0);
        // 8 KP strips of a 256-wide image: 32 rows each (+ 32 rows of context on each side, at least the net's receptive field)
        Evaluator strips = new Evaluator(op, true, 4, new Restorer.Tiling(8192, 32));
        ImageResult striped = strips.evaluate(counted, im, dir.resolve("strips.png"));
        assertThat(largest.get()).as("largest observation fed to the model").isEqualTo(3L * 64 * (32 + 64) / 4);
        assertThat(striped.psnr()).isCloseTo(whole.psnr(), within(1e-6));
        assertThat(striped.ssim()).isCloseTo(whole.ssim(), within(1e-6));
        assertThat(striped.baselinePsnr()).isEqualTo(whole.baselinePsnr());
        assertThat(striped.consistencyMaxAbs()).isLessThan(1e-5);
        Image a = Images.read(dir.resolve("whole.png")), b = Images.read(dir.resolve("strips.png"));
        float[] pa = a.rows(0, 256, 256), pb = b.rows(0, 256, 256);
        int differ = 0;
        for (int i = 0; i < pa.length; i++) if (pa[i] != pb[i]) differ++;
        assertThat(differ).as("8-bit samples that differ (float rounding can flip a level)").isLessThan(pa.length / 1000);
        // the same figures as the whole-image formulas on the whole arrays
        INDArray x = im.toBatch(4), out = g.outputSingle(false, op.apply(x));
        assertThat(whole.psnr()).isCloseTo(Metrics.psnr(Metrics.quantize(out), x, true, 4), within(1e-9));
        assertThat(whole.ssim()).isCloseTo(Metrics.ssim(Metrics.quantize(out), x, true, 4), within(1e-9));
    }

    /**
     * A gray source is measured on its gray values, as the published MATLAB code measures Set14's
     * gray bridge: the same pixels stored as RGB read 20·log10(255/219) dB higher on BT.601 luma.
     */
    @Test
    void aGraySourcesLumaIsMeasuredOnTheGrayScale() throws Exception {
        ComputationGraph g = model();
        Image gray = Images.read(Path.of("datasets/photos/skimage_camera.png"));
        assertThat(gray.gray()).isTrue();
        Path rgbFile = dir.resolve("camera-rgb.png");
        Images.writePng(gray.toBatch(4), rgbFile, false);
        Image rgb = Images.read(rgbFile);
        assertThat(rgb.gray()).isFalse();
        ImageResult g1 = new Evaluator(new SuperResolution(4), true, 4).evaluate(g, gray, null);
        ImageResult c1 = new Evaluator(new SuperResolution(4), true, 4).evaluate(g, rgb, null);
        double offset = 20 * Math.log10(255.0 / 219.0);
        assertThat(c1.psnr() - g1.psnr()).isCloseTo(offset, within(1e-6));
        assertThat(c1.baselinePsnr() - g1.baselinePsnr()).isCloseTo(offset, within(1e-6));
        // in RGB (eval.yChannel: false) both are the same three equal planes
        ImageResult g2 = new Evaluator(new SuperResolution(4), false, 4).evaluate(g, gray, null);
        ImageResult c2 = new Evaluator(new SuperResolution(4), false, 4).evaluate(g, rgb, null);
        assertThat(g2.psnr()).isEqualTo(c2.psnr());
    }

    @Test
    void aGraySourceIsWrittenGrayAndResultsAreWrittenWithoutImages() throws Exception {
        ComputationGraph g = model();
        Path gray = dir.resolve("in/camera.png");
        Files.createDirectories(gray.getParent());
        Files.copy(Path.of("datasets/photos/skimage_camera.png"), gray);
        Image im = Images.read(gray);
        assertThat(im.gray()).isTrue();
        new Evaluator(new SuperResolution(4), true, 4).evaluate(g, im, dir.resolve("out.png"));
        assertThat(Images.read(dir.resolve("out.png")).gray()).isTrue();
        EvalSummary s = new Evaluator(new SuperResolution(4), true, 4).evaluate(g, org.rnd4j.data.ImageSet.load(
                java.util.List.of(gray.getParent()), false, 0, "test"), dir.resolve("ev"), false);
        assertThat(dir.resolve("ev/results.csv")).exists();
        assertThat(dir.resolve("ev/summary.json")).exists();
        assertThat(dir.resolve("ev/images")).doesNotExist();
        assertThat(s.consistencyMaxAbs()).isLessThan(1e-5);
    }

    /**
     * Images listed from subfolders are named by their path inside the folder (a/x.png, b/x.png): the rows of
     * results.csv tell them apart and the outputs keep the subfolders (before, both rows said x.png and the outputs were
     * x.png and x_png.png); a flat folder's images keep their file names.
     */
    @Test
    void imagesInSubfoldersAreNamedByTheirPathInTheFolder() throws Exception {
        Path in = dir.resolve("nested");
        for (String[] f : new String[][]{{"a/x.png", "bird"}, {"b/x.png", "baby"}, {"top.png", "head"}}) {
            Image im = Images.read(Path.of("datasets/set5/" + f[1] + ".png"));
            Images.writePng(org.rnd4j.data.Arrays4d.of(im.region(0, 0, 64, 64), 1, 3, 64, 64), in.resolve(f[0]));
        }
        org.rnd4j.data.ImageSet set = org.rnd4j.data.ImageSet.load(java.util.List.of(in), false, 0, "test");
        assertThat(set.images()).extracting(Image::name).containsExactly("a/x.png", "b/x.png", "top.png");
        new Evaluator(new SuperResolution(4), true, 4).evaluate(model(), set, dir.resolve("ev"), true);
        assertThat(Files.readAllLines(dir.resolve("ev/results.csv"))).extracting(l -> l.substring(0, l.indexOf(',')))
                .containsExactly("image", "a/x.png", "b/x.png", "top.png");
        for (String f : new String[]{"images/a/x.png", "images/b/x.png", "images/top.png", "grids/a/x.png", "grids/b/x.png"}) {
            assertThat(dir.resolve("ev").resolve(f)).as(f).isRegularFile();
        }
    }

    /**
     * Every image's size and given observation are checked before anything is written: a missing observation or a too small
     * image is one line, and no half-written folder.
     */
    @Test
    void aMissingObservationIsFoundBeforeAnythingIsWritten() throws Exception {
        Path hr = dir.resolve("hr"), lr = dir.resolve("lr");
        Files.createDirectories(lr);
        for (String n : new String[]{"bird", "butterfly"}) {
            Files.createDirectories(hr);
            Files.copy(Path.of("datasets/set5/" + n + ".png"), hr.resolve(n + ".png"));
        }
        Files.copy(Path.of("datasets/set5-bicubic-x4/bird.png"), lr.resolve("bird.png"));
        Evaluator ev = new Evaluator(new SuperResolution(4), true, 4).observations(lr::resolve);
        org.rnd4j.data.ImageSet set = org.rnd4j.data.ImageSet.load(java.util.List.of(hr), false, 0, "test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ev.evaluate(model(), set, dir.resolve("ev"), true))
                .hasMessage("no observation " + lr.resolve("butterfly.png") + " for image butterfly.png");
        assertThat(dir.resolve("ev")).as("bird's outputs were written before butterfly's observation was missed").doesNotExist();

        Image bird = Images.read(hr.resolve("bird.png"));
        Images.writePng(org.rnd4j.data.Arrays4d.of(bird.region(0, 0, 12, 12), 1, 3, 12, 12), hr.resolve("c-tiny.png"));
        org.rnd4j.data.ImageSet withTiny = org.rnd4j.data.ImageSet.load(java.util.List.of(hr), false, 0, "test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Evaluator(new SuperResolution(4), true, 4)
                        .evaluate(model(), withTiny, dir.resolve("ev2"), true))
                .hasMessageStartingWith("image c-tiny.png is 12x12 after cropping to a multiple of 4");
        assertThat(dir.resolve("ev2")).as("a too small last image is found before the others are written").doesNotExist();
    }

    /** The output of an image with an embedded colour profile carries that profile (it displays as its input does). */
    @Test
    void anOutputCarriesItsImagesColourProfile() throws Exception {
        Image im = Images.read(Path.of("src/test/resources/images/icc_linear.jpg"));
        Path copy = dir.resolve("in/profiled.png");
        Files.createDirectories(copy.getParent());
        Image bird = Images.read(Path.of("datasets/set5/bird.png"));
        Images.writePng(org.rnd4j.data.Arrays4d.of(bird.region(0, 0, 64, 64), 1, 3, 64, 64), copy, false, 8, im.profile());
        new Evaluator(new SuperResolution(4), true, 4).evaluate(model(), org.rnd4j.data.ImageSet.load(
                java.util.List.of(copy.getParent()), false, 0, "test"), dir.resolve("ev"), true);
        try (var files = Files.walk(dir.resolve("ev"))) {
            Path out = files.filter(p -> p.getFileName().toString().equals("profiled.png")).findFirst().orElseThrow();
            assertThat(Images.read(out).profile()).isNotNull().isEqualTo(im.profile());
        }
    }

    /** Colourfulness against numpy's value of the same formula; a gray image scores 0. */
    @Test
    void colourfulnessIsHaslerAndSuesstrunks() throws Exception {
        Colourfulness c = new Colourfulness();
        c.add(Images.read(Path.of("datasets/set5/butterfly.png")).toBatch(1));
        assertThat(c.value()).isCloseTo(72.30007809887185, within(1e-6));
        Colourfulness g = new Colourfulness();
        g.add(Images.read(Path.of("datasets/photos/skimage_camera.png")).toBatch(1));
        assertThat(g.value()).isZero();
    }

    /**
     * Colorization: a gray image has nothing to restore (its A†y is itself) and is left out; the
     * others get colourfulness of output, A†y (gray: 0) and ground truth; all gray is one line.
     */
    @Test
    void colorizationLeavesGrayImagesOutAndReportsColourfulness() throws Exception {
        org.rnd4j.operator.Colorization op = new org.rnd4j.operator.Colorization(new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0});
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.copy(Path.of("datasets/photos/skimage_camera.png"), in.resolve("camera.png"));
        Files.copy(Path.of("datasets/set5/butterfly.png"), in.resolve("butterfly.png"));
        UnaryOperator<INDArray> pinvOnly = op::pinv;
        EvalSummary s = new Evaluator(op, false, 0).evaluate(pinvOnly, org.rnd4j.data.ImageSet.load(java.util.List.of(in), false, 0,
                "test"), dir.resolve("ev"), false);
        assertThat(s.images()).isEqualTo(1);
        assertThat(s.psnr()).isEqualTo(s.baselinePsnr()).isLessThan(40);
        assertThat(s.colourfulness()).isLessThan(1e-9);
        assertThat(s.truthColourfulness()).isCloseTo(72.3, within(0.01));
        assertThat(s.oneLine()).contains("colourfulness 0.0 (A†y 0.0, ground truth 72.3)");
        Files.delete(in.resolve("butterfly.png"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Evaluator(op, false, 0).evaluate(pinvOnly,
                        org.rnd4j.data.ImageSet.load(java.util.List.of(in), false, 0, "test"), null, false))
                .hasMessage("no image to evaluate: all 1 are gray, and colorization restores colour");
    }

    /**
     * Block CS pads an image to the block multiple and measures the original pixels (as published:
     * Set11's 256² images in 33×33 blocks); A x̂ = y holds on the padded image.
     */
    @Test
    void compressedSensingPadsToTheBlockAndMeasuresTheOriginalPixels() throws Exception {
        org.rnd4j.operator.CompressedSensing op = org.rnd4j.operator.CompressedSensing.seeded(33, 0.25, 7, 3);
        Image im = Images.read(Path.of("datasets/set5/woman.png"));   // 228×344: neither side a multiple of 33
        UnaryOperator<INDArray> pinvOnly = op::pinv;
        ImageResult r = new Evaluator(op, false, 0).evaluate(pinvOnly, im, dir.resolve("out.png"));
        Image written = Images.read(dir.resolve("out.png"));
        assertThat(written.width()).isEqualTo(228);
        assertThat(written.height()).isEqualTo(344);
        INDArray padded = im.padded(363, 231).toBatch(1);
        INDArray expected = Metrics.quantize(op.pinv(op.apply(padded))).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 344),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 228)).dup('c');
        assertThat(r.psnr()).isCloseTo(Metrics.psnr(expected, im.toBatch(1), false, 0), within(1e-6));
        assertThat(r.consistencyMaxAbs()).isLessThan(1e-5);
        assertThat(im.padded(344, 228)).isSameAs(im);
        assertThat(im.padded(363, 231).sample(1, 343, 227)).isEqualTo(im.sample(1, 343, 227));
        assertThat(im.padded(363, 231).sample(1, 350, 230)).isZero();
    }
    /**
     * A {@code data.gray} model evaluated on given observations (MATLAB's colour LR files) is fed their luma, as its
     * ground truth is: before {@code observationsAs} it was fed the colour file and measured against the Y plane.
     */
    @Test
    void givenObservationsAreConvertedAsTheImagesAre() throws Exception {
        var op = new org.rnd4j.operator.BicubicDownsampling(4);
        var hr = org.rnd4j.data.ImageSet.of(java.util.List.of(Images.read(Path.of("datasets/set5/bird.png")).luma(true)));
        boolean[] grayInput = {true};
        UnaryOperator<INDArray> pinv = y -> {
            grayInput[0] &= y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                    .equals(y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(2)));
            return op.pinv(y);
        };
        EvalSummary given = new Evaluator(op, true, 4, Restorer.Tiling.DEFAULT, false, Path.of("datasets/set5-bicubic-x4"))
                .observationsAs(im -> im.luma(true)).evaluate(pinv, hr, dir.resolve("given"), false);
        assertThat(grayInput[0]).as("the network sees the LR file's luma on every channel").isTrue();
        EvalSummary simulated = new Evaluator(op, true, 4).evaluate(pinv, hr, dir.resolve("simulated"), false);
        // MATLAB's LR file is rounded to 8 bits before its Y is taken: within 0.1 dB of rnd4j's bicubic of the Y plane
        assertThat(given.psnr()).isCloseTo(simulated.psnr(), within(0.1));
        assertThat(given.psnr()).as("A†y of bird's Y, x4").isBetween(30.0, 40.0);
    }
}

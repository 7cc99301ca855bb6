package org.rnd4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.data.Arrays4d;
import org.rnd4j.data.Image;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.Images;
import org.rnd4j.data.StreamedImage;
import org.rnd4j.infer.OutputNames;
import org.rnd4j.infer.Restorer;
import org.rnd4j.io.SafeFiles;
import org.rnd4j.operator.Degradation;

/**
 * Runs a model over whole images: {@code y = A x} from the ground truth (cropped to the
 * operator's multiple), output {@code x̂ = model(y)}, metrics per image. Quality is measured on the
 * output clipped and rounded to 8 bits (as saved); consistency on the raw output, so a model
 * without RND shows its own error. Images are processed in strips ({@link Restorer}) and the
 * metrics are accumulated row by row, so memory stays bounded for large images; the output PNG
 * is encoded as the strips come.
 */
public final class Evaluator {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Evaluator.class);
    private final Degradation op;
    private final boolean yChannel;
    private final int cropBorder;
    private final Restorer.Tiling tiling;
    private final boolean selfEnsemble;
    /** The file of an image's given observation, by image name; null: simulate {@code y = A x}. */
    private java.util.function.Function<String, Path> observations;
    /** How a given observation is read, as the ground truth was (e.g. its luma with {@code data.gray}). */
    private UnaryOperator<Image> observationConversion = UnaryOperator.identity();
    /** Image sizes are cropped to multiples of this: the operator's block and what the backbone needs. */
    private int multiple;
    private final java.util.Set<String> warnedGray = new java.util.HashSet<>();

    public Evaluator(Degradation op, boolean yChannel, int cropBorder) {
        this(op, yChannel, cropBorder, Restorer.Tiling.DEFAULT);
    }

    /** The evaluation a resolved {@code eval} section asks for. */
    public static Evaluator of(org.rnd4j.config.EvalConfig e, Degradation op) {
        if (e.observations() != null && !Files.isDirectory(Path.of(e.observations()))) {
            throw new IllegalArgumentException("eval.observations: expected an existing folder of observation images, got '"
                    + e.observations() + "'");
        }
        return new Evaluator(op, e.yChannel(), e.cropBorder(), new Restorer.Tiling(e.tilePixels(), e.tileOverlap()), e.selfEnsemble(),
                e.observations() == null ? null : Path.of(e.observations()));
    }

    public Evaluator(Degradation op, boolean yChannel, int cropBorder, Restorer.Tiling tiling) {
        this(op, yChannel, cropBorder, tiling, false, null);
    }

    /**
     * @param selfEnsemble average the outputs for the 8 flips/rotations of the observation
     * @param observations a folder of observation images named like the ground truth (e.g. MATLAB's
     *                     bicubic LR files), used instead of simulating {@code y = A x}; or null
     */
    public Evaluator(Degradation op, boolean yChannel, int cropBorder, Restorer.Tiling tiling, boolean selfEnsemble,
                     Path observations) {
        this.op = op;
        this.yChannel = yChannel;
        this.cropBorder = cropBorder;
        this.tiling = tiling;
        this.selfEnsemble = selfEnsemble;
        this.observations = observations == null ? null : observations::resolve;
        this.multiple = op.spatialMultiple();
    }

    /**
     * Reads each image's observation from the file {@code byImageName} names (e.g. the MATLAB LR
     * file paired with an HR file) instead of simulating it.
     */
    public Evaluator observations(java.util.function.Function<String, Path> byImageName) {
        this.observations = byImageName;
        return this;
    }

    /**
     * Converts each given observation as the images were converted ({@code ImageSet.conversion}:
     * the luma of a {@code data.gray} model's MATLAB LR file), so the network sees what it was trained on.
     */
    public Evaluator observationsAs(UnaryOperator<Image> conversion) {
        this.observationConversion = conversion;
        return this;
    }

    /**
     * Also crops images to multiples of {@code k}, the size multiple a backbone declares
     * ({@code Backbone.sizeMultiple}), so such a network never sees a size it cannot take.
     */
    public Evaluator sizeMultiple(int k) {
        this.multiple = op.spatialMultiple(k);
        return this;
    }

    /**
     * The ×8 geometric self-ensemble: the model's outputs for the observation flipped and rotated,
     * mapped back and averaged. For operators that commute with flips and 90° rotations (all but
     * block CS) each output satisfies {@code A x̂ = y}, and so does their average ({@code A} is linear).
     */
    public static UnaryOperator<INDArray> selfEnsemble(UnaryOperator<INDArray> model) {
        return y -> {
            INDArray sum = null;
            for (int t = 0; t < 8; t++) {
                INDArray out = untransform(model.apply(transform(y, t)), t);
                sum = sum == null ? out.dup() : sum.addi(out);
            }
            return sum.divi(8);
        };
    }

    static INDArray transform(INDArray a, int t) {
        INDArray r = (t & 4) != 0 ? a.permute(0, 1, 3, 2).dup('c') : a;
        if ((t & 1) != 0) r = flip(r, 3);
        if ((t & 2) != 0) r = flip(r, 2);
        return r;
    }

    static INDArray untransform(INDArray a, int t) {
        INDArray r = a;
        if ((t & 2) != 0) r = flip(r, 2);
        if ((t & 1) != 0) r = flip(r, 3);
        return (t & 4) != 0 ? r.permute(0, 1, 3, 2).dup('c') : r;
    }

    /**
     * {@code a} reversed along {@code dim} (2: rows, 3: columns), copied in Java. libnd4j's
     * {@code Reverse} op (through {@code Nd4j.exec}) made the ×8 self-ensemble's resident memory grow
     * with every image: 2.8 GB after 15 Urban100 images instead of 1.3 GB, and JavaCPP's limit after ~60.
     */
    private static INDArray flip(INDArray a, int dim) {
        long[] s = a.shape();
        int h = (int) s[2], w = (int) s[3], planes = (int) (s[0] * s[1]);
        double[] src = a.dup('c').data().asDouble(), dst = new double[src.length];
        for (int p = 0, o = 0; p < planes; p++, o += h * w) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    dst[o + i * w + j] = src[o + (dim == 2 ? (h - 1 - i) * w + j : i * w + (w - 1 - j))];
                }
            }
        }
        return Nd4j.create(dst, s, 'c').castTo(a.dataType());
    }

    /**
     * Checks that {@code image} can be evaluated: at least one block of the operator, an SSIM window after cropping,
     * and, with given observations, its observation file of the right size (read now, so a missing LR file stops a
     * training run before its first step, not at its first validation). Training calls it for every validation image
     * before the first step.
     *
     * @throws IllegalArgumentException naming the image, its size and what is needed
     */
    public void check(Image image) {
        checkSize(image);
        if (observations != null) {
            try {
                observation(image, op.workingSide(image.height(), multiple), op.workingSide(image.width(), multiple));
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
    }

    /** {@link #check}'s size rules alone: {@link #evaluate} reads the given observation itself, with the same checks. */
    private void checkSize(Image image) {
        int m = multiple;
        int h = image.height() / m * m, w = image.width() / m * m;
        if (op.padsToMultiple()) {
            h = image.height();
            w = image.width();
        }
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("image " + image.name() + " is " + image.width() + "x" + image.height()
                    + ", smaller than the " + op.describe() + " block " + m + " (it needs at least " + m + "x" + m + ")");
        }
        int ch = h - 2 * cropBorder, cw = w - 2 * cropBorder;
        if (ch < 11 || cw < 11) {
            throw new IllegalArgumentException("image " + image.name() + " is " + w + "x" + h
                    + (op.padsToMultiple() ? "" : " after cropping to a multiple of " + m) + "; with eval.cropBorder " + cropBorder + " that leaves " + cw + "x" + ch + ", less than SSIM's 11x11 window");
        }
    }

    /** Per-image figures; with {@code imageFile}, the output PNG is written there (gray for a gray source where the task allows). */
    public ImageResult evaluate(UnaryOperator<INDArray> model, Image image, Path imageFile) throws IOException {
        return evaluate(model, image, imageFile, null);
    }

    /** As {@link #evaluate(UnaryOperator, Image, Path)}, with a side-by-side crop ({@link Grid}) written to {@code gridFile}. */
    public ImageResult evaluate(UnaryOperator<INDArray> model, Image image, Path imageFile, Path gridFile) throws IOException {
        checkSize(image);
        int m = multiple;
        // the size the model works on (h × w) and the size measured and written (outH × outW)
        boolean pad = op.padsToMultiple();
        int h = op.workingSide(image.height(), m), w = op.workingSide(image.width(), m);
        int outH = pad ? image.height() : h, outW = pad ? image.width() : w;
        Image src = pad ? image.padded(h, w) : image;
        int cw = outW - 2 * cropBorder;
        int planes = yChannel ? 1 : 3;
        StreamingMetrics out = new StreamingMetrics(planes, cw), base = new StreamingMetrics(planes, cw);
        double[] cons = {0, 0, 0};   // max |A x̂ − y|, Σ (A x̂ − y)², max |A x̂ − A x|
        long[] consCount = {0};
        long seed = seedOf(image.name());
        Image given = observations == null ? null : observation(image, h, w);
        int s0 = Math.max(1, op.upscale());
        Restorer.Observations obs = given != null
                ? (a, b) -> Arrays4d.of(given.region(a / s0, 0, (b - a) / s0, w / s0), 1, 3, (b - a) / s0, w / s0)
                : (a, b) -> op.observe(Arrays4d.of(src.rows(a, b, w), 1, 3, b - a, w), seed, a, h, w);
        StreamingMetrics interp = op.upscale() >= 2 ? new StreamingMetrics(planes, cw) : null;
        Colourfulness[] colour = op.restoresColour() ? new Colourfulness[]{new Colourfulness(), new Colourfulness(), new Colourfulness()}
                : null;
        UnaryOperator<INDArray> net = selfEnsemble ? selfEnsemble(model) : model;
        Restorer restorer = new Restorer(net, op, tiling);
        Grid grid = gridFile == null ? null : new Grid(h, w, m);
        StreamedImage.Strips strips = y0 -> {
            Restorer.Strip s = restorer.strip(obs, y0, h, w);
            if (interp != null) {
                INDArray up = org.rnd4j.operator.BicubicDownsampling.upsample(s.observation(), op.upscale());
                feed(interp, Metrics.quantize(up), Arrays4d.of(src.rows(s.y0(), s.y1(), w), 1, 3, s.y1() - s.y0(), w), s.y0(), h, image.gray());
            }
            INDArray x = Arrays4d.of(src.rows(s.y0(), s.y1(), w), 1, 3, s.y1() - s.y0(), w);
            INDArray ax = op.applyLike(s.output(), s.observation()).castTo(DataType.DOUBLE);
            INDArray reobserved = ax.sub(s.observation().castTo(DataType.DOUBLE));
            cons[0] = Math.max(cons[0], reobserved.amaxNumber().doubleValue());
            cons[1] += reobserved.muli(reobserved).sumNumber().doubleValue();
            consCount[0] += reobserved.length();
            cons[2] = Math.max(cons[2], ax.subi(op.applyLike(x, s.observation()).castTo(DataType.DOUBLE)).amaxNumber().doubleValue());
            INDArray pinv = op.pinv(s.observation());
            INDArray q = Metrics.quantize(s.output()), qb = Metrics.quantize(pinv);
            if (grid != null) grid.collect(s.y0(), Grid.display(op, s.observation()), pinv, s.output(), x);
            int rows = Math.min(s.y1(), outH) - s.y0();
            INDArray qc = crop(q, rows, outW), qbc = crop(qb, rows, outW), xc = crop(x, rows, outW), outc = crop(s.output(), rows, outW);
            feed(out, qc, xc, s.y0(), outH, image.gray());
            feed(base, qbc, xc, s.y0(), outH, image.gray());
            if (colour != null) {
                colour[0].add(qc);
                colour[1].add(qbc);
                colour[2].add(xc);
            }
            return outc.castTo(DataType.FLOAT).dup('c').data().asFloat();
        };
        StreamedImage result = new StreamedImage(outW, outH, image.gray() && !op.restoresColour(), strips);
        if (imageFile != null) {
            Images.writePng(result, imageFile, image.profile());
        } else {
            result.drain();
        }
        if (grid != null) grid.write(gridFile);
        double consPsnr = Metrics.psnrFromMse(cons[1] / consCount[0]);
        // with given observations (already rounded by their maker) a "noise-free" A x is not what they were made from
        return new ImageResult(image.name(), out.psnr(), out.ssim(), base.psnr(), base.ssim(), cons[0], consPsnr,
                given != null ? Double.NaN : cons[2],
                interp == null ? Double.NaN : interp.psnr(), interp == null ? Double.NaN : interp.ssim(),
                colour == null ? Double.NaN : colour[0].value(), colour == null ? Double.NaN : colour[1].value(),
                colour == null ? Double.NaN : colour[2].value());
    }

    /** The top-left {@code rows × cols} of an {@code [1, C, h, w]} array (itself when that is all of it). */
    private static INDArray crop(INDArray a, int rows, int cols) {
        if (a.size(2) == rows && a.size(3) == cols) return a;
        return a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, rows), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, cols)).dup('c');
    }

    /** The given observation of {@code image} ({@code eval.observations}), checked against the cropped image size. */
    private Image observation(Image image, int h, int w) throws IOException {
        Path f = observationFile(image);
        Image y = observationConversion.apply(Images.read(f));
        int s = Math.max(1, op.upscale());
        if (y.height() != h / s || y.width() != w / s) {
            throw new IllegalArgumentException("observation " + f + " is " + y.width() + "x" + y.height() + ", expected "
                    + (w / s) + "x" + (h / s) + " for image " + image.name() + " cropped to " + w + "x" + h);
        }
        return y;
    }

    /** The file of {@code image}'s given observation, which must exist. */
    private Path observationFile(Image image) {
        Path f = observations.apply(image.name());
        if (f == null || !Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no observation " + f + " for image " + image.name());
        }
        return f;
    }

    /** The seed of an image's observation (its masks and noise): from its name, so it does not depend on the order of images. */
    public static long seedOf(String imageName) {
        long h = 1125899906842597L;
        for (int i = 0; i < imageName.length(); i++) h = 31 * h + imageName.charAt(i);
        return h;
    }

    /** Rows {@code [y0, y0 + r)} of the output and the ground truth, cropped, into the accumulator; a gray source's luma on the gray scale. */
    private void feed(StreamingMetrics acc, INDArray output, INDArray truth, int y0, int height, boolean gray) {
        double[][][] a = Metrics.planeRows(output, yChannel, gray, cropBorder), b = Metrics.planeRows(truth, yChannel, gray, cropBorder);
        for (int r = 0; r < a.length; r++) {
            int row = y0 + r;
            if (row >= cropBorder && row < height - cropBorder) acc.addRow(a[r], b[r]);
        }
    }

    /**
     * Whether {@code image} is left out of a set's figures: a gray image when the task restores
     * colour (its {@code A†y} is the image itself, so it would score infinite PSNR), with a warning.
     */
    public boolean skipped(Image image) {
        if (!image.gray() || !op.restoresColour()) return false;
        if (warnedGray.add(image.name())) log.warn("{}: a gray image has no colour to restore; left out of the figures", image.name());
        return true;
    }

    public ImageResult evaluate(ComputationGraph model, Image image, Path imageFile) throws IOException {
        return evaluate(y -> model.outputSingle(false, y), image, imageFile);
    }

    /** Evaluates every image; nothing is written. */
    public EvalSummary evaluate(ComputationGraph model, ImageSet images) throws IOException {
        return evaluate(y -> model.outputSingle(false, y), images, null, false);
    }

    /**
     * Evaluates every image; with {@code outDir}, writes {@code results.csv} and {@code summary.json}
     * there, and with {@code saveImages} the outputs under {@code outDir/images}.
     */
    public EvalSummary evaluate(ComputationGraph model, ImageSet images, Path outDir, boolean saveImages) throws IOException {
        return evaluate(y -> model.outputSingle(false, y), images, outDir, saveImages);
    }

    /** As {@link #evaluate(ComputationGraph, ImageSet, Path, boolean)} for any observation → estimate function. */
    public EvalSummary evaluate(UnaryOperator<INDArray> model, ImageSet images, Path outDir, boolean saveImages) throws IOException {
        List<ImageResult> rows = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        // every image's size and given observation are checked before anything is written (not a half-written folder)
        for (Image im : images.images()) {
            if (skipped(im)) continue;
            checkSize(im);
            if (observations != null) observationFile(im);
        }
        for (Image im : images.images()) {
            if (skipped(im)) continue;
            Path file = null, gridFile = null;
            if (outDir != null && saveImages) {
                String name = OutputNames.unique(im.name(), taken);
                file = outDir.resolve("images").resolve(name);
                gridFile = outDir.resolve("grids").resolve(name);
            }
            rows.add(evaluate(model, im, file, gridFile));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no image to evaluate: all " + images.size() + " are gray, and " + op.describe()
                    + " restores colour");
        }
        EvalSummary s = EvalSummary.of(rows, yChannel, cropBorder);
        if (outDir != null) {
            Files.createDirectories(outDir);
            List<String> lines = new ArrayList<>();
            lines.add(ImageResult.CSV_HEADER);
            rows.forEach(r -> lines.add(r.csv()));
            SafeFiles.writeLines(outDir.resolve("results.csv"), lines);
            SafeFiles.writeString(outDir.resolve("summary.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n");
        }
        return s;
    }

}

package org.rnd4j.data;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.rnd4j.operator.BicubicDownsampling;
import org.rnd4j.operator.Degradation;

/**
 * Training batches: random {@code patch×patch} crops with flips (both axes, or left–right only) / 90° rotations,
 * optionally of a larger region shrunk to the patch ({@code minScale < 1}: objects seen at more sizes, LapSRN's scale
 * augmentation), and the observation {@code y = A x} made with the task's operator (masks and noise drawn from the
 * batch's seed). Batch {@code i} depends only on {@code (seed, i)}, so a resumed run sees exactly the batches an
 * uninterrupted one would.
 */
public final class PatchSampler {
    private final ImageSet images;
    private final Degradation op;
    private final int patch, batch;
    private final boolean flips, mirror, rot90;
    private final double minScale;
    private final long seed;
    private int quantizeBits;
    private int candidates = 1;

    public PatchSampler(ImageSet images, Degradation op, int patch, int batch, boolean flips, boolean rot90, long seed) {
        this(images, op, patch, batch, flips, false, rot90, seed);
    }

    /** With {@code mirror}: left–right flips even when {@code flips} (both axes) is off. */
    public PatchSampler(ImageSet images, Degradation op, int patch, int batch, boolean flips, boolean mirror, boolean rot90,
                        long seed) {
        this(images, op, patch, batch, flips, mirror, rot90, 1.0, seed);
    }

    /**
     * With {@code minScale < 1}: each crop is a random square of {@code patch / s} pixels ({@code s} uniform in
     * {@code [minScale, 1]}, at most the image's shorter side), shrunk to {@code patch} by MATLAB-style antialiased
     * bicubic resizing (clamped to [0, 1]) before the flips. {@code minScale = 1} draws nothing more: the batches of
     * the sampler without it.
     */
    public PatchSampler(ImageSet images, Degradation op, int patch, int batch, boolean flips, boolean mirror, boolean rot90,
                        double minScale, long seed) {
        if (!(minScale > 0 && minScale <= 1)) throw new IllegalArgumentException("data.minScale " + minScale + " is not in (0, 1]");
        if (patch % op.spatialMultiple() != 0) {
            throw new IllegalArgumentException("data.patch " + patch + " is not a multiple of " + op.spatialMultiple()
                    + " required by " + op.describe());
        }
        for (Image im : images.images()) {
            if (!fits(im, patch)) {
                throw new IllegalArgumentException("image " + im.name() + " is " + im.width() + "x" + im.height()
                        + ", smaller than the training patch " + patch + " (data.patch; data.skipBadImages: true leaves such images out)");
            }
        }
        this.images = images;
        this.op = op;
        this.patch = patch;
        this.batch = batch;
        this.flips = flips;
        this.mirror = mirror;
        this.rot90 = rot90;
        this.minScale = minScale;
        this.seed = seed;
    }

    /**
     * Observations clipped to [0, 1] and rounded to {@code bits} bits ({@code data.quantize}; 0 = float), as the LR
     * files a model is measured on are stored: with RND the output reproduces the rounded observation exactly, and a
     * network trained on float observations meets rounding noise only at test time.
     */
    public PatchSampler quantize(int bits) {
        if (bits < 0 || bits > 16) throw new IllegalArgumentException("data.quantize " + bits + " is not in [0, 16]");
        this.quantizeBits = bits;
        return this;
    }

    /**
     * Each crop the one with the most detail among {@code k} drawn at random ({@code data.candidates}; 1 = uniform crops):
     * detail is the squared gradient of the crop's mean over channels, summed over the region before any shrinking (about
     * the shrunk patch's own sum, since shrinking by {@code p/r} scales gradients by {@code r/p}). Flat regions (sky,
     * walls, out-of-focus backgrounds) teach an SR network little; SamplingAug (Wang et al., BMVC 2021) trains on the
     * most informative patches. With {@code k = 1} the batches are exactly those of the sampler without it.
     */
    public PatchSampler candidates(int k) {
        if (k < 1 || k > 64) throw new IllegalArgumentException("data.candidates " + k + " is not in [1, 64]");
        this.candidates = k;
        return this;
    }

    /** Whether a {@code patch×patch} crop can be taken from {@code im}: the sampler refuses images where it cannot. */
    public static boolean fits(Image im, int patch) {
        return im.height() >= patch && im.width() >= patch;
    }

    /** Batch number {@code iteration}: features = observation y, labels = ground truth x. */
    public MultiDataSet batch(long iteration) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + iteration);
        int p = patch, pp = p * p;
        float[] buf = new float[batch * 3 * pp];
        for (int b = 0; b < batch; b++) {
            float[] region = null;
            int r = p;
            double most = -1;
            for (int k = 0; k < candidates; k++) {
                Image im = images.get(rnd.nextInt(images.size()));
                int rk = p;
                if (minScale < 1) {
                    double s = minScale + (1 - minScale) * rnd.nextDouble();
                    rk = Math.max(p, Math.min((int) Math.round(p / s), Math.min(im.height(), im.width())));
                }
                int top = rnd.nextInt(im.height() - rk + 1), left = rnd.nextInt(im.width() - rk + 1);
                float[] candidate = im.region(top, left, rk, rk);
                double detail = candidates == 1 ? 0 : detail(candidate, rk);
                if (detail > most) {
                    most = detail;
                    region = candidate;
                    r = rk;
                }
            }
            boolean flipH = (flips || mirror) && rnd.nextBoolean(), flipV = flips && rnd.nextBoolean(), transpose = rot90 && rnd.nextBoolean();
            float[] src = r == p ? region : shrink(region, r, p);
            for (int c = 0; c < 3; c++) {
                int dst = (b * 3 + c) * pp, plane = c * pp;
                for (int i = 0; i < p; i++) {
                    for (int j = 0; j < p; j++) {
                        int si = transpose ? j : i, sj = transpose ? i : j;
                        if (flipV) si = p - 1 - si;
                        if (flipH) sj = p - 1 - sj;
                        buf[dst + i * p + j] = src[plane + si * p + sj];
                    }
                }
            }
        }
        INDArray x = Arrays4d.of(buf, batch, 3, p, p);
        INDArray y = op.observe(x, seed * 0x9E3779B97F4A7C15L + iteration, 0, p, p);
        if (quantizeBits > 0) y = Arrays4d.quantize(y, quantizeBits);
        return new MultiDataSet(y, x);
    }

    /** The squared forward differences, down and across, of the channel mean of CHW {@code r×r} planes, summed. */
    static double detail(float[] chw, int r) {
        int rr = r * r;
        float[] g = new float[rr];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < rr; i++) g[i] += chw[c * rr + i] / 3f;
        }
        double sum = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                float v = g[i * r + j];
                if (j + 1 < r) sum += (g[i * r + j + 1] - v) * (g[i * r + j + 1] - v);
                if (i + 1 < r) sum += (g[(i + 1) * r + j] - v) * (g[(i + 1) * r + j] - v);
            }
        }
        return sum;
    }

    /** CHW {@code r×r} planes resized to {@code p×p}, rows then columns, each output sample from its few non-zero taps. */
    static float[] shrink(float[] src, int r, int p) {
        double[][] w = BicubicDownsampling.resizeMatrix(r, p);
        int[] first = new int[p], last = new int[p];
        for (int i = 0; i < p; i++) {
            int a = 0, b = r - 1;
            while (w[i][a] == 0) a++;
            while (w[i][b] == 0) b--;
            first[i] = a;
            last[i] = b;
        }
        float[] rows = new float[p * r], out = new float[3 * p * p];
        for (int c = 0; c < 3; c++) {
            int plane = c * r * r;
            for (int i = 0; i < p; i++) {
                for (int x = 0; x < r; x++) {
                    double v = 0;
                    for (int k = first[i]; k <= last[i]; k++) v += w[i][k] * src[plane + k * r + x];
                    rows[i * r + x] = (float) v;
                }
            }
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    double v = 0;
                    for (int k = first[j]; k <= last[j]; k++) v += w[j][k] * rows[i * r + k];
                    out[c * p * p + i * p + j] = (float) Math.min(1, Math.max(0, v));   // as a stored image: the kernel's lobes overshoot
                }
            }
        }
        return out;
    }
}

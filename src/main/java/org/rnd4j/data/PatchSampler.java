package org.rnd4j.data;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.rnd4j.operator.Degradation;

/**
 * Training batches: random {@code patch×patch} crops with flips (both axes, or left–right only) / 90° rotations, and the
 * observation {@code y = A x} made with the task's operator (masks and noise drawn from the batch's seed). Batch {@code i} depends only on
 * {@code (seed, i)}, so a resumed run sees exactly the batches an uninterrupted one would.
 */
public final class PatchSampler {
    private final ImageSet images;
    private final Degradation op;
    private final int patch, batch;
    private final boolean flips, mirror, rot90;
    private final long seed;

    public PatchSampler(ImageSet images, Degradation op, int patch, int batch, boolean flips, boolean rot90, long seed) {
        this(images, op, patch, batch, flips, false, rot90, seed);
    }

    /** With {@code mirror}: left–right flips even when {@code flips} (both axes) is off. */
    public PatchSampler(ImageSet images, Degradation op, int patch, int batch, boolean flips, boolean mirror, boolean rot90,
                        long seed) {
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
        this.seed = seed;
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
            Image im = images.get(rnd.nextInt(images.size()));
            int top = rnd.nextInt(im.height() - p + 1), left = rnd.nextInt(im.width() - p + 1);
            boolean flipH = (flips || mirror) && rnd.nextBoolean(), flipV = flips && rnd.nextBoolean(), transpose = rot90 && rnd.nextBoolean();
            float[] src = im.region(top, left, p, p);
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
        return new MultiDataSet(op.observe(x, seed * 0x9E3779B97F4A7C15L + iteration, 0, p, p), x);
    }
}

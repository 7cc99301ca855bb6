package org.rnd4j.operator;

import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inpainting: {@code y = M ⊙ x} for a binary mask {@code M} (1 = observed), {@code A† = Aᵀ = M}
 * (a mask is an orthogonal projector). The mask differs per sample, so it travels with the
 * observation: observations are {@code [N, C + 1, H, W]}, the masked image followed by the mask
 * channel, through data, graph, checkpoint, evaluation and inference. Masks are drawn from a seed:
 * {@code pixels} keeps each pixel with probability {@code ratio}; {@code boxes} cuts {@code boxes}
 * rectangles with sides uniform in {@code [boxMin, boxMax]}; {@code infer} also takes a mask image.
 */
public final class Inpainting implements Degradation {
    private final String mask;
    private final double ratio;
    private final int boxes, boxMin, boxMax;
    private final long seed;

    public Inpainting(String mask, double ratio, int boxes, int boxMin, int boxMax, long seed) {
        if (!mask.equals("pixels") && !mask.equals("boxes")) {
            throw new IllegalArgumentException("inpainting mask must be pixels or boxes, got " + mask);
        }
        if (mask.equals("pixels") && !(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("inpainting ratio (the fraction of pixels observed) must be in (0, 1], got " + ratio);
        }
        if (mask.equals("boxes") && (boxes < 1 || boxMin < 1 || boxMax < boxMin)) {
            throw new IllegalArgumentException("inpainting boxes need boxes >= 1 and 1 <= boxMin <= boxMax, got " + boxes + ", "
                    + boxMin + ", " + boxMax);
        }
        this.mask = mask;
        this.ratio = ratio;
        this.boxes = boxes;
        this.boxMin = boxMin;
        this.boxMax = boxMax;
        this.seed = seed;
    }

    @Override
    public String describe() {
        return mask.equals("pixels") ? "inpainting " + Math.round(ratio * 100) + "% of pixels observed"
                : "inpainting " + boxes + " boxes of " + boxMin + "-" + boxMax + " px";
    }

    @Override public int spatialMultiple() { return 1; }
    @Override public boolean maskChannel() { return true; }
    @Override public long observationChannels(long imageChannels) { return imageChannels + 1; }
    @Override public long observationSize(long size) { return size; }

    /** The mask of sample {@code n}, rows {@code [rowOffset, rowOffset + h)} of an image {@code height × width}. */
    public float[] mask(long drawSeed, int n, int rowOffset, int h, int w, int height, int width) {
        float[] m = new float[h * w];
        if (mask.equals("pixels")) {
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) m[r * w + c] = Hash.uniform(seed ^ drawSeed, n, rowOffset + r, c, 0) < ratio ? 1f : 0f;
            }
            return m;
        }
        java.util.Arrays.fill(m, 1f);
        SplittableRandom rnd = new SplittableRandom(Hash.key(seed ^ drawSeed, n, 0, 0, 7));
        for (int b = 0; b < boxes; b++) {
            int bh = rnd.nextInt(boxMin, boxMax + 1), bw = rnd.nextInt(boxMin, boxMax + 1);
            int top = rnd.nextInt(Math.max(1, height - bh + 1)), left = rnd.nextInt(Math.max(1, width - bw + 1));
            for (int r = Math.max(top, rowOffset); r < Math.min(top + bh, rowOffset + h); r++) {
                for (int c = left; c < Math.min(left + bw, w); c++) m[(r - rowOffset) * w + c] = 0f;
            }
        }
        return m;
    }

    /** {@code [M ⊙ x, M]} for a given mask {@code [N, 1, H, W]}. */
    public static INDArray observeWith(INDArray x, INDArray m) {
        return Nd4j.concat(1, x.mul(m.castTo(x.dataType())), m.castTo(x.dataType()));
    }

    @Override
    public INDArray observe(INDArray x, long drawSeed, int rowOffset, int height, int width) {
        int n = (int) x.size(0), h = (int) x.size(2), w = (int) x.size(3);
        INDArray m = Nd4j.createUninitialized(x.dataType(), n, 1, h, w);
        for (int i = 0; i < n; i++) {
            m.get(NDArrayIndex.point(i), NDArrayIndex.point(0)).assign(
                    Nd4j.create(mask(drawSeed, i, rowOffset, h, w, height, width), new long[]{h, w}, 'c').castTo(x.dataType()));
        }
        return observeWith(x, m);
    }

    /** With the masks of draw seed 0: a fixed operator instance. */
    @Override
    public INDArray apply(INDArray x) {
        return observe(x, 0, 0, (int) x.size(2), (int) x.size(3));
    }

    private static INDArray maskOf(INDArray y) {
        return y.get(NDArrayIndex.all(), NDArrayIndex.interval(y.size(1) - 1, y.size(1)), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private static INDArray imageOf(INDArray y) {
        return y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, y.size(1) - 1), NDArrayIndex.all(), NDArrayIndex.all());
    }

    @Override
    public INDArray applyLike(INDArray x, INDArray y) {
        return observeWith(x, maskOf(y));
    }

    /** The measurement channels subtract; the mask channel stays the observation's. */
    @Override
    public INDArray residual(INDArray y, INDArray ax) {
        INDArray out = ax.rsubi(y);
        maskOf(out).assign(maskOf(y));
        return out;
    }

    @Override
    public SDVariable pinvApply(SameDiff sd, SDVariable x, SDVariable y) {
        return x.mul(maskOf(sd, y));
    }

    /** {@code M ⊙ y}: the masked image (the mask channel carries no measurement). */
    @Override
    public INDArray pinv(INDArray y) {
        return imageOf(y).mul(maskOf(y));
    }

    @Override
    public INDArray adjoint(INDArray y) {
        return pinv(y);
    }

    /** Needs the observation's mask: see {@link #pinvAdjointLike}. */
    @Override
    public INDArray pinvAdjoint(INDArray g) {
        throw new UnsupportedOperationException("inpainting: (A†)ᵀ depends on the observation's mask; use pinvAdjointLike(g, y)");
    }

    /** {@code [M ⊙ g, 0]}: the mask channel is data, not a measurement, and gets no gradient. */
    @Override
    public INDArray pinvAdjointLike(INDArray g, INDArray y) {
        INDArray m = maskOf(y);
        return Nd4j.concat(1, g.mul(m), Nd4j.zerosLike(m));
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable x) {
        throw new UnsupportedOperationException("inpainting: A depends on the observation's mask; use applyLike(sd, x, y)");
    }

    @Override
    public SDVariable applyLike(SameDiff sd, SDVariable x, SDVariable y) {
        SDVariable m = maskOf(sd, y);
        return sd.concat(1, x.mul(m), m);
    }

    private static SDVariable maskOf(SameDiff sd, SDVariable y) {
        return y.get(SDIndex.all(), SDIndex.interval(3, 4), SDIndex.all(), SDIndex.all());
    }

    @Override
    public SDVariable pinv(SameDiff sd, SDVariable y) {
        return y.get(SDIndex.all(), SDIndex.interval(0, 3), SDIndex.all(), SDIndex.all()).mul(maskOf(sd, y));
    }

    @Override
    public OperatorSpec spec() {
        return OperatorSpec.inpainting(mask, ratio, boxes, boxMin, boxMax, seed);
    }
}

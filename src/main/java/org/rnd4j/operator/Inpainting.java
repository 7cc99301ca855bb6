package org.rnd4j.operator;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnd4j.config.TaskSettings;
import org.rnd4j.operator.generator.InpaintingMasks;

/**
 * Inpainting: {@code y = M ⊙ x} for a binary mask {@code M} (1 = observed), {@code A† = Aᵀ = M}
 * (a mask is an orthogonal projector). The mask differs per sample, so it travels with the
 * observation: observations are {@code [N, C + 1, H, W]}, the masked image followed by the mask
 * channel, through data, graph, checkpoint, evaluation and inference. Masks come from
 * {@link InpaintingMasks} (pixels or boxes, from a seed); {@code infer} also takes a mask image.
 */
public final class Inpainting implements Degradation {
    private final InpaintingMasks masks;

    public Inpainting(String mask, double ratio, int boxes, int boxMin, int boxMax, long seed) {
        this.masks = new InpaintingMasks(mask, ratio, boxes, boxMin, boxMax, seed);
    }

    @Override
    public String describe() {
        return masks.kind().equals("pixels") ? "inpainting " + Math.round(masks.ratio() * 100) + "% of pixels observed"
                : "inpainting " + masks.boxes() + " boxes of " + masks.boxMin() + "-" + masks.boxMax() + " px";
    }

    @Override public int spatialMultiple() { return 1; }
    @Override public boolean maskChannel() { return true; }
    @Override public long observationChannels(long imageChannels) { return imageChannels + 1; }
    @Override public long observationSize(long size) { return size; }

    /** The mask of sample {@code n}, rows {@code [rowOffset, rowOffset + h)} of an image {@code height × width}. */
    public float[] mask(long drawSeed, int n, int rowOffset, int h, int w, int height, int width) {
        return masks.draw(drawSeed, n, rowOffset, h, w, height, width);
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
        return OperatorSpec.inpainting(masks.kind(), masks.ratio(), masks.boxes(), masks.boxMin(), masks.boxMax(), masks.seed());
    }

    /**
     * Task {@code inpainting}: {@code mask} pixels (default; {@code ratio} observed, default 0.5) or
     * boxes ({@code boxes}, default 4, sides in {@code [boxMin, boxMax]}, default 8–24), from
     * {@code seed} (default 2023).
     */
    public record Settings(String mask, Double ratio, Integer boxes, Integer boxMin, Integer boxMax, Long seed)
            implements OperatorSettings {
        @Override
        public Settings resolve() {
            String kind = TaskSettings.or(mask, "pixels");
            boolean pixels = kind.equals("pixels");
            if (kind.equals("boxes") && ratio != null) throw TaskSettings.unused("ratio", "inpainting with boxes");
            if (pixels && (boxes != null || boxMin != null || boxMax != null)) {
                throw TaskSettings.unused("boxes/boxMin/boxMax", "inpainting with pixels");
            }
            return new Settings(kind, pixels ? TaskSettings.or(ratio, 0.5) : null, pixels ? null : TaskSettings.or(boxes, 4),
                    pixels ? null : TaskSettings.or(boxMin, 8), pixels ? null : TaskSettings.or(boxMax, 24), TaskSettings.or(seed, 2023L));
        }

        @Override
        public void validate() {
            TaskSettings.check(mask.equals("pixels") || mask.equals("boxes"), "mask", "pixels or boxes", "'" + mask + "'");
            if (ratio != null) TaskSettings.check(ratio > 0 && ratio <= 1, "ratio", "a number in (0, 1]", ratio);
            if (boxes != null) TaskSettings.check(boxes >= 1 && boxes <= 10_000, "boxes", "an integer in [1, 10000]", boxes);
            if (boxMin != null) TaskSettings.check(boxMin >= 1 && boxMin <= 4096, "boxMin", "an integer in [1, 4096]", boxMin);
            if (boxMax != null) {
                TaskSettings.check(boxMax >= boxMin && boxMax <= 4096, "boxMax", "an integer in [boxMin (" + boxMin + "), 4096]", boxMax);
            }
        }

        @Override
        public Degradation create() {
            return Operators.create(OperatorSpec.inpainting(mask, ratio == null ? 0 : ratio, boxes == null ? 0 : boxes,
                    boxMin == null ? 0 : boxMin, boxMax == null ? 0 : boxMax, seed));
        }
    }
}

package org.rnd4j.operator.generator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random inpainting masks (1 = observed), drawn from a seed, apart from the masking operator:
 * {@code pixels} keeps each pixel with probability {@code ratio}; {@code boxes} cuts {@code boxes}
 * rectangles with sides uniform in {@code [boxMin, boxMax]}. A mask depends only on (seed, draw
 * seed, sample, position), so strips of an image get the rows of the whole image's mask.
 */
public record InpaintingMasks(String kind, double ratio, int boxes, int boxMin, int boxMax, long seed) {
    public InpaintingMasks {
        if (!kind.equals("pixels") && !kind.equals("boxes")) {
            throw new IllegalArgumentException("inpainting mask must be pixels or boxes, got " + kind);
        }
        if (kind.equals("pixels") && !(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("inpainting ratio (the fraction of pixels observed) must be in (0, 1], got " + ratio);
        }
        if (kind.equals("boxes") && (boxes < 1 || boxMin < 1 || boxMax < boxMin)) {
            throw new IllegalArgumentException("inpainting boxes need boxes >= 1 and 1 <= boxMin <= boxMax, got " + boxes + ", "
                    + boxMin + ", " + boxMax);
        }
    }

    /** The mask of sample {@code n}, rows {@code [rowOffset, rowOffset + h)} of an image {@code height × width}. */
    public float[] draw(long drawSeed, int n, int rowOffset, int h, int w, int height, int width) {
        float[] m = new float[h * w];
        if (kind.equals("pixels")) {
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    m[r * w + c] = CounterRandom.uniform(seed ^ drawSeed, n, rowOffset + r, c, 0) < ratio ? 1f : 0f;
                }
            }
            return m;
        }
        Arrays.fill(m, 1f);
        SplittableRandom rnd = new SplittableRandom(CounterRandom.key(seed ^ drawSeed, n, 0, 0, 7));
        for (int b = 0; b < boxes; b++) {
            int bh = rnd.nextInt(boxMin, boxMax + 1), bw = rnd.nextInt(boxMin, boxMax + 1);
            int top = rnd.nextInt(Math.max(1, height - bh + 1)), left = rnd.nextInt(Math.max(1, width - bw + 1));
            for (int r = Math.max(top, rowOffset); r < Math.min(top + bh, rowOffset + h); r++) {
                for (int c = left; c < Math.min(left + bw, w); c++) m[(r - rowOffset) * w + c] = 0f;
            }
        }
        return m;
    }
}

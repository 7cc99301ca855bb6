package org.rnd4j.infer;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnd4j.operator.Degradation;

/**
 * Runs a model over an image of any size in horizontal strips, so memory grows with the image
 * width, not its area. Each strip is restored with {@code overlap} extra rows above and below
 * (the network sees the context it would see in the whole image; with an overlap at least its
 * receptive field, the stitched result equals the whole-image one), and only its core rows are
 * kept. Strip boundaries are multiples of the operator's block, so for blockwise operators (SR
 * by average pooling, colorization, block CS) the observation of a core is exactly the
 * corresponding rows of the whole observation, and the RND projection keeps {@code A x̂ = y}
 * exact across the seams. Operators that couple neighbouring blocks (blur, bicubic: their
 * {@code A†} is dense) are restored in one piece.
 */
public final class Restorer {
    /** Strip size (output pixels per strip, overlap excluded) and overlap (rows) — both in image-space pixels. */
    public record Tiling(long stripPixels, int overlap) {
        public static final Tiling DEFAULT = new Tiling(org.rnd4j.config.Defaults.TILE_PIXELS, org.rnd4j.config.Defaults.TILE_OVERLAP);

        public Tiling {
            if (stripPixels < 1) throw new IllegalArgumentException("strip pixels must be >= 1, got " + stripPixels);
            if (overlap < 0) throw new IllegalArgumentException("tile overlap must be >= 0, got " + overlap);
        }
    }

    /** Observation rows for image rows {@code [a, b)} (multiples of the operator's block): simulated or read. */
    public interface Observations {
        INDArray rows(int a, int b);
    }

    /** One restored strip: image rows {@code [y0, y1)}, the raw output and the observation of those rows. */
    public record Strip(int y0, int y1, INDArray output, INDArray observation) {}

    private final UnaryOperator<INDArray> model;
    private final Degradation op;
    private final Tiling tiling;

    public Restorer(UnaryOperator<INDArray> model, Degradation op, Tiling tiling) {
        this.model = model;
        this.op = op;
        this.tiling = tiling;
    }

    /** Rows per strip for an image {@code width} wide: a multiple of the block, at least one block (all rows for non-blockwise operators). */
    public int stripRows(int width) {
        if (!op.blockwise()) return Integer.MAX_VALUE / 2;
        int m = op.spatialMultiple();
        long rows = tiling.stripPixels() / Math.max(1, width);
        return (int) Math.max(m, Math.min(Integer.MAX_VALUE / 2, rows / m * m));
    }

    private int overlapRows() {
        int m = op.spatialMultiple();
        return (tiling.overlap() + m - 1) / m * m;
    }

    /** The strip starting at image row {@code y0} of an image {@code height × width} (both multiples of the block). */
    public Strip strip(Observations obs, int y0, int height, int width) {
        int y1 = Math.min(height, y0 + stripRows(width));
        int a = Math.max(0, y0 - overlapRows()), b = Math.min(height, y1 + overlapRows());
        org.rnd4j.data.NativeMemory.relieve();
        INDArray y = obs.rows(a, b);
        INDArray out = model.apply(y);
        if (out.rank() != 4 || out.size(2) != b - a || out.size(3) != width) {
            throw new IllegalStateException("the model maps an observation of " + java.util.Arrays.toString(y.shape())
                    + " to " + java.util.Arrays.toString(out.shape()) + ", expected [N, 3, " + (b - a) + ", " + width + "]");
        }
        INDArray core = a == y0 && b == y1 ? out : out.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(y0 - a, y1 - a), NDArrayIndex.all()).dup();
        long oa = op.observationSize(y0 - a), ob = op.observationSize(y1 - a);
        INDArray yCore = a == y0 && b == y1 ? y : y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(oa, ob),
                NDArrayIndex.all()).dup();
        return new Strip(y0, y1, core, yCore);
    }
}

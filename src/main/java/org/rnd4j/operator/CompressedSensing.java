package org.rnd4j.operator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.config.TaskSettings;
import org.rnd4j.operator.generator.SamplingMatrices;

/**
 * Block compressed sensing: each {@code B×B} block of each channel is measured by the first
 * {@code q = ceil(ratio·B²)} rows of an orthogonal {@code B²×B²} matrix {@code Φ}.
 *
 * <p>{@code A} is a stride-{@code B} convolution with kernel {@code B}; {@code A† = Aᵀ} (rows are
 * orthonormal) is the matching transposed convolution, written as a 1×1 convolution with
 * {@code Φᵀ} followed by depth-to-space, which is the same map because the blocks do not overlap.
 * Observations are {@code [N, C·q, H/B, W/B]} with channel {@code c·q + k} = row {@code k} applied
 * to channel {@code c} (the same numbers, in the same order, as the original's
 * {@code [N·C, q, H/B, W/B]}).
 */
public final class CompressedSensing implements Degradation {
    private final int block;
    private final double ratio;
    private final long seed;
    private final int channels;
    private final int rows;
    private final float[] matrix;      // q × B², row-major
    private final INDArray forwardW;   // [B, B, C, C·q] (YXIO), block-diagonal over channels
    private final INDArray backwardW;  // [1, 1, C·q, C·B²] (YXIO), block-diagonal over channels
    private final Conv2DConfig forwardConv;
    private final INDArray phiFloat;   // Φ, q × B²

    private final boolean seededMatrix;   // the matrix is orthonormalRows(q, B², seed): specs leave it out

    private CompressedSensing(int block, double ratio, long seed, int channels, float[] matrix, boolean seededMatrix) {
        this.seededMatrix = seededMatrix;
        this.block = block;
        this.ratio = ratio;
        this.seed = seed;
        this.channels = channels;
        this.rows = rowsFor(block, ratio);
        int n = block * block;
        if (matrix.length != rows * n) {
            throw new IllegalArgumentException("cs: sampling matrix has " + matrix.length + " values, expected q×B² = "
                    + rows + "×" + n + " for block " + block + " and ratio " + ratio);
        }
        this.matrix = matrix.clone();
        int cq = channels * rows;
        float[] fw = new float[n * channels * cq];
        float[] bw = new float[cq * channels * n];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < rows; k++) {
                for (int p = 0; p < n; p++) {
                    float v = matrix[k * n + p];
                    // forward [u, v, c, c·q+k], p = u·B + v
                    fw[(p * channels + c) * cq + c * rows + k] = v;
                    // backward [0, 0, c·q+k, p·C + c]: libnd4j depth-to-space reads channel p·C + c (DCR order)
                    bw[(c * rows + k) * (channels * n) + p * channels + c] = v;
                }
            }
        }
        this.forwardW = Nd4j.create(fw, new long[]{block, block, channels, cq}, 'c');
        this.backwardW = Nd4j.create(bw, new long[]{1, 1, cq, (long) channels * n}, 'c');
        this.forwardConv = Convs.blocks(block);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.phiFloat = Nd4j.create(this.matrix, new long[]{rows, n}, 'c');
        }
    }

    /** Number of measurements per block, {@code ceil(ratio·B²)}. */
    public static int rowsFor(int block, double ratio) {
        if (block < 1) throw new IllegalArgumentException("cs: block must be >= 1, got " + block);
        if (!(ratio > 0 && ratio <= 1)) throw new IllegalArgumentException("cs: ratio must be in (0, 1], got " + ratio);
        return (int) Math.ceil(ratio * block * block - 1e-9);
    }

    /** An operator with the given sampling matrix ({@code q × B²} row-major, e.g. loaded from a checkpoint). */
    public static CompressedSensing fromMatrix(int block, double ratio, long seed, int channels, float[] matrix) {
        return new CompressedSensing(block, ratio, seed, channels, matrix, false);
    }

    /** An operator whose matrix is the first {@code q} rows of a seeded random orthogonal matrix. */
    public static CompressedSensing seeded(int block, double ratio, long seed, int channels) {
        return new CompressedSensing(block, ratio, seed, channels, SamplingMatrices.orthonormalRows(rowsFor(block, ratio), block * block, seed),
                true);
    }

    public int block() { return block; }
    public int rows() { return rows; }
    public double ratio() { return ratio; }
    /** The sampling matrix {@code Φ}, {@code q × B²} row-major (a copy). */
    public float[] matrix() { return matrix.clone(); }
    public long seed() { return seed; }
    public int channels() { return channels; }

    @Override public String describe() { return "cs block " + block + " ratio " + ratio; }
    @Override public int spatialMultiple() { return block; }
    @Override public boolean padsToMultiple() { return true; }
    @Override public long observationChannels(long imageChannels) { return imageChannels * rows; }
    @Override public long observationSize(long size) { return size / block; }

    /** {@code A} (stride-{@code B} convolution, {@code [B, B, C, C·q]}) and the 1×1 convolution of {@code A†} before depth-to-space ({@code [1, 1, C·q, C·B²]}), YXIO, for export. */
    public INDArray[] convolutionWeights() {
        return new INDArray[]{forwardW.dup(), backwardW.dup()};
    }

    @Override
    public INDArray apply(INDArray x) {
        checkImageShape(x.shape(), "image");
        if (x.size(1) != channels) {
            throw new IllegalArgumentException(describe() + ": image must have " + channels + " channels, got " + x.size(1));
        }
        // one GEMM on the blocks: the stride-B convolution multiplies by the block-diagonal [C·B², C·q]
        // matrix, C times the work (9× for the three channels of a gray image)
        long n = x.size(0), bh = x.size(2) / block, bw = x.size(3) / block;
        INDArray yq = blockRows(x, block).mmul(phi(x.dataType()).transpose());
        return yq.reshape('c', n, channels, bh, bw, rows).permute(0, 1, 4, 2, 3).dup('c').reshape('c', n, (long) channels * rows, bh, bw);
    }

    /** {@code Φ} ({@code q × B²}) in the data type {@code t}. */
    private INDArray phi(DataType t) {
        return t == DataType.FLOAT ? phiFloat : phiFloat.castTo(t);
    }

    /**
     * The {@code B×B} blocks of every sample and channel of {@code x} ({@code [N, C, H, W]}, sides multiples of
     * {@code B}) as the rows of an {@code [N·C·(H/B)·(W/B), B²]} matrix, each block row-major: the layout {@code Φ}
     * multiplies (also the learned-matrix projection's, {@code layer.SubspaceProjection}).
     */
    public static INDArray blockRows(INDArray x, int block) {
        long n = x.size(0), c = x.size(1), bh = x.size(2) / block, bw = x.size(3) / block;
        return x.reshape('c', n, c, bh, block, bw, block).permute(0, 1, 2, 4, 3, 5).dup('c')
                .reshape('c', n * c * bh * bw, (long) block * block);
    }

    /** The inverse of {@link #blockRows}: the image {@code [n, c, h, w]} whose blocks are the rows of {@code r}. */
    public static INDArray fromBlockRows(INDArray r, long n, long c, long h, long w, int block) {
        return r.reshape('c', n, c, h / block, w / block, block, block).permute(0, 1, 2, 4, 3, 5).dup('c').reshape('c', n, c, h, w);
    }

    @Override
    public INDArray pinv(INDArray y) {
        if (y.rank() != 4 || y.size(1) != (long) channels * rows) {
            throw new IllegalArgumentException(describe() + ": observation must be [N, " + channels * rows
                    + ", h, w], got " + java.util.Arrays.toString(y.shape()));
        }
        long n = y.size(0), bh = y.size(2), bw = y.size(3), nb = n * channels * bh * bw;
        INDArray coef = y.reshape('c', n, channels, rows, bh, bw).permute(0, 1, 3, 4, 2).dup('c').reshape('c', nb, rows);
        return fromBlockRows(coef.mmul(phi(y.dataType())), n, channels, bh * block, bw * block, block);
    }

    /** {@code Aᵀ = A†}: the rows of {@code Φ} are orthonormal. */
    @Override
    public INDArray adjoint(INDArray y) {
        return pinv(y);
    }

    /** {@code (A†)ᵀ = A}: the rows of {@code Φ} are orthonormal. */
    @Override
    public INDArray pinvAdjoint(INDArray g) {
        return apply(g);
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return sd.cnn.conv2d(x, sd.constant(forwardW.castTo(x.dataType())), forwardConv);
    }

    @Override
    public SDVariable pinv(SameDiff sd, SDVariable y) {
        SDVariable blocks = sd.cnn.conv2d(y, sd.constant(backwardW.castTo(y.dataType())), Convs.POINTWISE);
        return sd.cnn.depthToSpace(blocks, block, DataFormat.NCHW);
    }

    @Override
    public OperatorSpec spec() {
        OperatorSpec s = OperatorSpec.cs(block, ratio, seed);
        s.setChannels(channels);
        // a seeded matrix is made again from its seed (pure Java, the same on every machine): every RND
        // vertex and the state of a checkpoint would otherwise each hold a copy (1.2 MB as JSON at block 33)
        if (!seededMatrix) s.setMatrix(matrix.clone());
        return s;
    }

    /**
     * Task {@code cs}: {@code block} side (default 16), measurement {@code ratio} (default 0.25), the
     * sampling {@code matrix} ({@code random}, the default: rows of a random orthogonal matrix from
     * {@code seed}, default 2023; or {@code dct}: the lowest-frequency rows of the block DCT, stored in
     * checkpoints) and {@code learnA} (default false): train the matrix with the network, starting from
     * that one, with {@code A†} exact at every step ({@code org.rnd4j.graph.LearnedSamplingGraphs}).
     */
    public record Settings(Integer block, Double ratio, Long seed, Boolean learnA, String matrix) implements OperatorSettings {
        public static final String RANDOM = "random", DCT = "dct";

        @Override
        public Settings resolve() {
            return new Settings(TaskSettings.or(block, 16), TaskSettings.or(ratio, 0.25), TaskSettings.or(seed, 2023L),
                    TaskSettings.or(learnA, false), TaskSettings.or(matrix, RANDOM));
        }

        @Override
        public void validate() {
            TaskSettings.check(block >= 2 && block <= 64, "block", "an integer in [2, 64]", block);
            TaskSettings.check(ratio > 0 && ratio <= 1, "ratio", "a number in (0, 1]", ratio);
            TaskSettings.check(RANDOM.equals(matrix) || DCT.equals(matrix), "matrix", "random or dct", matrix);
        }

        @Override public int sideMultiple() { return block; }
        @Override public String sideMultipleName() { return "block"; }
        @Override public int defaultPatch() { return Math.max(block, 96 / block * block); }
        /** A block sampling matrix does not commute with flips and rotations. */
        @Override public boolean flipEquivariant() { return false; }

        @Override
        public Degradation create() {
            OperatorSpec s = OperatorSpec.cs(block, ratio, seed);
            if (DCT.equals(matrix)) s.setMatrix(SamplingMatrices.dctRows(rowsFor(block, ratio), block));
            return Operators.create(s);
        }
    }
}

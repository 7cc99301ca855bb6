package org.rnd4j.operator;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Super-resolution by MATLAB's bicubic {@code imresize(x, 1/s)}, the degradation every SR paper
 * reports: per axis, Keys' cubic kernel ({@code a = −0.5}) stretched by {@code s} (antialiasing),
 * output {@code i} centred at input coordinate {@code (i + ½)s − ½}, weights normalised to sum 1,
 * then taps outside the image clamped to the edge pixel (replicated border — not the mirror
 * padding of the common Python ports). An axis of length {@code n} gives {@code ceil(n/s)}
 * outputs. {@code A†} is exact (see {@link Separable}); the 1-D matrices are full row rank with
 * condition number about 2, so nothing is dropped and it is a banded solve, {@code O(n)} per row. Evaluation crops images to a multiple of
 * {@code s} (the benchmark's mod-crop).
 */
public final class BicubicDownsampling extends Separable {
    private final int scale;

    public BicubicDownsampling(int scale) {
        super(1e-10);
        if (scale < 2) throw new IllegalArgumentException("bicubic scale must be >= 2, got " + scale);
        this.scale = scale;
    }

    public int scale() { return scale; }

    /** Full row rank, condition number about 2: {@code Aᵀ(AAᵀ)⁻¹} by a banded solve is the SVD's {@code A†}. */
    @Override
    BandedPinv structured(int n) {
        int m = (n + scale - 1) / scale;
        int[] first = new int[m];
        double[][] rows = new double[m][];
        for (int i = 0; i < m; i++) {
            double[] w = taps(i, scale);
            int lo = (int) Math.floor((i + 0.5) * scale - 0.5 - 2 * scale);
            int from = Math.min(n - 1, Math.max(0, lo)), to = Math.min(n - 1, Math.max(0, lo + w.length - 1));
            double[] r = new double[to - from + 1];
            for (int j = 0; j < w.length; j++) r[Math.min(n - 1, Math.max(0, lo + j)) - from] += w[j];
            first[i] = from;
            rows[i] = r;
        }
        BandedPinv b = BandedPinv.of(n, first, rows);
        if (b == null) throw new IllegalStateException("bicubic x" + scale + " operator for length " + n + " is rank deficient");
        return b;
    }

    /** The normalised weights of output {@code i} on inputs {@code floor(c − 2s) …}, before clamping to the border. */
    private static double[] taps(int i, double s) {
        double c = (i + 0.5) * s - 0.5;
        int lo = (int) Math.floor(c - 2 * s), hi = (int) Math.ceil(c + 2 * s);
        double sum = 0;
        double[] w = new double[hi - lo + 1];
        for (int j = lo; j <= hi; j++) {
            double d = c - j;
            if (Math.abs(d) < 2 * s) {
                w[j - lo] = cubic(d / s) / s;
                sum += w[j - lo];
            }
        }
        for (int j = 0; j < w.length; j++) w[j] /= sum;
        return w;
    }

    @Override public String describe() { return "sr bicubic x" + scale; }
    @Override public int spatialMultiple() { return scale; }
    @Override public int upscale() { return scale; }
    @Override public long observationSize(long size) { return (size + scale - 1) / scale; }
    @Override protected int defaultLength(int m) { return m * scale; }

    /** Keys' cubic convolution kernel, {@code a = −0.5}. */
    static double cubic(double t) {
        double x = Math.abs(t);
        if (x <= 1) return 1.5 * x * x * x - 2.5 * x * x + 1;
        if (x <= 2) return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
        return 0;
    }

    @Override
    protected double[][] matrix(int n) {
        return matrix(n, scale);
    }

    /** The MATLAB {@code imresize} 1-D operator for {@code n} inputs at scale {@code 1/s}. */
    public static double[][] matrix(int n, int s) {
        return shrink(n, (n + s - 1) / s, s);
    }

    /**
     * {@code imresize} from {@code n} to {@code m ≤ n} samples at any ratio (antialiased: the kernel widened by
     * {@code n/m}); {@code resizeMatrix(k·m, m)} is {@link #matrix(int, int) matrix(k·m, k)}. Used to shrink training
     * crops ({@code data.minScale}).
     */
    public static double[][] resizeMatrix(int n, int m) {
        if (m < 1 || m > n) throw new IllegalArgumentException("resize from " + n + " to " + m + " samples: expected 1 <= m <= n");
        return shrink(n, m, (double) n / m);
    }

    private static double[][] shrink(int n, int m, double s) {
        double[][] a = new double[m][n];
        for (int i = 0; i < m; i++) {
            double[] w = taps(i, s);
            int lo = (int) Math.floor((i + 0.5) * s - 0.5 - 2 * s);
            for (int j = 0; j < w.length; j++) {
                if (w[j] != 0) a[i][Math.min(n - 1, Math.max(0, lo + j))] += w[j];
            }
        }
        return a;
    }

    @Override
    public OperatorSpec spec() { return OperatorSpec.bicubic(scale); }

    /**
     * MATLAB's {@code imresize(y, s, 'bicubic')} upscaling (the "bicubic interpolation" baseline of
     * SR tables): output {@code j} at input coordinate {@code (j + ½)/s − ½}, Keys' kernel without
     * widening, weights normalised, taps clamped to the border.
     */
    public static double[][] upsampleMatrix(int m, int s) {
        int n = m * s;
        double[][] u = new double[n][m];
        for (int j = 0; j < n; j++) {
            double c = (j + 0.5) / s - 0.5;
            int lo = (int) Math.floor(c - 2), hi = (int) Math.ceil(c + 2);
            double sum = 0;
            for (int k = lo; k <= hi; k++) sum += Math.abs(c - k) < 2 ? cubic(c - k) : 0;
            for (int k = lo; k <= hi; k++) {
                if (Math.abs(c - k) < 2) u[j][Math.min(m - 1, Math.max(0, k))] += cubic(c - k) / sum;
            }
        }
        return u;
    }

    /** {@link #upsampleMatrix} applied to both axes of an observation batch. */
    public static INDArray upsample(INDArray y, int s) {
        org.nd4j.linalg.api.ndarray.INDArray uh = org.nd4j.linalg.factory.Nd4j.create(upsampleMatrix((int) y.size(2), s))
                .castTo(y.dataType());
        org.nd4j.linalg.api.ndarray.INDArray uw = org.nd4j.linalg.factory.Nd4j.create(upsampleMatrix((int) y.size(3), s))
                .castTo(y.dataType());
        return both(y, uh, uw.transpose().dup());
    }
}

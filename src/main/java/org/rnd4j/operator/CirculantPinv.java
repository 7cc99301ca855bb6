package org.rnd4j.operator;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The exact truncated pseudo-inverse of a periodic blur followed by decimation, {@code A = S B}
 * ({@code B} circulant with a symmetric kernel, {@code S} keeping every {@code d}-th sample,
 * {@code d} dividing {@code n}): {@code A Aᵀ} is then circulant of size {@code m = n/d}, so its
 * eigenvectors are Fourier modes, its eigenvalues {@code μ_k} are the squared singular values of
 * {@code A}, and {@code A† = Aᵀ (A Aᵀ)⁺} with {@code 1/μ_k} kept where {@code σ_k > rcond · σ_max} —
 * the same truncation as the SVD, in {@code O(n log n)} per vector (FFT by JTransforms).
 */
final class CirculantPinv extends AxisPinv {
    private final int m;
    /** {@code 1/μ_k} for kept modes, 0 for dropped ones. */
    private final double[] inverse;
    private final int rank;
    private final double smallest;
    private final DoubleFFT_1D fft;

    /**
     * @param taps a symmetric kernel of odd length, centred
     * @param n    the axis length (a multiple of {@code d})
     */
    CirculantPinv(double[] taps, int n, int d, double rcond) {
        super(n, columns(taps.length / 2, n, d), weights(taps, n / d));
        this.m = n / d;
        int r = taps.length / 2;
        double[] b = new double[n];
        for (int t = -r; t <= r; t++) b[Math.floorMod(t, n)] += taps[t + r];
        double[] g = new double[2 * m];     // first row of A Aᵀ, complex interleaved
        for (int q = 0; q < m; q++) {
            double c = 0;
            int shift = q * d;
            for (int k = 0; k < n; k++) c += b[k] * b[(k + shift) % n];
            g[2 * q] = c;
        }
        fft = new DoubleFFT_1D(m);
        fft.complexForward(g);
        double max = 0;
        for (int k = 0; k < m; k++) max = Math.max(max, g[2 * k]);
        double cut = rcond * rcond * max;
        inverse = new double[m];
        int kept = 0;
        double min = Double.NaN;
        for (int k = 0; k < m; k++) {
            double mu = g[2 * k];
            if (mu > cut && mu > 0) {
                inverse[k] = 1 / mu;
                kept++;
                min = Double.isNaN(min) ? mu : Math.min(min, mu);
            }
        }
        rank = kept;
        smallest = Math.sqrt(min);
    }

    @Override int rank() { return rank; }
    @Override double smallestKept() { return smallest; }

    /** Row {@code i} reads columns {@code (i·d + k) mod n} for {@code k = −r … r}. */
    private static int[][] columns(int r, int n, int d) {
        if (n % d != 0) throw new IllegalArgumentException("axis length " + n + " is not a multiple of " + d);
        int[][] c = new int[n / d][2 * r + 1];
        for (int i = 0; i < c.length; i++) for (int k = -r; k <= r; k++) c[i][k + r] = Math.floorMod(i * d + k, n);
        return c;
    }

    private static double[][] weights(double[] taps, int m) {
        double[][] w = new double[m][];
        java.util.Arrays.fill(w, taps.clone());
        return w;
    }

    @Override
    void solve(double[] v, int o, int s, int lanes) {
        double[] buf = new double[2 * m];
        for (int t = 0; t < lanes; t++) {
            for (int i = 0; i < m; i++) {
                buf[2 * i] = v[o + i * s + t];
                buf[2 * i + 1] = 0;
            }
            fft.complexForward(buf);
            for (int k = 0; k < m; k++) {
                buf[2 * k] *= inverse[k];
                buf[2 * k + 1] *= inverse[k];
            }
            fft.complexInverse(buf, true);
            for (int i = 0; i < m; i++) v[o + i * s + t] = buf[2 * i];
        }
    }
}

package org.rnd4j.operator;

/**
 * The exact pseudo-inverse of a 1-D operator {@code A} ({@code m × n}) with full row rank whose rows
 * have short supports (bicubic downsampling: about {@code 4s} taps a row): {@code A† = Aᵀ (A Aᵀ)⁻¹},
 * with {@code A Aᵀ} banded and symmetric positive definite, so {@code A† y} is one banded Cholesky
 * solve and one sparse product — {@code O(n)} per vector instead of the {@code O(n³)} SVD and
 * {@code O(n²)} dense product.
 */
final class BandedPinv extends AxisPinv {
    private final int m, band;
    /** Lower Cholesky factor of {@code A Aᵀ}: {@code chol[i][k] = L[i][i − k]}, {@code k ≤ band}. */
    private final double[][] chol;

    private BandedPinv(int n, int[] first, double[][] rows, int band, double[][] chol) {
        super(n, columns(first, rows), rows);
        this.m = rows.length;
        this.band = band;
        this.chol = chol;
    }

    private static int[][] columns(int[] first, double[][] rows) {
        int[][] c = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            c[i] = new int[rows[i].length];
            for (int k = 0; k < c[i].length; k++) c[i][k] = first[i] + k;
        }
        return c;
    }

    /** The banded form of {@code a}, or null when {@code A Aᵀ} is not numerically positive definite (rank deficient). */
    static BandedPinv of(double[][] a) {
        int m = a.length, n = a[0].length;
        int[] first = new int[m];
        double[][] rows = new double[m][];
        for (int i = 0; i < m; i++) {
            int lo = 0, hi = n - 1;
            while (lo < n && a[i][lo] == 0) lo++;
            while (hi > lo && a[i][hi] == 0) hi--;
            if (lo == n) return null;
            first[i] = lo;
            rows[i] = java.util.Arrays.copyOfRange(a[i], lo, hi + 1);
        }
        return of(n, first, rows);
    }

    /** As {@link #of(double[][])} from sparse rows: row {@code i} holds {@code rows[i]} from column {@code first[i]}. */
    static BandedPinv of(int n, int[] first, double[][] rows) {
        int m = rows.length;
        int band = 0;
        for (int i = 0; i < m; i++) {
            for (int k = i - 1; k >= 0 && overlap(first, rows, i, k); k--) band = Math.max(band, i - k);
        }
        double[][] chol = new double[m][band + 1];
        double maxDiag = 0;
        for (int i = 0; i < m; i++) {
            for (int k = Math.min(band, i); k >= 0; k--) {
                int j = i - k;
                double s = dot(first, rows, i, j);
                for (int l = 1; l <= band - k && j - l >= 0 && k + l <= band; l++) s -= chol[i][k + l] * chol[j][l];
                if (k == 0) {
                    maxDiag = Math.max(maxDiag, dot(first, rows, i, i));
                    if (!(s > 1e-10 * maxDiag)) return null;
                    chol[i][0] = Math.sqrt(s);
                } else {
                    chol[i][k] = s / chol[j][0];
                }
            }
        }
        return new BandedPinv(n, first, rows, band, chol);
    }

    private static boolean overlap(int[] first, double[][] rows, int i, int k) {
        return first[k] + rows[k].length > first[i] && first[i] + rows[i].length > first[k];
    }

    private static double dot(int[] first, double[][] rows, int i, int j) {
        int lo = Math.max(first[i], first[j]), hi = Math.min(first[i] + rows[i].length, first[j] + rows[j].length);
        double s = 0;
        for (int c = lo; c < hi; c++) s += rows[i][c - first[i]] * rows[j][c - first[j]];
        return s;
    }

    @Override int rank() { return m; }

    /** Solves {@code (A Aᵀ) z = v} in place: {@code A Aᵀ} is positive definite, so its pseudo-inverse is its inverse. */
    @Override
    void solve(double[] v, int o, int s, int lanes) {
        for (int i = 0; i < m; i++) {
            int d = o + i * s;
            for (int k = 1; k <= Math.min(band, i); k++) {
                double l = chol[i][k];
                int e = o + (i - k) * s;
                for (int t = 0; t < lanes; t++) v[d + t] -= l * v[e + t];
            }
            double inv = 1 / chol[i][0];
            for (int t = 0; t < lanes; t++) v[d + t] *= inv;
        }
        for (int i = m - 1; i >= 0; i--) {
            int d = o + i * s;
            for (int k = 1; k <= band && i + k < m; k++) {
                double l = chol[i + k][k];
                int e = o + (i + k) * s;
                for (int t = 0; t < lanes; t++) v[d + t] -= l * v[e + t];
            }
            double inv = 1 / chol[i][0];
            for (int t = 0; t < lanes; t++) v[d + t] *= inv;
        }
    }
}

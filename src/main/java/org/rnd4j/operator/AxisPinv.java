package org.rnd4j.operator;

/**
 * A 1-D operator {@code A} ({@code m × n}) whose exact pseudo-inverse has a fast structured form
 * {@code A† = Aᵀ (A Aᵀ)⁺}: {@code A} and {@code Aᵀ} are sparse products (rows of a few taps) and {@code (A Aᵀ)⁺} a fast
 * solve ({@link BandedPinv}: banded Cholesky; {@link CirculantPinv}: FFT). Vectors are read and
 * written in a flat array at {@code offset + i·stride + t} for element {@code i} and lane
 * {@code t < lanes}, so one call transforms every row (lanes 1) or every column (lanes = width) of
 * an image plane at once.
 */
abstract class AxisPinv {
    private final int n;
    /** Row {@code i} of {@code A}: {@code weights[i][c]} at column {@code columns[i][c]}. */
    private final int[][] columns;
    private final double[][] weights;

    AxisPinv(int n, int[][] columns, double[][] weights) {
        this.n = n;
        this.columns = columns;
        this.weights = weights;
    }

    /** Input length {@code n}. */
    final int in() {
        return n;
    }

    /** Output length {@code m}. */
    final int out() {
        return columns.length;
    }

    /** The number of singular values kept. */
    abstract int rank();

    /** The smallest singular value kept, or NaN where the solve does not know it. */
    double smallestKept() {
        return Double.NaN;
    }

    /** {@code v = (A Aᵀ)⁺ v} in place ({@code m} elements). */
    abstract void solve(double[] v, int o, int s, int lanes);

    /** {@code dst = A src}: {@code src} has {@code n} elements, {@code dst} {@code m}. */
    final void apply(double[] src, int so, int ss, double[] dst, int dof, int ds, int lanes) {
        for (int i = 0; i < columns.length; i++) {
            int d = dof + i * ds;
            for (int t = 0; t < lanes; t++) dst[d + t] = 0;
            for (int c = 0; c < columns[i].length; c++) {
                double w = weights[i][c];
                int s = so + columns[i][c] * ss;
                for (int t = 0; t < lanes; t++) dst[d + t] += w * src[s + t];
            }
        }
    }

    /** {@code dst = Aᵀ src}: {@code src} has {@code m} elements, {@code dst} {@code n}. */
    final void adjoint(double[] src, int so, int ss, double[] dst, int dof, int ds, int lanes) {
        for (int j = 0; j < n; j++) {
            int d = dof + j * ds;
            for (int t = 0; t < lanes; t++) dst[d + t] = 0;
        }
        for (int i = 0; i < columns.length; i++) {
            int s = so + i * ss;
            for (int c = 0; c < columns[i].length; c++) {
                double w = weights[i][c];
                int d = dof + columns[i][c] * ds;
                for (int t = 0; t < lanes; t++) dst[d + t] += w * src[s + t];
            }
        }
    }

    /** The dense {@code A†} ({@code n × m}) — for the SameDiff graph and tests; {@code O(n m)} memory. */
    double[][] dense() {
        int m = out();
        double[][] p = new double[n][m];
        double[] e = new double[m], col = new double[n];
        for (int k = 0; k < m; k++) {
            java.util.Arrays.fill(e, 0);
            e[k] = 1;
            solve(e, 0, 1, 1);
            adjoint(e, 0, 1, col, 0, 1, 1);
            for (int j = 0; j < n; j++) p[j][k] = col[j];
        }
        return p;
    }
}

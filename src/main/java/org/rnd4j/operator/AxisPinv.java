package org.rnd4j.operator;

/**
 * A 1-D operator {@code A} ({@code m × n}) whose exact pseudo-inverse has a fast structured form
 * {@code A† = Aᵀ (A Aᵀ)⁺}: {@code A} and {@code Aᵀ} are sparse products and {@code (A Aᵀ)⁺} a fast
 * solve ({@link BandedPinv}: banded Cholesky; {@link CirculantPinv}: FFT). Vectors are read and
 * written in a flat array at {@code offset + i·stride + t} for element {@code i} and lane
 * {@code t < lanes}, so one call transforms every row (lanes 1) or every column (lanes = width) of
 * an image plane at once.
 */
abstract class AxisPinv {
    /** Input length {@code n}. */
    abstract int in();

    /** Output length {@code m}. */
    abstract int out();

    /** The number of singular values kept. */
    abstract int rank();

    /** The smallest singular value kept, or NaN where the solve does not know it. */
    double smallestKept() {
        return Double.NaN;
    }

    /** {@code dst = A src}: {@code src} has {@code n} elements, {@code dst} {@code m}. */
    abstract void apply(double[] src, int so, int ss, double[] dst, int dof, int ds, int lanes);

    /** {@code dst = Aᵀ src}: {@code src} has {@code m} elements, {@code dst} {@code n}. */
    abstract void adjoint(double[] src, int so, int ss, double[] dst, int dof, int ds, int lanes);

    /** {@code v = (A Aᵀ)⁺ v} in place ({@code m} elements). */
    abstract void solve(double[] v, int o, int s, int lanes);

    /** The dense {@code A†} ({@code n × m}) — for the SameDiff graph and tests; {@code O(n m)} memory. */
    double[][] dense() {
        int n = in(), m = out();
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

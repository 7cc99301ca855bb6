package org.rnd4j.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A linear operator that acts on each axis of each channel separately: {@code A x = A_h · X · A_wᵀ}
 * for every channel {@code X} ({@code H × W}), with {@code A_h}, {@code A_w} built by one 1-D rule
 * for the axis length. Its pseudo-inverse is exact and closed-form:
 * {@code A† = A_h† ⊗ A_w†}, {@code A†y = A_h† · Y · A_w†ᵀ}. Operators with a structured form
 * ({@link AxisPinv}) take each 1-D pseudo-inverse as {@code Aᵀ(AAᵀ)⁺} — bicubic by a banded solve
 * ({@link BandedPinv}, {@code O(n)} per row), periodic blur by FFT ({@link CirculantPinv},
 * {@code O(n log n)}) — applied without any dense matrix on long axes (above {@link #denseUpTo}) and
 * as dense products made from it on short ones; the others from the
 * matrix's singular value decomposition in double precision (Apache Commons Math), dropping
 * singular values below {@code rcond · σ_max} (the numpy/LAPACK {@code pinv} convention), applied
 * as two dense matrix products over the whole batch. SameDiff graphs use the dense matrices.
 */
public abstract class Separable implements Degradation {
    /**
     * Longest axis whose pseudo-inverse is taken from a dense SVD ({@code O(n³)} time, {@code O(n²)} memory):
     * about 12 s at this length on 2 cores (LAPACK's gesvd is no faster). Banded operators (bicubic)
     * have no such limit. Blur with a reflect border is not a normal matrix, so its truncated SVD is
     * not diagonalised by a DCT; see the README.
     */
    public static final int MAX_SVD_AXIS = 1024;
    /** Longest axis of an operator applied as a dense matrix ({@code A} alone, e.g. to degrade an image). */
    public static final int MAX_DENSE_AXIS = 4096;

    /** The 1-D operator of one axis length: its matrix, pseudo-inverse, and the float forms the products use. */
    static final class Axis {
        final int in, out;
        /** The structured form of {@code A†} (banded, circulant), or null when it is dense from the SVD. */
        final AxisPinv structured;
        private final double rcond;
        private final java.util.function.Supplier<double[][]> dense;
        private final String operator;
        private double[][] a, pinv;
        private int rank;
        private double smallestKept = Double.NaN;
        private INDArray aT, pinvT, a2, pinv2, projector;

        /** An axis from its banded form (the dense matrix is made only when asked for). */
        Axis(AxisPinv structured, java.util.function.Supplier<double[][]> dense, double rcond) {
            this.operator = null;
            this.structured = structured;
            this.dense = dense;
            this.rcond = rcond;
            this.in = structured.in();
            this.out = structured.out();
        }

        /** An axis from its dense matrix, pseudo-inverse from the SVD. */
        Axis(double[][] a, double rcond, String operator) {
            this.operator = operator;
            this.structured = null;
            this.dense = () -> a;
            this.a = a;
            this.rcond = rcond;
            this.in = a[0].length;
            this.out = a.length;
        }

        synchronized double[][] a() {
            if (a == null) {
                if ((long) in * out > (long) MAX_DENSE_AXIS * MAX_DENSE_AXIS) {
                    throw new IllegalArgumentException("a dense " + out + "x" + in + " operator matrix is too large (SameDiff"
                            + " graphs and tests only; eager code uses the banded form)");
                }
                a = dense.get();
            }
            return a;
        }

        int in() { return in; }
        int out() { return out; }

        /** The number of singular values {@code A†} keeps. */
        synchronized int rankKept() {
            pinv();
            return rank;
        }

        synchronized double[][] pinv() {
            if (pinv == null) {
                if (structured != null) {
                    pinv = structured.dense();
                    rank = structured.rank();
                    smallestKept = structured.smallestKept();
                } else {
                    svd();
                }
            }
            return pinv;
        }

        private void svd() {
            if (in > MAX_SVD_AXIS) {
                throw new IllegalArgumentException(operator + ": images longer than " + MAX_SVD_AXIS + " pixels on a side need an"
                        + " O(n³) SVD for A† (got " + in + "); crop or downscale the image first");
            }
            int m = out, n = in;
            SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(a(), false));
            double[] s = svd.getSingularValues();
            double cut = rcond * s[0];
            RealMatrix u = svd.getU(), v = svd.getV();
            double[][] p = new double[n][m];
            for (int k = 0; k < s.length; k++) {
                if (!(s[k] > cut) || s[k] == 0) continue;
                rank++;
                smallestKept = s[k];
                double inv = 1 / s[k];
                for (int i = 0; i < n; i++) {
                    double vik = v.getEntry(i, k) * inv;
                    if (vik == 0) continue;
                    for (int j = 0; j < m; j++) p[i][j] += vik * u.getEntry(j, k);
                }
            }
            pinv = p;
        }

        synchronized INDArray a2() { return a2 != null ? a2 : (a2 = floats(a())); }
        synchronized INDArray aT() { return aT != null ? aT : (aT = floats(transpose(a()))); }
        synchronized INDArray pinv2() { return pinv2 != null ? pinv2 : (pinv2 = floats(pinv())); }
        synchronized INDArray pinvT() { return pinvT != null ? pinvT : (pinvT = floats(transpose(pinv()))); }

        /** {@code A†A} (symmetric, so also its own transpose). */
        synchronized INDArray projector() {
            if (projector == null) {
                try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    projector = Nd4j.create(pinv()).mmul(Nd4j.create(a())).castTo(DataType.FLOAT);
                }
            }
            return projector;
        }

        private static INDArray floats(double[][] a) {
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return Nd4j.create(a).castTo(DataType.FLOAT);
            }
        }
    }

    private final double rcond;
    private final Map<Integer, Axis> axes = new ConcurrentHashMap<>();

    protected Separable(double rcond) {
        if (!(rcond >= 0 && rcond < 1)) throw new IllegalArgumentException("rcond must be in [0, 1), got " + rcond);
        this.rcond = rcond;
    }

    /** The 1-D operator for an axis of length {@code n}: {@code out(n) × n}, in double. */
    protected abstract double[][] matrix(int n);

    /**
     * The 1-D operator for axis length {@code n} in a structured form whose {@code A† = Aᵀ(AAᵀ)⁺}
     * equals the SVD's pseudo-inverse — banded ({@link BandedPinv}, full row rank, nothing dropped)
     * or circulant ({@link CirculantPinv}, the same truncation) — or null (the default) for the dense
     * SVD of {@link #matrix}.
     */
    AxisPinv structured(int n) { return null; }

    public double rcond() { return rcond; }

    @Override public long observationChannels(long imageChannels) { return imageChannels; }

    /** Rows couple across blocks and {@code A†} is dense: images are restored whole, not in strips. */
    @Override public boolean blockwise() { return false; }

    /** The cached 1-D operator (and pseudo-inverse) for axis length {@code n}. */
    Axis axis(int n) {
        Axis a = axes.get(n);
        if (a != null) return a;
        if (axes.size() > 64) axes.clear();
        return axes.computeIfAbsent(n, k -> {
            AxisPinv b = structured(k);
            if (b != null) return new Axis(b, () -> matrix(k), rcond);
            if (k > MAX_DENSE_AXIS) {
                throw new IllegalArgumentException(describe() + ": images longer than " + MAX_DENSE_AXIS + " pixels on a side need"
                        + " a dense " + k + "x" + k + " operator matrix (got " + k + "); crop or downscale the image first");
            }
            return new Axis(matrix(k), rcond, describe());
        });
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /**
     * Axes up to this length are applied as dense matrix products even when a structured form
     * exists (its pseudo-inverse made densely from the structured solve, no SVD): at training sizes
     * BLAS beats the per-channel passes (batch 16×3×96², bicubic ×4: about 16–23 vs 80 ms for a
     * projection with its gradients). Tests set it to 0 to exercise the structured passes.
     */
    static int denseUpTo = 512;

    /** Whether both axes take the structured passes (both have one, and one is longer than {@link #denseUpTo}). */
    private static boolean useStructured(Axis h, Axis w) {
        return h.structured != null && w.structured != null && Math.max(h.in, w.in) > denseUpTo;
    }

    /** What a structured pass does along one axis. */
    private enum Pass { APPLY, ADJOINT, PINV, PINV_ADJOINT }

    /**
     * The operator, its adjoint, pseudo-inverse or its adjoint on every channel of a batch, through
     * the structured forms of both axes: about {@code O(H·W)} per channel for any image size. Each
     * channel is computed in double and stored in the batch's type.
     */
    private static INDArray structured(INDArray x, AxisPinv h, AxisPinv w, Pass pass) {
        boolean forward = pass == Pass.APPLY || pass == Pass.PINV_ADJOINT;
        int hs = (int) x.size(2), ws = (int) x.size(3);
        int hd = forward ? h.out() : h.in(), wd = forward ? w.out() : w.in();
        long n = x.size(0), c = x.size(1);
        INDArray out = Nd4j.createUninitialized(x.dataType(), n, c, hd, wd);
        for (long i = 0; i < n; i++) {
            for (long k = 0; k < c; k++) {
                double[] src = x.get(NDArrayIndex.point(i), NDArrayIndex.point(k)).dup('c').data().asDouble();
                double[] mid = new double[hs * wd];
                int rowsPerTask = Math.max(1, 4096 / Math.max(1, ws));
                java.util.stream.IntStream.range(0, (hs + rowsPerTask - 1) / rowsPerTask).parallel().forEach(t -> {
                    for (int r = t * rowsPerTask; r < Math.min(hs, (t + 1) * rowsPerTask); r++) {
                        pass(w, pass, src, r * ws, 1, mid, r * wd, 1, 1);
                    }
                });
                double[] dst = new double[hd * wd];
                int lanes = 64;
                java.util.stream.IntStream.range(0, (wd + lanes - 1) / lanes).parallel().forEach(t -> {
                    int t0 = t * lanes;
                    pass(h, pass, mid, t0, wd, dst, t0, wd, Math.min(lanes, wd - t0));
                });
                out.get(NDArrayIndex.point(i), NDArrayIndex.point(k)).assign(Nd4j.createFromArray(dst).reshape(hd, wd));
            }
        }
        return out;
    }

    /** One axis of {@link #structured}; {@code src} may be overwritten. */
    private static void pass(AxisPinv b, Pass pass, double[] src, int so, int ss, double[] dst, int dof, int ds, int lanes) {
        switch (pass) {
            case APPLY -> b.apply(src, so, ss, dst, dof, ds, lanes);
            case ADJOINT -> b.adjoint(src, so, ss, dst, dof, ds, lanes);
            case PINV -> {
                b.solve(src, so, ss, lanes);
                b.adjoint(src, so, ss, dst, dof, ds, lanes);
            }
            case PINV_ADJOINT -> {
                b.apply(src, so, ss, dst, dof, ds, lanes);
                b.solve(dst, dof, ds, lanes);
            }
        }
    }

    /** {@code left · X · rightᵀ} per channel for a batch {@code [N, C, H, W]}, with {@code left}: {@code [h', H]}, {@code rightT}: {@code [W, w']}. */
    public static INDArray both(INDArray x, INDArray left, INDArray rightT) {
        long n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3), w2 = rightT.size(1), h2 = left.size(0);
        INDArray l = left.castTo(x.dataType()), r = rightT.castTo(x.dataType());
        INDArray xw = x.dup('c').reshape('c', n * c * h, w).mmul(r);                            // [NCH, w']
        INDArray cols = xw.reshape('c', n * c, h, w2).permute(1, 0, 2).dup('c').reshape('c', h, n * c * w2);
        INDArray out = l.mmul(cols);                                                           // [h', NC w']
        return out.reshape('c', h2, n * c, w2).permute(1, 0, 2).dup('c').reshape('c', n, c, h2, w2);
    }

    private void checkRank(INDArray a, String what) {
        if (a.rank() != 4) {
            throw new IllegalArgumentException(describe() + ": " + what + " must be NCHW [N, C, H, W], got " + Arrays.toString(a.shape()));
        }
    }

    @Override
    public INDArray apply(INDArray x) {
        checkRank(x, "image");
        Axis h = remember(axis((int) x.size(2))), w = remember(axis((int) x.size(3)));
        if (useStructured(h, w)) return structured(x, h.structured, w.structured, Pass.APPLY);
        return both(x, h.a2(), w.aT());
    }

    @Override
    public INDArray adjoint(INDArray y) {
        checkRank(y, "observation");
        Axis h = inverseAxis((int) y.size(2)), w = inverseAxis((int) y.size(3));
        if (useStructured(h, w)) return structured(y, h.structured, w.structured, Pass.ADJOINT);
        return both(y, h.aT(), w.a2());
    }

    @Override
    public INDArray pinv(INDArray y) {
        checkRank(y, "observation");
        Axis h = inverseAxis((int) y.size(2)), w = inverseAxis((int) y.size(3));
        if (useStructured(h, w)) return structured(y, h.structured, w.structured, Pass.PINV);
        return both(y, h.pinv2(), w.pinvT());
    }

    @Override
    public INDArray pinvAdjoint(INDArray g) {
        checkRank(g, "gradient");
        Axis h = axis((int) g.size(2)), w = axis((int) g.size(3));
        if (useStructured(h, w)) return structured(g, h.structured, w.structured, Pass.PINV_ADJOINT);
        return both(g, h.pinvT(), w.pinv2());
    }

    /**
     * The axis whose output length is {@code m}: the image length is not known from an observation
     * alone when several lengths give the same output (bicubic: ceil(n/s)), so the operator is
     * given the one it produced last, or {@code m · multiple}.
     */
    private Axis inverseAxis(int m) {
        Integer last = lastIn.get(m);
        return axis(last != null ? last : defaultLength(m));
    }

    private final Map<Integer, Integer> lastIn = new ConcurrentHashMap<>();

    /** The image length assumed for an observation axis of length {@code m} never produced by {@link #apply}. */
    protected abstract int defaultLength(int m);

    /** Remembers which image length produced observation length {@code m} (see {@link #inverseAxis}). */
    protected Axis remember(Axis a) {
        lastIn.put(a.out(), a.in());
        return a;
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable x) {
        long[] s = staticShape(x, "image");
        return both(sd, x, remember(axis((int) s[2])).a2(), remember(axis((int) s[3])).aT(), s);
    }

    @Override
    public SDVariable pinv(SameDiff sd, SDVariable y) {
        long[] s = staticShape(y, "observation");
        return both(sd, y, inverseAxis((int) s[2]).pinv2(), inverseAxis((int) s[3]).pinvT(), s);
    }

    /** {@code A†A x} with {@code P = A†A} per axis, from the image's own (static) shape. */
    @Override
    public SDVariable pinvApply(SameDiff sd, SDVariable x, SDVariable y) {
        long[] s = staticShape(x, "image");
        return both(sd, x, remember(axis((int) s[2])).projector(), remember(axis((int) s[3])).projector(), s);
    }

    private long[] staticShape(SDVariable v, String what) {
        long[] s = v.getShape();
        if (s == null || s.length != 4 || s[1] <= 0 || s[2] <= 0 || s[3] <= 0) {
            throw new IllegalArgumentException(describe() + " in SameDiff needs the " + what + "'s channels and size fixed"
                    + " (a placeholder shape like [-1, 3, 64, 64]), got " + Arrays.toString(s));
        }
        return s;
    }

    /** The same as {@link #both(INDArray, INDArray, INDArray)} in SameDiff, for an input of static shape {@code s}. */
    public static SDVariable both(SameDiff sd, SDVariable x, INDArray left, INDArray rightT, long[] s) {
        long c = s[1], h = s[2], w = s[3], w2 = rightT.size(1), h2 = left.size(0);
        DataType dt = x.dataType();
        SDVariable xw = sd.mmul(sd.reshape(x, -1, w), sd.constant(rightT.castTo(dt)));              // [NCH, w']
        SDVariable cols = sd.reshape(sd.permute(sd.reshape(xw, -1, h, w2), 1, 0, 2), h, -1);       // [H, NC w']
        SDVariable out = sd.mmul(sd.constant(left.castTo(dt)), cols);                               // [h', NC w']
        return sd.reshape(sd.permute(sd.reshape(out, h2, -1, w2), 1, 0, 2), -1, c, h2, w2);
    }

    /** The number of singular values kept and the smallest kept, per axis length (for documentation and tests). */
    public String conditioning(int n) {
        Axis a = axis(n);
        a.pinv();
        return String.format(java.util.Locale.ROOT, "axis %d→%d: rank %d, smallest kept singular value %.3g", a.in(), a.out(),
                a.rank, a.smallestKept);
    }

    /** The 1-D matrix and pseudo-inverse for axis length {@code n}, in double (tests, documentation). */
    public double[][][] matrices(int n) {
        Axis a = axis(n);
        return new double[][][]{a.a(), a.pinv()};
    }
}

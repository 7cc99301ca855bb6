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

/**
 * A linear operator that acts on each axis of each channel separately: {@code A x = A_h · X · A_wᵀ}
 * for every channel {@code X} ({@code H × W}), with {@code A_h}, {@code A_w} built by one 1-D rule
 * for the axis length. Its pseudo-inverse is exact and closed-form:
 * {@code A† = A_h† ⊗ A_w†}, {@code A†y = A_h† · Y · A_w†ᵀ}, each 1-D pseudo-inverse from that
 * matrix's singular value decomposition in double precision (Apache Commons Math), dropping
 * singular values below {@code rcond · σ_max} (the numpy/LAPACK {@code pinv} convention).
 * Matrices are cached per axis length and applied as two matrix products over the whole batch.
 */
public abstract class Separable implements Degradation {
    /** The 1-D matrices of one axis length, in float for the products. */
    record Axis(int in, int out, double[][] a, double[][] pinv, INDArray aT, INDArray pinvT, INDArray a2, INDArray pinv2,
                int rank, double smallestKept) {
        /** {@code A†A} (symmetric, so also its own transpose). */
        INDArray projector() {
            try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return pinv2.castTo(DataType.DOUBLE).mmul(a2.castTo(DataType.DOUBLE)).castTo(DataType.FLOAT);
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

    public double rcond() { return rcond; }

    @Override public long observationChannels(long imageChannels) { return imageChannels; }

    /** Rows couple across blocks and {@code A†} is dense: images are restored whole, not in strips. */
    @Override public boolean blockwise() { return false; }

    /** The cached 1-D operator (and pseudo-inverse) for axis length {@code n}. */
    Axis axis(int n) {
        Axis a = axes.get(n);
        if (a != null) return a;
        // cached arrays must outlive any DL4J workspace that happens to be open now
        try (org.nd4j.linalg.api.memory.MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return axes.computeIfAbsent(n, this::build);
        }
    }

    private Axis build(int n) {
        double[][] a = matrix(n);
        int m = a.length;
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(a, false));
        double[] s = svd.getSingularValues();
        double cut = rcond * s[0];
        RealMatrix u = svd.getU(), v = svd.getV();
        double[][] p = new double[n][m];
        int rank = 0;
        double smallest = Double.NaN;
        for (int k = 0; k < s.length; k++) {
            if (!(s[k] > cut) || s[k] == 0) continue;
            rank++;
            smallest = s[k];
            double inv = 1 / s[k];
            for (int i = 0; i < n; i++) {
                double vik = v.getEntry(i, k) * inv;
                if (vik == 0) continue;
                for (int j = 0; j < m; j++) p[i][j] += vik * u.getEntry(j, k);
            }
        }
        return new Axis(n, m, a, p, floats(transpose(a)), floats(transpose(p)), floats(a), floats(p), rank, smallest);
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    private static INDArray floats(double[][] a) {
        return Nd4j.create(a).castTo(DataType.FLOAT);
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
        return both(x, h.a2(), w.aT());
    }

    @Override
    public INDArray adjoint(INDArray y) {
        checkRank(y, "observation");
        Axis h = inverseAxis((int) y.size(2)), w = inverseAxis((int) y.size(3));
        return both(y, h.aT(), w.a2());
    }

    @Override
    public INDArray pinv(INDArray y) {
        checkRank(y, "observation");
        Axis h = inverseAxis((int) y.size(2)), w = inverseAxis((int) y.size(3));
        return both(y, h.pinv2(), w.pinvT());
    }

    @Override
    public INDArray pinvAdjoint(INDArray g) {
        checkRank(g, "gradient");
        Axis h = axis((int) g.size(2)), w = axis((int) g.size(3));
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
        return String.format(java.util.Locale.ROOT, "axis %d→%d: rank %d, smallest kept singular value %.3g", a.in(), a.out(),
                a.rank(), a.smallestKept());
    }

    /** The 1-D matrix and pseudo-inverse for axis length {@code n}, in double (tests, documentation). */
    public double[][][] matrices(int n) {
        Axis a = axis(n);
        return new double[][][]{a.a(), a.pinv()};
    }
}

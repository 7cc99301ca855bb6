package org.rnd4j.operator.generator;

import java.util.Random;

/** Sampling matrices for compressed sensing (seeded random or low-frequency DCT), generated apart from the operator that applies them. */
public final class SamplingMatrices {
    private SamplingMatrices() {}

    /**
     * {@code q} orthonormal rows of length {@code n}: Gaussian rows from {@code seed}, made
     * orthonormal by modified Gram–Schmidt (run twice, in double) and rounded once to float.
     * Row-major {@code q × n}.
     */
    public static float[] orthonormalRows(int q, int n, long seed) {
        String key = q + "x" + n + "@" + seed;
        synchronized (RECENT) {
            float[] hit = RECENT.get(key);
            if (hit != null) return hit.clone();
        }
        float[] m = generate(q, n, seed);
        synchronized (RECENT) {
            RECENT.put(key, m.clone());
        }
        return m;
    }

    /**
     * The last few matrices made: a checkpoint rebuilds its seeded operator once per RND vertex,
     * and block 33 at ratio 0.5 takes about a second each.
     */
    private static final java.util.Map<String, float[]> RECENT = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, float[]> e) {
            return size() > 4;
        }
    };

    /**
     * The {@code q} lowest-frequency rows of the orthonormal 2-D DCT-II of a {@code block × block}
     * block (pixels row-major), ordered by {@code u + v}, then by {@code max(u, v)}, then by {@code u}:
     * a deterministic start for a learned matrix ({@code task.matrix: dct}) whose {@code A†y} is
     * already a low-pass image. Row-major {@code q × block²}, orthonormal to float rounding.
     */
    public static float[] dctRows(int q, int block) {
        int n = block * block;
        if (q < 1 || q > n) throw new IllegalArgumentException("dct: q must be in [1, " + n + "], got " + q);
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) order[k] = k;
        java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingInt(k -> k / block + k % block)
                .thenComparingInt(k -> Math.max(k / block, k % block)).thenComparingInt(k -> k / block));
        double[][] basis = new double[block][block];   // basis[u][i]: 1-D DCT-II
        for (int u = 0; u < block; u++) {
            double c = Math.sqrt((u == 0 ? 1.0 : 2.0) / block);
            for (int i = 0; i < block; i++) basis[u][i] = c * Math.cos(Math.PI * (2 * i + 1) * u / (2.0 * block));
        }
        float[] m = new float[q * n];
        for (int r = 0; r < q; r++) {
            int u = order[r] / block, v = order[r] % block;
            for (int i = 0; i < block; i++) {
                for (int j = 0; j < block; j++) m[r * n + i * block + j] = (float) (basis[u][i] * basis[v][j]);
            }
        }
        return m;
    }

    private static float[] generate(int q, int n, long seed) {
        Random rnd = new Random(seed);
        double[][] r = new double[q][n];
        for (double[] row : r) for (int j = 0; j < n; j++) row[j] = rnd.nextGaussian();
        return orthonormalized(r);
    }

    /**
     * An orthonormal basis of the row space of {@code r} ({@code q × n}, full row rank), row-major: Gram–Schmidt, twice for
     * orthogonality to double rounding; {@code r} is overwritten.
     *
     * @throws IllegalArgumentException when the rows are (numerically) linearly dependent
     */
    public static float[] orthonormalized(double[][] r) {
        int q = r.length, n = r[0].length;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < q; i++) {
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) dot += r[i][j] * r[k][j];
                    for (int j = 0; j < n; j++) r[i][j] -= dot * r[k][j];
                }
                double norm = 0;
                for (int j = 0; j < n; j++) norm += r[i][j] * r[i][j];
                norm = Math.sqrt(norm);
                if (!(norm > 1e-9)) throw new IllegalArgumentException("the sampling matrix's rows are linearly dependent (row " + i + ")");
                for (int j = 0; j < n; j++) r[i][j] /= norm;
            }
        }
        float[] out = new float[q * n];
        for (int i = 0; i < q; i++) for (int j = 0; j < n; j++) out[i * n + j] = (float) r[i][j];
        return out;
    }
}

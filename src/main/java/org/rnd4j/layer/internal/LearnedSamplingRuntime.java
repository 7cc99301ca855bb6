package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.samediff.SameDiffGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eager runtime of {@link org.rnd4j.layer.LearnedSampling}: one row, {@code A} followed by
 * {@code A† = Aᵀ(AAᵀ)⁻¹}; backward passes on the {@code A} part of the gradient (the consumers
 * fold the {@code A†} dependence into it, see {@link SubspaceProjectionRuntime}).
 */
public final class LearnedSamplingRuntime extends SameDiffGraphVertex {
    private final int rows;
    private final long n;

    public LearnedSamplingRuntime(SameDiffVertex config, int block, int rows, ComputationGraph graph, String name, int index,
                                  INDArray paramsView, boolean initialize, DataType dataType) {
        super(config, graph, name, index, paramsView, initialize, dataType);
        this.rows = rows;
        this.n = (long) block * block;
    }

    /** {@code A†} of {@code a} ({@code q × n}): {@code Aᵀ(AAᵀ)⁻¹}, {@code n × q}. */
    static INDArray pinvOf(INDArray a) {
        INDArray m = a.mmul(a.transpose());
        return a.transpose().mmul(Nd4j.create(spdInverse(m.castTo(DataType.DOUBLE).toDoubleMatrix())).castTo(a.dataType()));
    }

    /**
     * The inverse of a symmetric positive definite matrix by Cholesky, in double: ND4J's
     * {@code InvertMatrix} and libnd4j's {@code matrix_inverse} take seconds for q = 273.
     *
     * @throws IllegalStateException when the matrix is not positive definite (A lost full row rank)
     */
    static double[][] spdInverse(double[][] m) {
        int q = m.length;
        double[][] l = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j <= i; j++) {
                double s = m[i][j];
                double[] li = l[i], lj = l[j];
                for (int k = 0; k < j; k++) s -= li[k] * lj[k];
                if (i == j) {
                    if (!(s > 0)) throw new IllegalStateException("learned sampling matrix lost full row rank (A Aᵀ is singular)");
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        // inv(L), lower triangular
        double[][] li = new double[q][q];
        for (int j = 0; j < q; j++) {
            li[j][j] = 1 / l[j][j];
            for (int i = j + 1; i < q; i++) {
                double s = 0;
                for (int k = j; k < i; k++) s -= l[i][k] * li[k][j];
                li[i][j] = s / l[i][i];
            }
        }
        // M⁻¹ = inv(L)ᵀ inv(L)
        double[][] inv = new double[q][q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = i; k < q; k++) s += li[k][i] * li[k][j];
                inv[i][j] = s;
                inv[j][i] = s;
            }
        }
        return inv;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        if (inputs == null || inputs[0] == null) throw new IllegalStateException("learned sampling " + vertexName + ": input not set");
        long t0 = System.nanoTime();
        long size = rows * n;
        // one row, not one per sample: its consumers read row 0, and DL4J sums their gradients for it
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, inputs[0].dataType(), 1, 2 * size);
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray a = paramTable.get("W").castTo(inputs[0].dataType());
            out.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, size)).assign(a.dup('c').reshape(size));
            out.get(NDArrayIndex.point(0), NDArrayIndex.interval(size, 2 * size)).assign(pinvOf(a).dup('c').reshape(size));
        }
        if (RuntimeProfile.enabled()) RuntimeProfile.add(this, "forward", System.nanoTime() - t0);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr mgr) {
        long t0 = System.nanoTime();
        long size = rows * n;
        INDArray gw = gradTable.get("W");
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray sum = epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(0, size)).sum(0);
            gw.assign(sum.reshape('c', rows, n));
        }
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put("W", gw);
        INDArray dx = mgr.create(ArrayType.ACTIVATION_GRAD, inputs[0].dataType(), inputs[0].shape());
        if (RuntimeProfile.enabled()) RuntimeProfile.add(this, "backward", System.nanoTime() - t0);
        return new Pair<>(g, new INDArray[]{dx});
    }

    @Override
    public String toString() {
        return "LearnedSamplingRuntime(name=" + vertexName + ")";
    }
}

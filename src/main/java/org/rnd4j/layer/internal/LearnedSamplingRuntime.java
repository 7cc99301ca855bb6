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
import org.nd4j.linalg.inverse.InvertMatrix;

/**
 * Eager runtime of {@link org.rnd4j.layer.LearnedSampling}: every row of the output is {@code A} followed by
 * {@code A† = Aᵀ(AAᵀ)⁻¹}; backward sums the {@code A} part of the gradient over the batch (the
 * consumers fold the {@code A†} dependence into it, see {@link SubspaceProjectionRuntime}).
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
        return a.transpose().mmul(InvertMatrix.invert(m, false));
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr mgr) {
        if (inputs == null || inputs[0] == null) throw new IllegalStateException("learned sampling " + vertexName + ": input not set");
        long t0 = System.nanoTime();
        long batch = inputs[0].size(0), size = rows * n;
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, inputs[0].dataType(), batch, 2 * size);
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray a = paramTable.get("W").castTo(inputs[0].dataType());
            INDArray row = a.reshape('c', 1, size).dup('c');
            INDArray g = pinvOf(a).dup('c').reshape('c', 1, size);
            for (long i = 0; i < batch; i++) {
                out.get(NDArrayIndex.point(i), NDArrayIndex.interval(0, size)).assign(row.reshape(size));
                out.get(NDArrayIndex.point(i), NDArrayIndex.interval(size, 2 * size)).assign(g.reshape(size));
            }
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

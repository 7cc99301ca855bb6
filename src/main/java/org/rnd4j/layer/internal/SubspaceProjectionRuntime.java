package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnd4j.operator.CompressedSensing;

/**
 * Eager runtime of {@link org.rnd4j.layer.SubspaceProjection}, on the {@code B×B} blocks of every
 * channel as rows {@code r} ({@code r Π = r Aᵀ A†ᵀ}). With {@code D} the rows of {@code t − x}
 * (or {@code t}) and {@code E} those of the upstream gradient:
 * {@code dA = (D A†)ᵀ E(I − Π) + (E A†)ᵀ D(I − Π)}, written into the first sample's {@code A} slot.
 */
public final class SubspaceProjectionRuntime extends EagerVertex {
    private final int block;
    private final int rows;

    public SubspaceProjectionRuntime(ComputationGraph graph, String name, int index, int block, int rows, DataType dataType) {
        super(graph, name, index, dataType, "learned-matrix projection");
        this.block = block;
        this.rows = rows;
    }

    /** {@link CompressedSensing#blockRows} of {@code x}, whose sides must be multiples of the block. */
    private INDArray blocks(INDArray x) {
        if (x.size(2) % block != 0 || x.size(3) % block != 0) {
            throw new IllegalArgumentException("learned-matrix projection " + vertexName + ": image " + x.size(2) + "x" + x.size(3)
                    + " is not a multiple of the block " + block);
        }
        return CompressedSensing.blockRows(x, block);
    }

    /** The image shaped like {@code like} whose blocks are {@code rowsOfBlocks}. */
    private INDArray image(INDArray rowsOfBlocks, INDArray like) {
        return CompressedSensing.fromBlockRows(rowsOfBlocks, like.size(0), like.size(1), like.size(2), like.size(3), block);
    }

    private INDArray[] matrices(INDArray packed) {
        long n = (long) block * block, size = rows * n;
        INDArray a = packed.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, size)).dup('c').reshape('c', rows, n);
        INDArray g = packed.get(NDArrayIndex.point(0), NDArrayIndex.interval(size, 2 * size)).dup('c').reshape('c', n, rows);
        return new INDArray[]{a, g};
    }

    private boolean pinvOnly() {
        return inputs.length == 2;
    }

    /** {@code r Π} for rows {@code r}. */
    private static INDArray project(INDArray r, INDArray a, INDArray g) {
        return r.mmul(a.transpose()).mmul(g.transpose());
    }

    @Override
    protected INDArray forward(LayerWorkspaceMgr mgr) {
        INDArray t = inputs[pinvOnly() ? 0 : 1];
        INDArray x = pinvOnly() ? null : inputs[0];
        if (x != null && !java.util.Arrays.equals(x.shape(), t.shape())) {
            throw new IllegalArgumentException("learned-matrix projection " + vertexName + ": estimate " + java.util.Arrays.toString(x.shape())
                    + " and image " + java.util.Arrays.toString(t.shape()) + " differ");
        }
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, t.dataType(), t.shape());
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray[] m = matrices(inputs[inputs.length - 1]);
            INDArray d = blocks(x == null ? t : t.sub(x));
            out.assign(image(project(d, m[0], m[1]), t));
            if (x != null) out.addi(x);
        }
        return out;
    }

    @Override
    protected INDArray[] backward(LayerWorkspaceMgr mgr) {
        boolean only = pinvOnly();
        INDArray t = inputs[only ? 0 : 1];
        INDArray x = only ? null : inputs[0];
        INDArray packed = inputs[inputs.length - 1];
        INDArray dPacked = mgr.create(ArrayType.ACTIVATION_GRAD, packed.dataType(), packed.shape());
        INDArray dt = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, t.dataType(), t.shape());
        INDArray dx = only ? null : mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, t.dataType(), t.shape());
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray[] m = matrices(packed);
            INDArray a = m[0], g = m[1];
            INDArray e = blocks(epsilon);
            INDArray d = blocks(x == null ? t : t.sub(x));
            INDArray pe = project(e, a, g);
            INDArray pd = project(d, a, g);
            INDArray dA = d.mmul(g).transpose().mmul(e.sub(pe)).addi(e.mmul(g).transpose().mmul(d.sub(pd)));
            long size = (long) rows * block * block;
            dPacked.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, size)).assign(dA.dup('c').reshape(size));
            INDArray pImg = image(pe, t);
            dt.assign(pImg);
            if (dx != null) dx.assign(epsilon).subi(pImg);
        }
        return only ? new INDArray[]{dt, dPacked} : new INDArray[]{dx, dt, dPacked};
    }
}

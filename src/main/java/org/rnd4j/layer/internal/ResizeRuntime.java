package org.rnd4j.layer.internal;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.operator.Separable;

/** Eager runtime of {@link org.rnd4j.layer.Resize}: {@code R_h · X · R_wᵀ} forward, {@code R_hᵀ · G · R_w} backward, matrices cached per size. */
public final class ResizeRuntime extends EagerLayer {
    /** The 1-D interpolation matrix for an axis of {@code n} samples scaled by {@code scale}, in type {@code dt}. */
    @FunctionalInterface
    public interface Matrices {
        INDArray of(int n, double scale, DataType dt);
    }

    private final Matrices matrices;
    private final double scaleH, scaleW;
    private final Map<String, INDArray> cache = new HashMap<>();

    public ResizeRuntime(NeuralNetConfiguration conf, DataType dataType, Matrices matrices, double scaleH, double scaleW) {
        super(conf, dataType);
        this.matrices = matrices;
        this.scaleH = scaleH;
        this.scaleW = scaleW;
    }

    private INDArray m(int n, double scale, DataType dt) {
        return cache.computeIfAbsent(n + "/" + scale + "/" + dt, k -> {
            try (MemoryWorkspace none = org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return matrices.of(n, scale, dt);   // kept across steps: outside every workspace
            }
        });
    }

    @Override
    protected INDArray forward(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
        INDArray left = m((int) x.size(2), scaleH, x.dataType()), right = m((int) x.size(3), scaleW, x.dataType());
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return Separable.both(x, left, right.transpose());
        }
    }

    @Override
    protected INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr) {
        INDArray left = m((int) input.size(2), scaleH, epsilon.dataType()), right = m((int) input.size(3), scaleW, epsilon.dataType());
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return Separable.both(epsilon, left.transpose(), right);
        }
    }
}

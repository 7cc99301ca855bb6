package org.rnd4j.layer;

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

/** Eager runtime of {@link Resize}: {@code R_h · X · R_wᵀ} forward, {@code R_hᵀ · G · R_w} backward, matrices cached per size. */
final class ResizeRuntime extends EagerLayer {
    private final Resize cfg;
    private final Map<String, INDArray> cache = new HashMap<>();

    ResizeRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.cfg = (Resize) conf.getLayer();
    }

    private INDArray m(int n, double scale, DataType dt) {
        return cache.computeIfAbsent(n + "/" + scale + "/" + dt, k -> {
            try (MemoryWorkspace none = org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return Resize.array(Resize.matrix(cfg.getMode(), n, scale), dt);   // kept across steps: outside every workspace
            }
        });
    }

    @Override
    protected INDArray forward(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
        INDArray left = m((int) x.size(2), cfg.getScaleH(), x.dataType()), right = m((int) x.size(3), cfg.getScaleW(), x.dataType());
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return Separable.both(x, left, right.transpose());
        }
    }

    @Override
    protected INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr) {
        INDArray left = m((int) input.size(2), cfg.getScaleH(), epsilon.dataType()), right = m((int) input.size(3), cfg.getScaleW(), epsilon.dataType());
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return Separable.both(epsilon, left.transpose(), right);
        }
    }
}

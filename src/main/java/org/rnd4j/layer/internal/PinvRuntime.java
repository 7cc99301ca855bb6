package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.operator.Degradation;

/** Eager runtime of {@link org.rnd4j.layer.PinvLayer}: {@code A†y} forward, {@code (A†)ᵀg} backward. */
public final class PinvRuntime extends EagerLayer {
    private final Degradation op;

    public PinvRuntime(NeuralNetConfiguration conf, DataType dataType, Degradation op) {
        super(conf, dataType);
        this.op = op;
    }

    @Override
    protected INDArray forward(INDArray y, boolean training, LayerWorkspaceMgr mgr) {
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return op.pinv(y);
        }
    }

    @Override
    protected INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr) {
        try (MemoryWorkspace ws = mgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return op.pinvAdjointLike(epsilon, input);
        }
    }
}

package org.rnd4j.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eager runtime of {@link SdConv2d}: libnd4j's {@code conv2d}/{@code conv2d_bp} (oneDNN on the CPU
 * backend) writing straight into workspace arrays and the gradient views, ReLU in place. The
 * forward output is kept for backprop (ReLU's derivative reads it), so the convolution runs once
 * per step instead of twice.
 */
final class ConvRuntime extends EagerLayer {
    private INDArray cachedInput;
    private INDArray cachedOutput;

    ConvRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private SdConv2d conv() {
        return (SdConv2d) layerConf();
    }

    private int[] args() {
        int k = conv().getKernel();
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NCHW, weights [kH, kW, iC, oC]
        return new int[]{k, k, 1, 1, 0, 0, 1, 1, 1, 0, 0};
    }

    private INDArray convolve(INDArray x, INDArray out) {
        SdConv2d c = conv();
        if (x.rank() != 4 || x.size(1) != c.getNIn()) {
            throw new IllegalArgumentException("layer " + layerId() + ": expected input [N, " + c.getNIn()
                    + ", H, W], got " + java.util.Arrays.toString(x.shape()));
        }
        INDArray w = paramTable.get("W");
        INDArray b = paramTable.get("b").reshape(c.getNOut());
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(out).addIntegerArguments(args()).build());
        if (c.isRelu()) {
            Nd4j.exec(new RectifiedLinear(out, out, 0.0));
        }
        return out;
    }

    private long[] outShape(INDArray x) {
        return new long[]{x.size(0), conv().getNOut(), x.size(2), x.size(3)};
    }

    @Override
    protected INDArray forward(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
        INDArray out = convolve(x, mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), outShape(x)));
        cachedInput = training ? x : null;
        cachedOutput = training ? out : null;
        return out;
    }

    @Override
    protected INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr) {
        SdConv2d c = conv();
        INDArray delta = epsilon;
        if (c.isRelu()) {
            INDArray out = cachedInput == input ? cachedOutput
                    : convolve(input, mgr.createUninitialized(ArrayType.BP_WORKING_MEM, input.dataType(), outShape(input)));
            delta = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, epsilon.dataType(), epsilon.shape());
            Nd4j.exec(new RectifiedLinearDerivative(out, epsilon, delta));
        }
        cachedInput = null;
        cachedOutput = null;
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
        INDArray gw = gradTable.get("W");
        INDArray gb = gradTable.get("b");
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(input, paramTable.get("W"), paramTable.get("b").reshape(c.getNOut()), delta)
                .addOutputs(dx, gw, gb.reshape(c.getNOut()))
                .addIntegerArguments(args()).build());
        g.gradientForVariable().put("W", gw);
        g.gradientForVariable().put("b", gb);
        return dx;
    }

    @Override
    public void clear() {
        super.clear();
        cachedInput = null;
        cachedOutput = null;
    }
}

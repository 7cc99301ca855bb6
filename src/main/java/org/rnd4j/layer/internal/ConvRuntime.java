package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.onednn.DnnlConv;

/**
 * Eager runtime of {@link org.rnd4j.layer.SdConv2d}: the convolution (+ ReLU) through oneDNN directly
 * ({@link DnnlConv}) for float arrays on the CPU backend, else libnd4j's {@code conv2d}/{@code
 * conv2d_bp}; outputs in NHWC memory (see {@link Nhwc}), written straight into workspace arrays and
 * the gradient views. The forward output is kept for backprop (ReLU's derivative reads it), so
 * the convolution runs once per step instead of twice.
 */
public final class ConvRuntime extends EagerLayer {
    private final long nIn, nOut;
    private final int kernel;
    private final boolean relu;
    private INDArray cachedInput;
    private INDArray cachedOutput;
    private DnnlConv dnnl;

    /** A {@code kernel × kernel} "same" convolution from {@code nIn} to {@code nOut} channels, with a fused ReLU when {@code relu}. */
    public ConvRuntime(NeuralNetConfiguration conf, DataType dataType, long nIn, long nOut, int kernel, boolean relu) {
        super(conf, dataType);
        this.nIn = nIn;
        this.nOut = nOut;
        this.kernel = kernel;
        this.relu = relu;
    }

    private DnnlConv dnnl() {
        if (dnnl == null) dnnl = new DnnlConv(nIn, nOut, kernel, relu);
        return dnnl;
    }

    private int[] args() {
        int k = kernel;
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NHWC, weights [kH, kW, iC, oC]
        return new int[]{k, k, 1, 1, 0, 0, 1, 1, 1, 1, 0};
    }

    /** Convolution (+ ReLU) of the NCHW input into a new dense NHWC array. */
    private INDArray convolve(INDArray x, LayerWorkspaceMgr mgr, ArrayType type) {
        if (x.rank() != 4 || x.size(1) != nIn) {
            throw new IllegalArgumentException("layer " + layerId() + ": expected input [N, " + nIn
                    + ", H, W], got " + java.util.Arrays.toString(x.shape()));
        }
        INDArray out = Nhwc.create(mgr, type, x.dataType(), x.size(0), nOut, x.size(2), x.size(3));
        INDArray w = paramTable.get("W");
        INDArray b = paramTable.get("b").reshape(nOut);
        if (DnnlConv.usable(x, w)) {
            dnnl().forward(x, w, b, Nhwc.asNchw(out));
        } else {
            INDArray in = Nhwc.dense(x, mgr, type);
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, w, b).addOutputs(out).addIntegerArguments(args()).build());
            if (relu) {
                Nd4j.exec(new RectifiedLinear(out, out, 0.0));
            }
        }
        return out;
    }

    @Override
    protected INDArray forward(INDArray x, boolean training, LayerWorkspaceMgr mgr) {
        INDArray out = convolve(x, mgr, ArrayType.ACTIVATIONS);
        cachedInput = training ? x : null;
        cachedOutput = training ? out : null;
        return Nhwc.asNchw(out);
    }

    @Override
    protected INDArray backward(INDArray epsilon, Gradient g, LayerWorkspaceMgr mgr) {
        boolean dnnl = DnnlConv.usable(input, epsilon);
        INDArray delta;
        if (relu) {
            INDArray out = cachedInput == input ? cachedOutput : convolve(input, mgr, ArrayType.BP_WORKING_MEM);
            INDArray masked = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, out.dataType(), out.shape());
            if (!dnnl || !dnnl().reluBackward(Nhwc.asNchw(out), epsilon, Nhwc.asNchw(masked))) {
                // ReLU's derivative from its output: step(out) · delta (libnd4j's relu_bp is 4× slower), on
                // dense NHWC arrays (libnd4j's element-wise ops are several times slower on permuted views)
                INDArray dense = Nhwc.dense(epsilon, mgr, ArrayType.BP_WORKING_MEM);
                Nd4j.exec(new Step(out, masked, 0.0));
                masked.muli(dense);
            }
            delta = Nhwc.asNchw(masked);
        } else {
            // oneDNN reads the gradient in whatever layout it comes; libnd4j needs dense NHWC
            delta = dnnl ? epsilon : Nhwc.asNchw(Nhwc.dense(epsilon, mgr, ArrayType.BP_WORKING_MEM));
        }
        cachedInput = null;
        cachedOutput = null;
        INDArray gw = gradTable.get("W");
        INDArray gb = gradTable.get("b");
        long n = input.size(0), ch = input.size(1), h = input.size(2), w = input.size(3);
        INDArray dx;
        if (dnnl) {
            // straight into the layout the consumer of the gradient wants (see GradientLayouts)
            dx = nhwcGradient ? Nhwc.asNchw(Nhwc.create(mgr, ArrayType.ACTIVATION_GRAD, input.dataType(), n, ch, h, w))
                    : mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), n, ch, h, w);
            dnnl().backward(input, paramTable.get("W"), delta, dx, gw, gb.reshape(nOut));
        } else {
            INDArray in = Nhwc.dense(input, mgr, ArrayType.BP_WORKING_MEM);
            INDArray dxNhwc = Nhwc.create(mgr, nhwcGradient ? ArrayType.ACTIVATION_GRAD : ArrayType.BP_WORKING_MEM,
                    input.dataType(), n, ch, h, w);
            Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                    .addInputs(in, paramTable.get("W"), paramTable.get("b").reshape(nOut), delta.permute(0, 2, 3, 1))
                    .addOutputs(dxNhwc, gw, gb.reshape(nOut))
                    .addIntegerArguments(args()).build());
            dx = nhwcGradient ? Nhwc.asNchw(dxNhwc) : Nhwc.toNchwGradient(dxNhwc, mgr);
        }
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

package org.rnd4j.layer;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.layer.internal.ConvRuntime;
import org.rnd4j.layer.internal.Runtimes;

/**
 * A same-padded stride-1 convolution (+ optional ReLU) written as a {@link SameDiffBlock}, so it
 * runs through libnd4j's oneDNN kernels: DL4J's own {@code ConvolutionLayer} never does in M2.1
 * and is several times slower. Weights are {@code [k, k, nIn, nOut]}, He-initialised. Runs as
 * {@link ConvRuntime} (eager, one convolution per step) unless {@link Execution} says otherwise.
 */
public class SdConv2d extends SameDiffBlock {
    private long nIn;
    private long nOut;
    private int kernel = 3;
    private boolean relu;
    private double initScale = 1.0;

    public SdConv2d() {}

    public SdConv2d(long nIn, long nOut, int kernel, boolean relu) {
        this.nIn = nIn;
        this.nOut = nOut;
        this.kernel = kernel;
        this.relu = relu;
    }

    /** Multiplies the He initialisation, e.g. {@code 0.1} for the last conv of a residual block. */
    public SdConv2d initScale(double s) {
        this.initScale = s;
        return this;
    }

    public long getNIn() { return nIn; }
    public void setNIn(long nIn) { this.nIn = nIn; }
    public long getNOut() { return nOut; }
    public void setNOut(long nOut) { this.nOut = nOut; }
    public int getKernel() { return kernel; }
    public void setKernel(int kernel) { this.kernel = kernel; }
    public boolean isRelu() { return relu; }
    public void setRelu(boolean relu) { this.relu = relu; }
    public double getInitScale() { return initScale; }
    public void setInitScale(double initScale) { this.initScale = initScale; }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam("W", kernel, kernel, nIn, nOut);
        params.addBiasParam("b", 1, nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        INDArray w = params.get("W");
        double std = Math.sqrt(2.0 / (kernel * kernel * nIn)) * initScale;
        w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(std));
        params.get("b").assign(0);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        Conv2DConfig cfg = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(1).sW(1)
                .paddingMode(PaddingMode.SAME).dataFormat(Conv2DConfig.NCHW).build();
        SDVariable out = sd.cnn.conv2d(x, params.get("W"), params.get("b").reshape(nOut), cfg);
        return relu ? sd.nn.relu(out, 0) : out;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        return InputType.convolutional(c.getHeight(), c.getWidth(), nOut);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = ((InputType.InputTypeConvolutional) inputType).getChannels();
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initialize, DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(conf, listeners, index, paramsView, initialize, dataType);
        }
        return Runtimes.setUp(new ConvRuntime(conf, dataType, nIn, nOut, kernel, relu), conf, index, paramsView, initialize);
    }
}

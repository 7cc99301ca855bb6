package org.rnd4j.layer;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.layer.internal.Runtimes;
import org.rnd4j.layer.internal.ShuffleRuntime;

/** Sub-pixel upsampling (depth-to-space by {@code scale}), NCHW; DL4J has no such layer. */
public class PixelShuffle extends SameDiffBlock {
    private int scale;

    public PixelShuffle() {}

    public PixelShuffle(int scale) { this.scale = scale; }

    public int getScale() { return scale; }
    public void setScale(int scale) { this.scale = scale; }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, java.util.Map<String, SDVariable> params, SDVariable mask) {
        return sd.cnn.depthToSpace(x, scale, DataFormat.NCHW);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        return InputType.convolutional(c.getHeight() * scale, c.getWidth() * scale, c.getChannels() / ((long) scale * scale));
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initialize, DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(conf, listeners, index, paramsView, initialize, dataType);
        }
        return Runtimes.setUp(new ShuffleRuntime(conf, dataType, scale), conf, index, paramsView, initialize);
    }
}

package org.rnd4j.layer;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PyTorch's {@code nn.PReLU}: {@code max(0, x) + α·min(0, x)} with a trainable slope {@code α}
 * per channel (or one for all: {@code channels = 1}), initialised to 0.25 as in PyTorch.
 */
public class PRelu extends SameDiffBlock {
    private long channels = 1;

    public PRelu() {}

    public PRelu(long channels) { this.channels = channels; }

    public long getChannels() { return channels; }
    public void setChannels(long channels) { this.channels = channels; }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam("alpha", 1, channels, 1, 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get("alpha").assign(0.25);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        return sd.nn.relu(x, 0).sub(p.get("alpha").mul(sd.nn.relu(x.neg(), 0)));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        long c = ((InputType.InputTypeConvolutional) in).getChannels();
        if (channels != 1 && channels != c) {
            throw new IllegalArgumentException("PRelu " + getLayerName() + ": " + channels + " slopes for " + c + " channels");
        }
        return in;
    }
}

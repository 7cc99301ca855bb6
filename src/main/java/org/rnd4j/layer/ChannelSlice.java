package org.rnd4j.layer;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Channels {@code from} to {@code to} (inclusive) of a feature map, e.g. one group of a grouped
 * convolution. DL4J's own {@code SubsetVertex} reports −1 channels for convolutional inputs in
 * M2.1, so the next layer cannot be sized.
 */
public class ChannelSlice extends SameDiffBlock {
    private int from, to;

    public ChannelSlice() {}

    public ChannelSlice(int from, int to) {
        if (from < 0 || to < from) throw new IllegalArgumentException("ChannelSlice: channels " + from + ".." + to);
        this.from = from;
        this.to = to;
    }

    public int getFrom() { return from; }
    public void setFrom(int from) { this.from = from; }
    public int getTo() { return to; }
    public void setTo(int to) { this.to = to; }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, java.util.Map<String, SDVariable> params, SDVariable mask) {
        return x.get(SDIndex.all(), SDIndex.interval(from, to + 1), SDIndex.all(), SDIndex.all());
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        if (to >= c.getChannels()) {
            throw new IllegalArgumentException("ChannelSlice " + getLayerName() + ": channels " + from + ".." + to + " of " + c.getChannels());
        }
        return InputType.convolutional(c.getHeight(), c.getWidth(), to - from + 1);
    }
}

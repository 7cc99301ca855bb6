package org.rnd4j.layer;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code x·scale + shift} with fixed constants, one value or one per channel: what an imported
 * network's arithmetic with constants becomes (EDSR's mean shift {@code x − mean}, residual scaling
 * {@code r·0.1}, {@code x / 255}). No parameters; exact gradients (a {@link SameDiffBlock}).
 */
public class ChannelAffine extends SameDiffBlock {
    private double[] scale = {1};
    private double[] shift = {0};

    public ChannelAffine() {}

    /** {@code scale} and {@code shift}: length 1 (every channel) or the number of channels. */
    public ChannelAffine(double[] scale, double[] shift) {
        this.scale = scale.clone();
        this.shift = shift.clone();
    }

    public double[] getScale() { return scale; }
    public void setScale(double[] scale) { this.scale = scale; }
    public double[] getShift() { return shift; }
    public void setShift(double[] shift) { this.shift = shift; }

    private SDVariable constant(SameDiff sd, double[] v, SDVariable like) {
        var a = Nd4j.createFromArray(v).castTo(like.dataType());
        return sd.constant(v.length == 1 ? a.reshape(1, 1, 1, 1) : a.reshape(1, v.length, 1, 1));
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, java.util.Map<String, SDVariable> params, SDVariable mask) {
        return x.mul(constant(sd, scale, x)).add(constant(sd, shift, x));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        long c = ((InputType.InputTypeConvolutional) in).getChannels();
        for (double[] v : new double[][]{scale, shift}) {
            if (v.length != 1 && v.length != c) {
                throw new IllegalArgumentException("ChannelAffine " + getLayerName() + ": " + Arrays.toString(v) + " has " + v.length
                        + " values for " + c + " channels (expected 1 or " + c + ")");
            }
        }
        return in;
    }
}

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
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.layer.internal.ChannelAttentionRuntime;
import org.rnd4j.layer.internal.Runtimes;

/**
 * RCAN's channel attention as one layer: {@code x · sigmoid(relu(mean_hw(x)·W1 + b1)·W2 + b2)} per
 * sample and channel, {@code W1} of {@code [C, C/r]} and {@code W2} of {@code [C/r, C]} (the two 1×1
 * convolutions of the paper). One layer rather than pooling, two convolutions, a sigmoid and a
 * product: the feature map then has one consumer, so its gradient stays in the convolution's NHWC
 * memory, and a step of {@code edsr} with {@code attention} costs ~1.1× instead of 1.5× the plain one.
 * Runs as {@link ChannelAttentionRuntime} unless {@link Execution} asks for SameDiff.
 */
public class ChannelAttention extends SameDiffBlock {
    private long channels;
    private long reduced;

    public ChannelAttention() {}

    /** Attention over {@code channels} channels through a bottleneck of {@code channels / reduction}. */
    public ChannelAttention(long channels, int reduction) {
        if (reduction < 1 || channels / reduction < 1) {
            throw new IllegalArgumentException("channel attention: reduction " + reduction + " leaves no channel of " + channels);
        }
        this.channels = channels;
        this.reduced = channels / reduction;
    }

    public long getChannels() { return channels; }
    public void setChannels(long channels) { this.channels = channels; }
    public long getReduced() { return reduced; }
    public void setReduced(long reduced) { this.reduced = reduced; }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam("W1", channels, reduced);
        params.addBiasParam("b1", 1, reduced);
        params.addWeightParam("W2", reduced, channels);
        params.addBiasParam("b2", 1, channels);
    }

    /** He initialisation of both matrices (as {@link SdConv2d} initialises a 1×1 convolution), zero biases. */
    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (String[] wb : new String[][]{{"W1", "b1"}, {"W2", "b2"}}) {
            INDArray w = params.get(wb[0]);
            w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(Math.sqrt(2.0 / w.size(0))));
            params.get(wb[1]).assign(0);
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable m = x.mean(2, 3);
        SDVariable h = sd.nn.relu(m.mmul(p.get("W1")).add(p.get("b1")), 0);
        SDVariable a = sd.nn.sigmoid(h.mmul(p.get("W2")).add(p.get("b2")));
        return x.mul(sd.expandDims(sd.expandDims(a, 2), 3));
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index, INDArray paramsView,
                             boolean initialize, DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(conf, listeners, index, paramsView, initialize, dataType);
        }
        return Runtimes.setUp(new ChannelAttentionRuntime(conf, dataType), conf, index, paramsView, initialize);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        return in;
    }
}

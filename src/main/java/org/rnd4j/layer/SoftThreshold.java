package org.rnd4j.layer;

import org.rnd4j.layer.internal.Runtimes;
import org.rnd4j.layer.internal.SoftThresholdRuntime;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Soft thresholding {@code sign(z)·max(|z| − θ, 0)} with one learned threshold {@code θ}: the
 * proximal step of an ℓ1 prior, the nonlinearity of ISTA-style unfolded networks
 * ({@code backbone.Unfolded}). Written as {@code relu(z − θ) − relu(−z − θ)}.
 */
public class SoftThreshold extends SameDiffBlock {
    private double initial = 0.01;

    public SoftThreshold() {}

    public SoftThreshold(double initial) {
        this.initial = initial;
    }

    public double getInitial() { return initial; }
    public void setInitial(double initial) { this.initial = initial; }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addBiasParam("theta", 1, 1, 1, 1);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.get("theta").assign(initial);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable z, Map<String, SDVariable> params, SDVariable mask) {
        SDVariable theta = params.get("theta");
        return sd.nn.relu(z.sub(theta), 0).sub(sd.nn.relu(z.neg().sub(theta), 0));
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
                                                       java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners,
                                                       int index, INDArray paramsView, boolean initialize, org.nd4j.linalg.api.buffer.DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(conf, listeners, index, paramsView, initialize, dataType);
        }
        return Runtimes.setUp(new SoftThresholdRuntime(conf, dataType), conf, index, paramsView, initialize);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        return in;
    }
}

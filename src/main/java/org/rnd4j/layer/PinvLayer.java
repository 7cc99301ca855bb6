package org.rnd4j.layer;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.layer.internal.PinvRuntime;
import org.rnd4j.layer.internal.Runtimes;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.OperatorSpec;
import org.rnd4j.operator.Operators;

/** {@code A†y}: maps an observation back to image space, e.g. the initial estimate of a CS backbone. */
public class PinvLayer extends SameDiffBlock {
    private OperatorSpec operator;
    private long imageChannels = 3;

    public PinvLayer() {}

    public PinvLayer(OperatorSpec operator) { this.operator = operator.copy(); }

    public OperatorSpec getOperator() { return operator; }
    public void setOperator(OperatorSpec operator) { this.operator = operator; }
    public long getImageChannels() { return imageChannels; }
    public void setImageChannels(long imageChannels) { this.imageChannels = imageChannels; }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable y, java.util.Map<String, SDVariable> params, SDVariable mask) {
        return Operators.create(operator).pinv(sd, y);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        Degradation op = Operators.create(operator);
        long up = op.spatialMultiple() / op.observationSize(op.spatialMultiple());
        return InputType.convolutional(c.getHeight() * up, c.getWidth() * up, imageChannels);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initialize, DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(conf, listeners, index, paramsView, initialize, dataType);
        }
        return Runtimes.setUp(new PinvRuntime(conf, dataType, Operators.create(operator)), conf, index, paramsView, initialize);
    }
}

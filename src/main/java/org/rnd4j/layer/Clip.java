package org.rnd4j.layer;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** {@code min(max(x, lo), hi)} (PyTorch's {@code clamp}, ONNX {@code Clip}); gradient 1 inside the bounds, 0 outside. */
public class Clip extends SameDiffBlock {
    private double lo = 0, hi = 1;

    public Clip() {}

    public Clip(double lo, double hi) {
        this.lo = lo;
        this.hi = hi;
    }

    public double getLo() { return lo; }
    public void setLo(double lo) { this.lo = lo; }
    public double getHi() { return hi; }
    public void setHi(double hi) { this.hi = hi; }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, java.util.Map<String, SDVariable> params, SDVariable mask) {
        return sd.math.clipByValue(x, lo, hi);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        return in;
    }
}

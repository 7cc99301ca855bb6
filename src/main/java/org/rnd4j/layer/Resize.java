package org.rnd4j.layer;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.layer.internal.ResizeRuntime;
import org.rnd4j.layer.internal.Runtimes;

/**
 * Resizing by a fixed factor per axis with PyTorch's {@code F.interpolate} semantics (ONNX
 * {@code Resize}/{@code Upsample}): {@code nearest} (source index {@code floor(o/s)}),
 * {@code linear} (bilinear, {@code align_corners=False}: source {@code (o+½)/s − ½}, clamped at
 * 0) and {@code cubic} (Keys {@code a = −0.75}, the same source rule, taps clamped to the edge).
 * Output size {@code floor(n·s)}. Each axis is a fixed linear map, so the layer is two matrix
 * products per channel forward and their transposes backward; it has no parameters.
 */
public class Resize extends SameDiffBlock {
    private String mode = "linear";
    private double scaleH = 2, scaleW = 2;

    public Resize() {}

    public Resize(String mode, double scaleH, double scaleW) {
        if (!mode.equals("nearest") && !mode.equals("linear") && !mode.equals("cubic")) {
            throw new IllegalArgumentException("Resize mode '" + mode + "': expected nearest, linear or cubic");
        }
        if (!(scaleH > 0) || !(scaleW > 0)) throw new IllegalArgumentException("Resize scales must be > 0, got " + scaleH + ", " + scaleW);
        this.mode = mode;
        this.scaleH = scaleH;
        this.scaleW = scaleW;
    }

    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public double getScaleH() { return scaleH; }
    public void setScaleH(double scaleH) { this.scaleH = scaleH; }
    public double getScaleW() { return scaleW; }
    public void setScaleW(double scaleW) { this.scaleW = scaleW; }

    /** The {@code [floor(n·scale), n]} interpolation matrix of one axis. */
    public static double[][] matrix(String mode, int n, double scale) {
        int m = (int) Math.floor(n * scale);
        double[][] r = new double[m][n];
        for (int o = 0; o < m; o++) {
            switch (mode) {
                case "nearest" -> r[o][Math.min((int) Math.floor(o / scale), n - 1)] = 1;
                case "linear" -> {
                    double src = Math.max(0, (o + 0.5) / scale - 0.5);
                    int i0 = Math.min((int) Math.floor(src), n - 1), i1 = Math.min(i0 + 1, n - 1);
                    double l = src - i0;
                    r[o][i0] += 1 - l;
                    r[o][i1] += l;
                }
                case "cubic" -> {
                    double src = (o + 0.5) / scale - 0.5;
                    int i = (int) Math.floor(src);
                    double t = src - i;
                    for (int k = -1; k <= 2; k++) {
                        r[o][Math.max(0, Math.min(n - 1, i + k))] += keys(Math.abs(t - k), -0.75);
                    }
                }
                default -> throw new IllegalArgumentException("Resize mode '" + mode + "': expected nearest, linear or cubic");
            }
        }
        return r;
    }

    private static double keys(double x, double a) {
        if (x <= 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
        if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
        return 0;
    }

    static INDArray array(double[][] a, DataType dt) {
        return Nd4j.create(a).castTo(dt);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> params, SDVariable mask) {
        long[] s = x.getShape();
        if (s == null || s.length != 4 || s[1] < 1 || s[2] < 1 || s[3] < 1) {
            throw new IllegalArgumentException("Resize in SameDiff needs the input's channels and size fixed, got "
                    + java.util.Arrays.toString(s));
        }
        DataType dt = x.dataType();
        INDArray left = array(matrix(mode, (int) s[2], scaleH), dt), rightT = array(matrix(mode, (int) s[3], scaleW), dt).transpose().dup();
        return org.rnd4j.operator.Separable.both(sd, x, left, rightT, s);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        return InputType.convolutional((long) Math.floor(c.getHeight() * scaleH), (long) Math.floor(c.getWidth() * scaleW), c.getChannels());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initialize, DataType dataType) {
        if (Execution.sameDiff()) {
            return super.instantiate(conf, listeners, index, paramsView, initialize, dataType);
        }
        return Runtimes.setUp(new ResizeRuntime(conf, dataType, (n, scale, dt) -> array(matrix(mode, n, scale), dt), scaleH, scaleW), conf,
                index, paramsView, initialize);
    }
}

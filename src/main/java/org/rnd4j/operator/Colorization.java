package org.rnd4j.operator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.config.TaskSettings;

/**
 * Colorization: {@code A} turns RGB into gray {@code g = c·rgb} repeated over three channels (so
 * observations are {@code [N, 3, H, W]}); {@code A†} is the true Moore–Penrose inverse
 * {@code A⁺z = c · mean_k(z_k) / ‖c‖²}. The original formula reads channel 0 only; both agree on
 * the range of {@code A}, but only this one satisfies all four Penrose conditions. Both maps are
 * 1×1 convolutions (channel reductions with {@code keepDims} fail in SameDiff M2.1 backprop).
 */
public final class Colorization implements Degradation {
    public static final double[] EQUAL = {1.0 / 3, 1.0 / 3, 1.0 / 3};

    private final double[] c;
    private final INDArray forwardW;   // [1,1,3,3] (YXIO): every output channel is c·rgb
    private final INDArray backwardW;  // [1,1,3,3]: output channel k is c_k/‖c‖² · mean(z)
    private final INDArray adjointW;   // [1,1,3,3]: the transpose of backwardW, every output channel is c·g/(3‖c‖²)
    private final INDArray transposeW; // [1,1,3,3]: Aᵀ, output channel k is c_k · Σ z

    public Colorization(double[] coefficients) {
        double[] cc = coefficients == null ? EQUAL : coefficients;
        if (cc.length != 3) {
            throw new IllegalArgumentException("colorization needs 3 coefficients (r, g, b), got " + cc.length);
        }
        double base = cc[0] * cc[0] + cc[1] * cc[1] + cc[2] * cc[2];
        if (!(base > 0)) {
            throw new IllegalArgumentException("colorization coefficients must not all be zero");
        }
        this.c = cc.clone();
        double[] fw = new double[9], bw = new double[9], aw = new double[9], tw = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                fw[i * 3 + k] = cc[i];
                bw[i * 3 + k] = cc[k] / base / 3;
                aw[i * 3 + k] = cc[i] / base / 3;
                tw[i * 3 + k] = cc[k];
            }
        }
        this.forwardW = Nd4j.create(fw, new long[]{1, 1, 3, 3}, DataType.FLOAT);
        this.backwardW = Nd4j.create(bw, new long[]{1, 1, 3, 3}, DataType.FLOAT);
        this.adjointW = Nd4j.create(aw, new long[]{1, 1, 3, 3}, DataType.FLOAT);
        this.transposeW = Nd4j.create(tw, new long[]{1, 1, 3, 3}, DataType.FLOAT);
    }

    @Override public String describe() { return "colorization"; }
    @Override public boolean restoresColour() { return true; }
    @Override public int spatialMultiple() { return 1; }
    @Override public long observationChannels(long imageChannels) { return 3; }
    @Override public long observationSize(long size) { return size; }

    private static void check3(long[] shape, String what) {
        if (shape.length != 4 || shape[1] != 3) {
            throw new IllegalArgumentException("colorization: " + what + " must be [N, 3, H, W], got "
                    + java.util.Arrays.toString(shape));
        }
    }

    /** {@code A} and {@code A†} as 1×1 convolution weights {@code [1, 1, in, out]} (YXIO), for export. */
    public INDArray[] convolutionWeights() {
        return new INDArray[]{forwardW.dup(), backwardW.dup()};
    }

    @Override
    public INDArray apply(INDArray x) {
        check3(x.shape(), "image");
        return Nd4j.cnn().conv2d(x, forwardW.castTo(x.dataType()), Convs.POINTWISE);
    }

    @Override
    public INDArray pinv(INDArray z) {
        check3(z.shape(), "observation");
        return Nd4j.cnn().conv2d(z, backwardW.castTo(z.dataType()), Convs.POINTWISE);
    }

    @Override
    public INDArray adjoint(INDArray z) {
        check3(z.shape(), "observation");
        return Nd4j.cnn().conv2d(z, transposeW.castTo(z.dataType()), Convs.POINTWISE);
    }

    @Override
    public INDArray pinvAdjoint(INDArray g) {
        check3(g.shape(), "gradient");
        return Nd4j.cnn().conv2d(g, adjointW.castTo(g.dataType()), Convs.POINTWISE);
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return sd.cnn.conv2d(x, sd.constant(forwardW.castTo(x.dataType())), Convs.POINTWISE);
    }

    @Override
    public SDVariable pinv(SameDiff sd, SDVariable z) {
        return sd.cnn.conv2d(z, sd.constant(backwardW.castTo(z.dataType())), Convs.POINTWISE);
    }

    @Override
    public OperatorSpec spec() { return OperatorSpec.colorization(c); }

    /** Task {@code colorization}: the gray {@code coefficients} (r, g, b; default 1/3 each). */
    public record Settings(java.util.List<Double> coefficients) implements OperatorSettings {
        @Override
        public Settings resolve() {
            return new Settings(TaskSettings.or(coefficients, java.util.List.of(1.0 / 3, 1.0 / 3, 1.0 / 3)));
        }

        @Override
        public void validate() {
            TaskSettings.check(coefficients.size() == 3, "coefficients", "3 numbers (r, g, b)", coefficients);
            TaskSettings.check(coefficients.stream().anyMatch(v -> v != 0), "coefficients", "not all zero", coefficients);
        }

        @Override
        public Degradation create() {
            return Operators.create(OperatorSpec.colorization(coefficients.stream().mapToDouble(Double::doubleValue).toArray()));
        }
    }
}

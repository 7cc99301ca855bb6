package org.rnd4j.operator;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Colorization: {@code A} turns RGB into gray {@code g = c·rgb} repeated over three channels (so
 * observations are {@code [N, 3, H, W]}); {@code A†} is the true Moore–Penrose inverse
 * {@code A⁺z = c · mean_k(z_k) / ‖c‖²}. The original formula reads channel 0 only; both agree on
 * the range of {@code A}, but only this one satisfies all four Penrose conditions.
 */
public final class Colorization implements Degradation {
    public static final double[] EQUAL = {1.0 / 3, 1.0 / 3, 1.0 / 3};

    private final double[] c;
    private final INDArray weights;  // c, [1,3,1,1]
    private final INDArray back;     // c / ‖c‖², [1,3,1,1]

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
        this.weights = Nd4j.create(new double[]{cc[0], cc[1], cc[2]}, new long[]{1, 3, 1, 1}, DataType.FLOAT);
        this.back = Nd4j.create(new double[]{cc[0] / base, cc[1] / base, cc[2] / base}, new long[]{1, 3, 1, 1}, DataType.FLOAT);
    }

    @Override public String describe() { return "colorization"; }
    @Override public int spatialMultiple() { return 1; }
    @Override public long observationChannels(long imageChannels) { return 3; }
    @Override public long observationSize(long size) { return size; }

    private static void check3(long[] shape, String what) {
        if (shape.length != 4 || shape[1] != 3) {
            throw new IllegalArgumentException("colorization: " + what + " must be [N, 3, H, W], got "
                    + java.util.Arrays.toString(shape));
        }
    }

    @Override
    public INDArray apply(INDArray x) {
        check3(x.shape(), "image");
        INDArray gray = x.mul(weights.castTo(x.dataType())).sum(true, 1);
        return Nd4j.concat(1, gray, gray, gray);
    }

    @Override
    public INDArray pinv(INDArray z) {
        check3(z.shape(), "observation");
        return z.mean(true, 1).mul(back.castTo(z.dataType()));
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable x) {
        SDVariable gray = x.mul(sd.constant(weights.castTo(x.dataType()))).sum(true, 1);
        return sd.concat(1, gray, gray, gray);
    }

    @Override
    public SDVariable pinv(SameDiff sd, SDVariable z) {
        return z.mean(true, 1).mul(sd.constant(back.castTo(z.dataType())));
    }

    @Override
    public OperatorSpec spec() { return OperatorSpec.colorization(c); }
}

package org.rnd4j.operator;

import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnd4j.operator.noise.GaussianNoise;

/**
 * Noisy observations of any operator: {@code y = A x + n}, {@code n} Gaussian with standard
 * deviation {@code sigma} (intensities in [0, 1]; for inpainting only on observed pixels).
 * Copying {@code y} into the output exactly would copy the noise, so the projection scales the
 * range-space correction, DDNM+-style: {@code x̂ = x_r + λ A†(y − A x_r)}.
 *
 * <p>{@code λ} is set in the config, or (default) chosen per image from {@code σ}:
 * {@code λ = ε² / (ε² + σ²)} with {@code ε² = max(0, ‖A x_r − y‖²/m − σ²)}, the network's own
 * mean-square error in measurement space ({@code E‖A x_r − y‖²/m = ε² + σ²} when the noise is
 * independent of {@code x_r}). That is the minimum-mean-square-error weight for combining two
 * independent estimates of the range component (the network's {@code A x_r} and the noisy
 * {@code y}); DDNM+ (Wang, Yu and Zhang, ICLR 2023, §3.3) scales the same correction for the same
 * reason, by {@code min(1, σ_t/(a_t σ_y))} in its diffusion steps. {@code λ} is held constant in
 * backprop. With {@code σ = 0} it is 1: the exact projection.
 */
public final class Noisy implements Degradation {
    private final Degradation inner;
    private final double sigma;
    private final Double lambda;

    /** @param lambda a fixed scale in [0, 1], or {@code null} for the per-image rule */
    public Noisy(Degradation inner, double sigma, Double lambda) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("noise sigma must be >= 0, got " + sigma);
        if (lambda != null && !(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
        }
        this.inner = inner;
        this.sigma = sigma;
        this.lambda = lambda;
    }

    public Degradation inner() { return inner; }
    public double sigma() { return sigma; }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s + noise σ %.3g (λ %s)", inner.describe(), sigma,
                lambda == null ? "per image" : String.format(Locale.ROOT, "%.3g", lambda));
    }

    @Override public int spatialMultiple() { return inner.spatialMultiple(); }
    @Override public long observationChannels(long c) { return inner.observationChannels(c); }
    @Override public long observationSize(long size) { return inner.observationSize(size); }
    @Override public boolean blockwise() { return inner.blockwise(); }
    @Override public int upscale() { return inner.upscale(); }
    @Override public boolean maskChannel() { return inner.maskChannel(); }
    @Override public boolean restoresColour() { return inner.restoresColour(); }
    @Override public boolean padsToMultiple() { return inner.padsToMultiple(); }
    @Override public INDArray apply(INDArray x) { return inner.apply(x); }
    @Override public INDArray adjoint(INDArray y) { return inner.adjoint(y); }
    @Override public INDArray pinv(INDArray y) { return inner.pinv(y); }
    @Override public INDArray pinvAdjoint(INDArray g) { return inner.pinvAdjoint(g); }
    @Override public INDArray pinvAdjointLike(INDArray g, INDArray y) { return inner.pinvAdjointLike(g, y); }
    @Override public INDArray applyLike(INDArray x, INDArray y) { return inner.applyLike(x, y); }
    @Override public SDVariable apply(SameDiff sd, SDVariable x) { return inner.apply(sd, x); }
    @Override public SDVariable applyLike(SameDiff sd, SDVariable x, SDVariable y) { return inner.applyLike(sd, x, y); }
    @Override public SDVariable pinv(SameDiff sd, SDVariable y) { return inner.pinv(sd, y); }
    @Override public SDVariable pinvApply(SameDiff sd, SDVariable x, SDVariable y) { return inner.pinvApply(sd, x, y); }
    @Override public INDArray residual(INDArray y, INDArray ax) { return inner.residual(y, ax); }

    /** Channels of an observation that are measurements (inpainting's mask channel is not). */
    private long measured(INDArray y) {
        return inner instanceof Inpainting ? y.size(1) - 1 : y.size(1);
    }

    @Override
    public INDArray observe(INDArray x, long seed, int rowOffset, int height, int width) {
        INDArray y = inner.observe(x, seed, rowOffset, height, width);
        if (sigma == 0) return y;
        int n = (int) y.size(0), c = (int) measured(y), h = (int) y.size(2), w = (int) y.size(3);
        // noise rows are indexed in observation rows; for strips the offset is the observation row of the strip
        long obsRow = inner.observationSize(rowOffset);
        float[] noise = new GaussianNoise(sigma).draw(seed, n, c, h, w, obsRow);
        INDArray nz = Nd4j.create(noise, new long[]{n, c, h, w}, 'c').castTo(y.dataType());
        INDArray measurements = y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c), NDArrayIndex.all(), NDArrayIndex.all());
        if (inner instanceof Inpainting) {
            nz.muli(y.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1), NDArrayIndex.all(), NDArrayIndex.all()));
        }
        measurements.addi(nz);
        return y;
    }

    @Override
    public INDArray lambdas(INDArray xr, INDArray y) {
        int n = (int) y.size(0);
        if (lambda != null) return Nd4j.valueArrayOf(new long[]{n}, lambda, y.dataType());
        if (sigma == 0) return null;
        long c = measured(y);
        INDArray r = inner.applyLike(xr, y).subi(y)
                .get(NDArrayIndex.all(), NDArrayIndex.interval(0, c), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray mse = r.mul(r).reshape(n, -1).mean(1);
        if (inner instanceof Inpainting) {   // mean over observed entries only
            INDArray m = y.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray frac = m.reshape(n, -1).mean(1).addi(1e-12);
            mse.divi(frac);
        }
        double s2 = sigma * sigma;
        INDArray eps2 = org.nd4j.linalg.ops.transforms.Transforms.max(mse.subi(s2), 0.0, false);
        return eps2.div(eps2.add(s2));
    }

    @Override
    public SDVariable lambdas(SameDiff sd, SDVariable xr, SDVariable y) {
        if (lambda != null) {
            return sd.onesLike(y).get(org.nd4j.autodiff.samediff.SDIndex.all(), org.nd4j.autodiff.samediff.SDIndex.point(0),
                    org.nd4j.autodiff.samediff.SDIndex.point(0), org.nd4j.autodiff.samediff.SDIndex.point(0)).mul(lambda);
        }
        if (sigma == 0) return null;
        if (inner instanceof Inpainting) {
            throw new UnsupportedOperationException("per-image λ for noisy inpainting is not available in SameDiff; set task.lambda");
        }
        SDVariable r = inner.applyLike(sd, xr, y).sub(y);
        SDVariable mse = sd.math.square(r).mean(1, 2, 3);
        double s2 = sigma * sigma;
        SDVariable eps2 = sd.math.max(mse.sub(s2), sd.zerosLike(mse));
        SDVariable lam = eps2.div(eps2.add(s2));
        return new StopGradient(sd, lam).outputVariable();
    }

    @Override
    public OperatorSpec spec() {
        OperatorSpec s = inner.spec().copy();
        s.setNoise(sigma);
        s.setLambda(lambda);
        return s;
    }
}

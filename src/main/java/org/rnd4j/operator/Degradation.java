package org.rnd4j.operator;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A linear degradation {@code A} with its adjoint {@code Aᵀ} and its Moore–Penrose pseudo-inverse
 * {@code A†}, the ingredients of the RND projection {@code x̂ = A†y + (I − A†A) x_r}.
 *
 * <p>Every implementation offers the maps twice: eagerly on {@link INDArray}s (data generation,
 * evaluation, the layers' runtimes) and as {@link SameDiff} ops (SameDiff graphs), so the
 * observation the network sees and the projection it is trained with are the same operator.
 * Images are NCHW {@code [N, C, H, W]} float arrays; observations are NCHW too (see each
 * implementation for its layout). Operators whose instance varies per sample (inpainting masks)
 * carry it in the observation: {@link #observe} draws it, {@link #applyLike} applies the operator
 * an observation was made with. Noisy observations ({@link Noisy}) scale the range-space
 * correction by per-sample factors {@link #lambdas}.
 */
public interface Degradation {

    /** Short human-readable name, e.g. {@code "sr x4"}; used in messages. */
    String describe();

    /** Height and width of images must be multiples of this (1 if any size works). */
    int spatialMultiple();

    /**
     * The smallest size that is a multiple of both {@link #spatialMultiple} and {@code k} (what a
     * backbone needs, {@code Backbone.sizeMultiple}): images are cropped to multiples of it.
     */
    default int spatialMultiple(int k) {
        int m = spatialMultiple(), a = m, b = k;
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return Math.toIntExact(m / a * (long) k);
    }

    /** Channels of the observation for an image with {@code imageChannels} channels. */
    long observationChannels(long imageChannels);

    /** Spatial size of the observation for an image of size {@code size} (height or width). */
    long observationSize(long size);

    /**
     * The factor by which the observation is a smaller image with the image's channels (super-
     * resolution: an input image can be taken as the observation itself), or 0.
     */
    default int upscale() {
        return 0;
    }

    /**
     * Whether evaluation zero-pads an image to the next multiple of {@link #spatialMultiple} and
     * crops the result back (block compressed sensing, as published: Set11's 256² images in 33×33
     * blocks), instead of cropping the image to the multiple below (super-resolution's mod-crop).
     * {@code A x̂ = y} holds on the padded image; quality is measured on the original pixels.
     */
    default boolean padsToMultiple() {
        return false;
    }

    /**
     * The side an image of {@code side} pixels is worked on at, for a multiple {@code m} (of
     * {@link #spatialMultiple}): rounded up where the operator pads ({@link #padsToMultiple}),
     * down (a mod-crop) otherwise.
     */
    default int workingSide(int side, int m) {
        return padsToMultiple() ? (side + m - 1) / m * m : side / m * m;
    }

    /**
     * Whether the task's point is the image's colour (colorization): a gray image then has nothing
     * to restore, and evaluation leaves it out; a gray source's output is still written in colour.
     */
    default boolean restoresColour() {
        return false;
    }

    /** Whether the observation's last channel is a mask (inpainting) that the network may read. */
    default boolean maskChannel() {
        return false;
    }

    /**
     * Whether rows of the observation depend only on the block of image rows they cover (average
     * pooling, colorization, block CS, masks): then an image can be restored in strips with exact
     * consistency. Blur and bicubic couple neighbouring blocks, and their {@code A†} is global.
     */
    default boolean blockwise() {
        return true;
    }

    /** Observation {@code y = A x} of an image batch {@code [N, C, H, W]} (noise-free; fixed instance). */
    INDArray apply(INDArray x);

    /** The adjoint {@code Aᵀ y}: {@code <A u, v> = <u, Aᵀ v>}. */
    INDArray adjoint(INDArray y);

    /** Back-projection {@code A† y} of an observation batch. */
    INDArray pinv(INDArray y);

    /**
     * Adjoint of the pseudo-inverse, {@code (A†)ᵀ g} for an image-space gradient {@code g}: the
     * gradient of {@code A†y} with respect to {@code y}, used by the eager backward pass of the
     * RND layers.
     */
    INDArray pinvAdjoint(INDArray g);

    /** {@code A x} as SameDiff ops. */
    SDVariable apply(SameDiff sd, SDVariable x);

    /** {@code A† y} as SameDiff ops. */
    SDVariable pinv(SameDiff sd, SDVariable y);

    /** A serialisable description that {@link Operators#create} turns back into this operator. */
    OperatorSpec spec();

    /**
     * The observation used for data and evaluation: {@code A x} for a per-sample operator instance
     * (a mask) and noise drawn from {@code seed}, sample index and absolute pixel position, so a
     * strip of an image ({@code rowOffset} into an image {@code height × width}) is observed
     * exactly as the same rows of the whole image.
     */
    default INDArray observe(INDArray x, long seed, int rowOffset, int height, int width) {
        return apply(x);
    }

    /**
     * {@code y − A x} as an observation the pseudo-inverse can read (in place in {@code ax}):
     * operators whose instance travels in the observation keep it (inpainting: the mask channel).
     */
    default INDArray residual(INDArray y, INDArray ax) {
        return ax.rsubi(y);
    }

    /**
     * {@code A†A x} for the operator instance of {@code y}, as SameDiff ops; {@link org.rnd4j.layer.Rnd#project}
     * computes {@code A†y − A†A x_r}, since SameDiff does not know the shapes of intermediate
     * results and size-dependent operators (bicubic, blur) need them.
     */
    default SDVariable pinvApply(SameDiff sd, SDVariable x, SDVariable y) {
        return pinv(sd, applyLike(sd, x, y));
    }

    /** {@code A x} with the operator instance the observation {@code y} was made with. */
    default INDArray applyLike(INDArray x, INDArray y) {
        return apply(x);
    }

    /** {@link #applyLike(INDArray, INDArray)} as SameDiff ops. */
    default SDVariable applyLike(SameDiff sd, SDVariable x, SDVariable y) {
        return apply(sd, x);
    }

    /** Per-sample scales of the range-space correction ({@code [N]}), or {@code null} for 1 (exact projection). */
    default INDArray lambdas(INDArray xr, INDArray y) {
        return null;
    }

    /** {@link #lambdas} as SameDiff ops ({@code null}: exact projection); treated as constants in backprop. */
    default SDVariable lambdas(SameDiff sd, SDVariable xr, SDVariable y) {
        return null;
    }

    /**
     * Eager RND projection {@code x_r + λ A†(y − A x_r)} (with {@code λ = 1}: {@code A†y + (I − A†A) x_r}),
     * one {@code A} and one {@code A†}, like {@link org.rnd4j.layer.Rnd#project}.
     *
     * @param lambdas from {@link #lambdas}, or {@code null}
     * @throws IllegalArgumentException naming both shapes when {@code A x_r} does not match {@code y}
     */
    default INDArray project(INDArray xr, INDArray y, INDArray lambdas) {
        INDArray ax = applyLike(xr, y);
        if (!Arrays.equals(ax.shape(), y.shape())) {
            throw new IllegalArgumentException(describe() + ": A x_r has shape " + Arrays.toString(ax.shape())
                    + " but the observation y has shape " + Arrays.toString(y.shape()));
        }
        INDArray correction = pinv(residual(y, ax));
        if (lambdas != null) scale(correction, lambdas);
        return correction.addi(xr);
    }

    /** {@link #project(INDArray, INDArray, INDArray)} with the operator's own {@link #lambdas}. */
    default INDArray project(INDArray xr, INDArray y) {
        return project(xr, y, lambdas(xr, y));
    }

    /**
     * Gradients of the projection for an upstream gradient {@code g}, with the scales {@code λ}
     * held constant: {@code dL/dx_r = g − λ A†A g} ({@code A†A} is symmetric) and
     * {@code dL/dy = λ (A†)ᵀ g}.
     */
    default INDArray[] projectGradients(INDArray g, INDArray y, INDArray lambdas) {
        INDArray pa = pinv(applyLike(g, y));
        INDArray dy = pinvAdjointLike(g, y);
        if (lambdas != null) {
            scale(pa, lambdas);
            scale(dy, lambdas);
        }
        return new INDArray[]{pa.rsubi(g), dy};
    }

    /** {@code (A†)ᵀ g} for the operator instance of {@code y} (default: {@link #pinvAdjoint}). */
    default INDArray pinvAdjointLike(INDArray g, INDArray y) {
        return pinvAdjoint(g);
    }

    /** Multiplies sample {@code n} of {@code a} by {@code lambdas[n]}, in place. */
    static void scale(INDArray a, INDArray lambdas) {
        Nd4j.exec(new BroadcastMulOp(a, lambdas.castTo(a.dataType()), a, 0));
    }

    /**
     * Checks that {@code shape} is an NCHW image batch this operator accepts.
     *
     * @throws IllegalArgumentException naming the operator, the shape and what is expected
     */
    default void checkImageShape(long[] shape, String what) {
        if (shape.length != 4) {
            throw new IllegalArgumentException(describe() + ": " + what + " must be NCHW [N, C, H, W], got shape "
                    + Arrays.toString(shape));
        }
        int m = spatialMultiple();
        if (shape[2] % m != 0 || shape[3] % m != 0) {
            throw new IllegalArgumentException(describe() + ": " + what + " height and width must be multiples of " + m
                    + ", got " + shape[2] + "x" + shape[3] + " (crop the image first)");
        }
    }
}

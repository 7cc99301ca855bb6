package org.rnd4j.operator;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A linear degradation {@code A} and its Moore–Penrose pseudo-inverse {@code A†}, the two
 * ingredients of the RND projection {@code x̂ = A†y + (I − A†A) x_r}.
 *
 * <p>Every implementation offers the same maps twice: eagerly on {@link INDArray}s (data
 * generation, evaluation) and as {@link SameDiff} ops (training graphs), so the observation
 * the network sees and the projection it is trained with are the same operator. Images are
 * NCHW {@code [N, C, H, W]} float arrays; observations are NCHW too (see each implementation
 * for its channel layout).
 */
public interface Degradation {

    /** Short human-readable name, e.g. {@code "sr x4"}; used in messages. */
    String describe();

    /** Height and width of images must be multiples of this (1 if any size works). */
    int spatialMultiple();

    /** Channels of the observation for an image with {@code imageChannels} channels. */
    long observationChannels(long imageChannels);

    /** Spatial size of the observation for an image of size {@code size} (height or width). */
    long observationSize(long size);

    /** Observation {@code y = A x} of an image batch {@code [N, C, H, W]}. */
    INDArray apply(INDArray x);

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
     * Eager RND projection {@code A†y + x_r − A†A x_r}, computed as {@code x_r + A†(y − A x_r)}
     * (one {@code A}, one {@code A†}, like {@link org.rnd4j.layer.Rnd#project}).
     *
     * @throws IllegalArgumentException naming both shapes when {@code A x_r} does not match {@code y}
     */
    default INDArray project(INDArray xr, INDArray y) {
        INDArray ax = apply(xr);
        if (!Arrays.equals(ax.shape(), y.shape())) {
            throw new IllegalArgumentException(describe() + ": A x_r has shape " + Arrays.toString(ax.shape())
                    + " but the observation y has shape " + Arrays.toString(y.shape()));
        }
        return pinv(ax.rsubi(y)).addi(xr);
    }

    /**
     * Gradients of the projection for an upstream gradient {@code g}: {@code dL/dx_r = g − A†A g}
     * ({@code A†A} is symmetric) and {@code dL/dy = (A†)ᵀ g}.
     */
    default INDArray[] projectGradients(INDArray g) {
        return new INDArray[]{pinv(apply(g)).rsubi(g), pinvAdjoint(g)};
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

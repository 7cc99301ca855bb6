package org.rnd4j.layer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.rnd4j.operator.Degradation;

/**
 * The RND projection {@code x̂ = A†y + (I − A†A) x_r} as SameDiff ops, for any graph and any
 * {@link Degradation}. Written as {@code x_r + A†y − A†A x_r} (SameDiff does not know the shapes
 * of intermediate results, and size-dependent operators need them)
 * (for noisy observations {@code x_r + λ A†(y − A x_r)}, see {@link org.rnd4j.operator.Noisy}).
 * The result satisfies {@code A x̂ = y} to float rounding; gradients reaching {@code x_r} are
 * projected onto the null space of {@code A}.
 */
public final class Rnd {
    private Rnd() {}

    public static SDVariable project(SameDiff sd, Degradation op, SDVariable xr, SDVariable y) {
        SDVariable correction = op.pinv(sd, y).sub(op.pinvApply(sd, xr, y));
        SDVariable lambdas = op.lambdas(sd, xr, y);
        if (lambdas != null) {
            correction = correction.mul(sd.reshape(lambdas, -1, 1, 1, 1));
        }
        return xr.add(correction);
    }

    /** Same as {@link #project(SameDiff, Degradation, SDVariable, SDVariable)} with a named output. */
    public static SDVariable project(SameDiff sd, Degradation op, SDVariable xr, SDVariable y, String name) {
        return project(sd, op, xr, y).rename(name);
    }
}

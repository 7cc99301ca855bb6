package org.rnd4j.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Test access to the evaluator's self-ensemble transforms. */
public final class EvaluatorAccess {
    private EvaluatorAccess() {}

    /** Transform {@code t} of the ×8 self-ensemble, then its inverse. */
    public static INDArray roundTrip(INDArray a, int t) {
        return Evaluator.untransform(Evaluator.transform(a, t), t);
    }
}

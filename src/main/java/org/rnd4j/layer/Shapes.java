package org.rnd4j.layer;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.rnd4j.operator.Degradation;

/** Shape checks between a backbone's output and a task's observation, with messages that name both. */
public final class Shapes {
    private Shapes() {}

    /** Throws if {@code A} applied to an image shaped like {@code xr} cannot give an observation shaped like {@code y}. */
    public static void checkObservationMatches(Degradation op, InputType xr, InputType y, String where) {
        if (!(xr instanceof InputType.InputTypeConvolutional a) || !(y instanceof InputType.InputTypeConvolutional b)) {
            return;
        }
        long h = a.getHeight(), w = a.getWidth(), c = a.getChannels();
        if (h <= 0 || w <= 0 || b.getHeight() <= 0 || b.getWidth() <= 0) {
            return;
        }
        int m = op.spatialMultiple();
        long eh = op.observationSize(h), ew = op.observationSize(w), ec = op.observationChannels(c);
        if (h % m != 0 || w % m != 0 || eh != b.getHeight() || ew != b.getWidth() || ec != b.getChannels()) {
            throw new IllegalArgumentException(where + ": backbone output " + c + "x" + h + "x" + w + " (CxHxW) does not fit "
                    + op.describe() + " with observation " + b.getChannels() + "x" + b.getHeight() + "x" + b.getWidth()
                    + "; A of that output would be " + ec + "x" + eh + "x" + ew
                    + (h % m != 0 || w % m != 0 ? " and its size is not a multiple of " + m : ""));
        }
    }
}

package org.rnd4j.operator;

import org.rnd4j.config.TaskConfig;

/** Registry: builds the {@link Degradation} an {@link OperatorSpec} or a config's task section describes. */
public final class Operators {
    private Operators() {}

    /** The exact description of the operator a task section asks for (a CS matrix is generated here). */
    public static OperatorSpec specFor(TaskConfig t) {
        return switch (t.type()) {
            case "sr" -> OperatorSpec.sr(t.scale());
            case "colorization" -> OperatorSpec.colorization(t.coefficients().stream().mapToDouble(Double::doubleValue).toArray());
            case "cs" -> create(OperatorSpec.cs(t.block(), t.ratio(), t.seed())).spec();
            default -> throw new IllegalArgumentException("unknown task type " + t.type());
        };
    }

    /** The operator of a (resolved) task section. */
    public static Degradation fromTask(TaskConfig t) {
        return create(specFor(t));
    }

    public static Degradation create(OperatorSpec spec) {
        if (spec == null || spec.getKind() == null) {
            throw new IllegalArgumentException("operator spec has no kind; expected one of sr, colorization, cs");
        }
        return switch (spec.getKind()) {
            case OperatorSpec.SR -> new SuperResolution(spec.getScale());
            case OperatorSpec.COLORIZATION -> new Colorization(spec.getCoefficients());
            case OperatorSpec.CS -> spec.getMatrix() != null
                    ? CompressedSensing.fromMatrix(spec.getBlock(), spec.getRatio(), spec.getSeed(), spec.getChannels(), spec.getMatrix())
                    : CompressedSensing.seeded(spec.getBlock(), spec.getRatio(), spec.getSeed(), spec.getChannels());
            default -> throw new IllegalArgumentException("unknown operator kind '" + spec.getKind()
                    + "'; expected one of sr, colorization, cs");
        };
    }
}

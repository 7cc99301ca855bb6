package org.rnd4j.operator;

/** Registry: builds the {@link Degradation} an {@link OperatorSpec} describes. */
public final class Operators {
    private Operators() {}

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

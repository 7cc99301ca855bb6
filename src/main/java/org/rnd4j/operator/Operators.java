package org.rnd4j.operator;

import org.rnd4j.config.TaskConfig;

/** Registry: builds the {@link Degradation} an {@link OperatorSpec} or a config's task section describes. */
public final class Operators {
    public static final java.util.List<String> KINDS = java.util.List.of(OperatorSpec.SR, OperatorSpec.BICUBIC,
            OperatorSpec.COLORIZATION, OperatorSpec.CS, OperatorSpec.BLUR, OperatorSpec.INPAINTING);

    private Operators() {}

    /** The exact description of the operator a task section asks for (a CS matrix is generated here). */
    public static OperatorSpec specFor(TaskConfig t) {
        OperatorSpec s = switch (t.type()) {
            case "sr" -> "bicubic".equals(t.downsample()) ? OperatorSpec.bicubic(t.scale()) : OperatorSpec.sr(t.scale());
            case "colorization" -> OperatorSpec.colorization(t.coefficients().stream().mapToDouble(Double::doubleValue).toArray());
            case "cs" -> create(OperatorSpec.cs(t.block(), t.ratio(), t.seed())).spec();
            case "deblur" -> OperatorSpec.blur(t.blur(), t.sigma() == null ? 0 : t.sigma(), t.size() == null ? 0 : t.size(),
                    t.border(), t.decimate(), t.rcond());
            case "inpainting" -> OperatorSpec.inpainting(t.mask(), t.ratio() == null ? 0 : t.ratio(), t.boxes() == null ? 0 : t.boxes(),
                    t.boxMin() == null ? 0 : t.boxMin(), t.boxMax() == null ? 0 : t.boxMax(), t.seed());
            default -> throw new IllegalArgumentException("unknown task type " + t.type());
        };
        if (t.noise() != null && t.noise() > 0 || t.lambda() != null) {
            s.setNoise(t.noise() == null ? 0 : t.noise());
            s.setLambda(t.lambda());
        }
        return s;
    }

    /** The operator of a (resolved) task section. */
    public static Degradation fromTask(TaskConfig t) {
        return create(specFor(t));
    }

    public static Degradation create(OperatorSpec spec) {
        if (spec == null || spec.getKind() == null) {
            throw new IllegalArgumentException("operator spec has no kind; expected one of " + KINDS);
        }
        if (!KINDS.contains(spec.getKind())) {
            throw new IllegalArgumentException("unknown operator kind '" + spec.getKind() + "'; expected one of " + KINDS);
        }
        spec.check();
        Degradation op = switch (spec.getKind()) {
            case OperatorSpec.SR -> new SuperResolution(spec.getScale());
            case OperatorSpec.BICUBIC -> new BicubicDownsampling(spec.getScale());
            case OperatorSpec.COLORIZATION -> new Colorization(spec.getCoefficients());
            case OperatorSpec.CS -> spec.getMatrix() != null
                    ? CompressedSensing.fromMatrix(spec.getBlock(), spec.getRatio(), spec.getSeed(), spec.getChannels(), spec.getMatrix())
                    : CompressedSensing.seeded(spec.getBlock(), spec.getRatio(), spec.getSeed(), spec.getChannels());
            case OperatorSpec.BLUR -> new Blur(spec.getKernel(), spec.getSigma(), spec.getSize(), spec.getBorder(), spec.getDecimate(),
                    spec.getRcond());
            case OperatorSpec.INPAINTING -> new Inpainting(spec.getMask(), spec.getRatio(), spec.getBoxes(), spec.getBoxMin(),
                    spec.getBoxMax(), spec.getSeed());
            default -> throw new IllegalArgumentException("unknown operator kind '" + spec.getKind() + "'; expected one of " + KINDS);
        };
        return spec.getNoise() > 0 || spec.getLambda() != null ? new Noisy(op, spec.getNoise(), spec.getLambda()) : op;
    }
}

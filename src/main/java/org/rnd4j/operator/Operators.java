package org.rnd4j.operator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.TaskConfig;
import org.rnd4j.config.TaskSettings;
import org.rnd4j.config.TaskTypes;

/**
 * Registry of operators. A config's task type names a settings record ({@link #TYPES}, one line
 * per operator) that builds its {@link Degradation}; a checkpoint's {@link OperatorSpec} rebuilds
 * the same operator. Observation noise wraps any operator ({@link Noisy}), apart from its map.
 */
public final class Operators {
    /** The kinds of operator a checkpoint of an earlier rnd4j names in its spec's flat fields. */
    public static final List<String> KINDS = List.of(OperatorSpec.SR, OperatorSpec.BICUBIC,
            OperatorSpec.COLORIZATION, OperatorSpec.CS, OperatorSpec.BLUR, OperatorSpec.INPAINTING);

    private static final Map<String, Class<? extends TaskSettings>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("sr", SuperResolution.Settings.class);
        TYPES.put("colorization", Colorization.Settings.class);
        TYPES.put("cs", CompressedSensing.Settings.class);
        TYPES.put("deblur", Blur.Settings.class);
        TYPES.put("inpainting", Inpainting.Settings.class);
    }

    /** rnd4j's task types, registered with {@link java.util.ServiceLoader} (see {@code META-INF/services}). */
    public static final class Registry implements TaskTypes {
        @Override
        public Map<String, Class<? extends TaskSettings>> types() {
            return Collections.unmodifiableMap(TYPES);
        }
    }

    private Operators() {}

    /** The operator of a (resolved) task section, with its observation noise. */
    public static Degradation fromTask(TaskConfig t) {
        if (!(t.settings() instanceof OperatorSettings s)) {
            throw new IllegalArgumentException("task type '" + t.type() + "': its settings record "
                    + (t.settings() == null ? "is missing" : t.settings().getClass().getName() + " does not implement "
                    + OperatorSettings.class.getName()));
        }
        return withNoise(s.create(), t.noise() == null ? 0 : t.noise(), t.lambda());
    }

    /** {@code op} observed with Gaussian noise and the range-space scale {@code lambda} (null: per image), if either is set. */
    public static Degradation withNoise(Degradation op, double noise, Double lambda) {
        return noise > 0 || lambda != null ? new Noisy(op, noise, lambda) : op;
    }

    /** The operator a spec describes exactly (a checkpoint's, or one a settings record made). */
    public static Degradation create(OperatorSpec spec) {
        if (spec == null || spec.getKind() == null) {
            throw new IllegalArgumentException("operator spec has no kind; expected one of " + KINDS);
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
            default -> fromSettings(spec);
        };
        return withNoise(op, spec.getNoise(), spec.getLambda());
    }

    /** An operator registered by name whose spec carries its settings record ({@link OperatorSpec#of}). */
    private static Degradation fromSettings(OperatorSpec spec) {
        Map<String, Class<? extends TaskSettings>> types = TaskTypes.all();
        Class<? extends TaskSettings> type = types.get(spec.getKind());
        if (type == null || spec.getSettings() == null) {
            throw new IllegalArgumentException("unknown operator kind '" + spec.getKind() + "'; expected one of " + KINDS
                    + " or a registered task type " + types.keySet() + " (is its plugin on the class path?)");
        }
        TaskSettings s;
        try {
            s = ConfigLoader.YAML.convertValue(spec.getSettings(), type).resolve();
            s.validate();
        } catch (RuntimeException e) {   // Jackson's IllegalArgumentException, or the record's ConfigException
            throw new IllegalArgumentException("operator '" + spec.getKind() + "' in the checkpoint: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (!(s instanceof OperatorSettings os)) {
            throw new IllegalArgumentException("operator '" + spec.getKind() + "': " + type.getName() + " does not implement "
                    + OperatorSettings.class.getName());
        }
        return os.create();
    }
}

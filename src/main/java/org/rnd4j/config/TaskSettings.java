package org.rnd4j.config;

/**
 * One operator's own task settings: a record bound from the config's {@code task} section (every
 * key but {@code type}, {@code noise} and {@code lambda}), so each operator declares its fields,
 * defaults and ranges in one place instead of a union of every operator's fields. The record
 * type is registered under its task name by a {@link TaskTypes} provider; a key the record does not
 * have is an error naming the task type.
 *
 * <p>The defaults of other sections that depend on the task (the patch size, the cropped border,
 * Y-channel metrics, the default backbone) are answered here too, so {@link Defaults} needs no
 * knowledge of any operator.
 */
public interface TaskSettings {
    /** These settings with every default filled in; a field given where it does not apply is an error. */
    TaskSettings resolve();

    /**
     * Checks resolved settings.
     *
     * @throws ConfigException "field 'task.X': expected …, got …" (the caller adds the file name)
     */
    void validate();

    /** The multiple every image side and training patch must be (the scale, the block, the decimation); 1 if none. */
    default int sideMultiple() { return 1; }

    /** What {@link #sideMultiple} is, for messages ("scale", "block"). */
    default String sideMultipleName() { return "size multiple"; }

    /** {@code data.patch} when the config gives none. */
    default int defaultPatch() { return 64; }

    /** {@code eval.cropBorder} when the config gives none. */
    default int defaultCropBorder() { return 0; }

    /** {@code eval.yChannel} when the config gives none. */
    default boolean defaultYChannel() { return false; }

    /** {@code model.backbone} when the config gives none. */
    default String defaultBackbone() { return "resnet"; }

    /** Whether an observation is itself an image of the scene, so {@code eval.observations} may give them as files. */
    default boolean observationsAreImages() { return false; }

    /** Whether {@code A} commutes with flips and 90° rotations, so a self-ensemble stays consistent. */
    default boolean flipEquivariant() { return true; }

    /** Throws "field 'task.FIELD': expected EXPECTED, got GOT" unless {@code ok}. */
    static void check(boolean ok, String field, String expected, Object got) {
        if (!ok) throw new ConfigException("field 'task." + field + "': expected " + expected + ", got " + got);
    }

    /** The error for a field given where it has no meaning. */
    static ConfigException unused(String field, String where) {
        return new ConfigException("field 'task." + field + "' does not apply to " + where + "; remove it");
    }

    /** {@code v}, or {@code d} when not given. */
    static <T> T or(T v, T d) {
        return v != null ? v : d;
    }
}

package org.rnd4j.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The degradation: its {@code type} (a name registered by {@link TaskTypes}: sr, colorization,
 * cs, deblur, inpainting or a plugin's), that type's own {@link TaskSettings} record (bound from
 * the section's other keys), and, for any type, Gaussian observation {@code noise} (standard
 * deviation) and the range-space scale {@code lambda} (default: per image, see
 * {@code org.rnd4j.operator.Noisy}). Written back as one flat section, as it is read.
 */
public record TaskConfig(String type, TaskSettings settings, Double noise, Double lambda) {
    /** The YAML section: type, the settings' fields, noise, lambda. */
    @JsonValue
    public Map<String, Object> section() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        if (settings != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = ConfigLoader.YAML.convertValue(settings, LinkedHashMap.class);
            fields.forEach((k, v) -> { if (v != null) m.put(k, v); });
        }
        m.put("noise", noise);
        m.put("lambda", lambda);
        return m;
    }
}

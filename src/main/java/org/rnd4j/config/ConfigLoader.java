package org.rnd4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads YAML into {@link RunConfig} strictly: an unknown key, a wrong type or a missing required
 * field is a one-line {@link ConfigException} naming the file and the field path. Overrides
 * ({@code train.lr=1e-3}) are applied to the YAML tree before binding, with the same checks.
 */
public final class ConfigLoader {
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private ConfigLoader() {}

    /** Loads, applies {@code overrides}, fills defaults and validates. */
    public static RunConfig load(Path file, Map<String, String> overrides) {
        return load(file, overrides, "");
    }

    /** As {@link #load(Path, Map)}; errors name the file followed by {@code note} (e.g. the flag that set an override). */
    public static RunConfig load(Path file, Map<String, String> overrides, String note) {
        String source = file + note;
        JsonNode tree = readTree(file);
        tree = override(tree, overrides, source);
        RunConfig c = Defaults.resolve(bind(tree, source), source);
        checkFolders(c, source);
        return c;
    }

    /**
     * The folders a config file names that must exist where it is loaded ({@code eval.observations}). Only configs
     * loaded from a file are so checked: a checkpoint's stored config names the folders of the machine and working
     * directory it was trained in, and is used elsewhere ({@code eval}, {@code infer}, {@code benchmark}) without them.
     */
    private static void checkFolders(RunConfig c, String source) {
        String obs = c.eval().observations();
        if (obs != null && !Files.isDirectory(Path.of(obs))) {
            throw new ConfigException(source + ": field 'eval.observations': expected an existing folder of observation images, got '"
                    + obs + "'");
        }
    }

    public static RunConfig load(Path file) {
        return load(file, Map.of());
    }

    /** Reads a config given as YAML text (e.g. written in Java code); {@code source} names it in errors. */
    public static RunConfig parse(String yaml, String source) {
        return parse(yaml, source, Map.of());
    }

    /** As {@link #parse(String, String)}, with {@code overrides} applied before defaults and validation. */
    public static RunConfig parse(String yaml, String source, Map<String, String> overrides) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source + ": expected a YAML mapping with sections task, data, model, train, eval");
        }
        tree = override(tree, overrides, source);
        return Defaults.resolve(bind(tree, source), source);
    }

    private static JsonNode override(JsonNode tree, Map<String, String> overrides, String source) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            tree = set(tree, e.getKey(), parseScalar(e.getValue()), source + " (override)");
        }
        return tree;
    }

    /** The largest config file read (real ones are a few KB). */
    static final long MAX_CONFIG_BYTES = 1 << 20;

    public static JsonNode readTree(Path file) {
        String source = file.toString();
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ConfigException(source + ": not a regular file; a config is a YAML file");
            }
            if (Files.exists(file) && Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(source + ": " + Files.size(file) + " bytes, more than a config may have (" + MAX_CONFIG_BYTES
                        + "); is it a config?");
            }
            JsonNode tree = YAML.readTree(Files.readString(file));
            if (tree == null || !tree.isObject()) {
                throw new ConfigException(source + ": expected a YAML mapping with sections task, data, model, train, eval");
            }
            return tree;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(source + ": not UTF-8 text (Latin-1 or UTF-16?); save the config as UTF-8");
        } catch (NoSuchFileException e) {
            throw new ConfigException(source + ": config file not found");
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage());
        }
    }

    /** Binds a YAML tree to the raw (unresolved) config. */
    public static RunConfig bind(JsonNode tree, String source) {
        ObjectNode rest = ((ObjectNode) tree).deepCopy();
        JsonNode task = rest.remove("task");
        RunConfig raw;
        try {
            raw = YAML.treeToValue(rest, RunConfig.class);
        } catch (JsonProcessingException e) {
            throw error(e, source, "");
        }
        return new RunConfig(raw.name(), task == null || task.isNull() ? null : bindTask(task, source), raw.data(), raw.model(),
                raw.train(), raw.eval(), raw.output());
    }

    /** The keys every task section has; the others belong to the type's own {@link TaskSettings} record. */
    private record CommonTask(String type, Double noise, Double lambda) {}

    private static final java.util.Set<String> COMMON_TASK_KEYS = java.util.Set.of("type", "noise", "lambda");

    /**
     * Binds the task section: {@code type}, {@code noise}, {@code lambda}, and the other keys into
     * the record registered for the type. A key set to null counts as not given (configs stored by
     * earlier versions list every field of every type, mostly null).
     */
    static TaskConfig bindTask(JsonNode node, String source) {
        if (!node.isObject()) throw new ConfigException(source + ": field 'task': expected a mapping (section)");
        ObjectNode common = YAML.createObjectNode(), own = YAML.createObjectNode();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) (COMMON_TASK_KEYS.contains(e.getKey()) ? common : own).set(e.getKey(), e.getValue());
        });
        CommonTask c;
        try {
            c = YAML.treeToValue(common, CommonTask.class);
        } catch (JsonProcessingException e) {
            throw error(e, source, "task.");
        }
        Map<String, Class<? extends TaskSettings>> types = TaskTypes.all();
        String list = String.join(", ", types.keySet());
        if (c.type() == null) throw new ConfigException(source + ": missing field 'task.type': expected one of " + list);
        Class<? extends TaskSettings> type = types.get(c.type());
        if (type == null) {
            throw new ConfigException(source + ": field 'task.type': expected one of " + list + ", got '" + c.type() + "'");
        }
        try {
            return new TaskConfig(c.type(), YAML.treeToValue(own, type), c.noise(), c.lambda());
        } catch (UnrecognizedPropertyException e) {
            String fields = java.util.Arrays.stream(type.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                    .collect(Collectors.joining(", "));
            String field = e.getPropertyName();
            boolean another = types.values().stream().flatMap(t -> java.util.Arrays.stream(t.getRecordComponents()))
                    .anyMatch(rc -> rc.getName().equals(field));
            throw new ConfigException(source + (another ? ": field 'task." + field + "' does not apply to task type '" + c.type()
                    + "'; remove it" : ": unknown field 'task." + field + "'") + " (task type '" + c.type() + "' has: "
                    + (fields.isEmpty() ? "" : fields + ", ") + "noise, lambda)");
        } catch (JsonProcessingException e) {
            throw error(e, source, "task.");
        }
    }

    /** One line naming the file and the field path ({@code prefix} + Jackson's path). */
    private static ConfigException error(JsonProcessingException e, String source, String prefix) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : " (known: "
                    + u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")";
            return new ConfigException(source + ": unknown field '" + prefix + path(u) + "'" + known);
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(source + ": field '" + prefix + path(f) + "': expected " + typeName(f.getTargetType())
                    + ", got '" + f.getValue() + "'");
        }
        if (e instanceof MismatchedInputException m) {
            return new ConfigException(source + ": field '" + prefix + path(m) + "': expected " + typeName(m.getTargetType()));
        }
        String field = e instanceof JsonMappingException jm && !jm.getPath().isEmpty() ? prefix + path(jm) : parserPath(e);
        String msg = e.getOriginalMessage().lines().findFirst().orElse("").replaceFirst(
                "^Numeric value \\((.*)\\) out of range of (\\w+).*", "$1 is out of range (expected an $2)");
        return new ConfigException(source + (field.isEmpty() || field.equals("?") ? "" : ": field '" + field + "'") + ": " + msg);
    }

    /** The field path where a low-level parser error happened (read from the tree parser's context). */
    private static String parserPath(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (!(e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p)) return "?";
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (var ctx = p.getParsingContext(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.getCurrentName() != null) parts.add(0, ctx.getCurrentName());
            else if (ctx.inArray()) parts.add(0, "[" + ctx.getCurrentIndex() + "]");
        }
        return String.join(".", parts).replace(".[", "[");
    }

    /**
     * Returns a copy of {@code tree} with the dotted {@code path} set to {@code value}; the path must
     * name a config field, or a key under a free-form map field such as {@code model.options}.
     */
    public static JsonNode set(JsonNode tree, String path, JsonNode value, String source) {
        ObjectNode root = ((ObjectNode) tree).deepCopy();
        String[] parts = path.split("\\.", -1);
        for (String p : parts) {
            if (p.isEmpty()) throw new ConfigException(source + ": '" + path + "' is not a field path (expected e.g. train.lr)");
        }
        Class<?> type = RunConfig.class;
        ObjectNode node = root;
        for (int i = 0; i < parts.length; i++) {
            Class<?> fieldType = type == null || type == TaskConfig.class ? Object.class : fieldType(type, parts[i]);
            if (fieldType == null) {
                throw new ConfigException(source + ": unknown field '" + path + "'");
            }
            if (i == parts.length - 1) {
                node.set(parts[i], value);
            } else {
                boolean map = java.util.Map.class.isAssignableFrom(fieldType) || type == null || fieldType == TaskConfig.class;
                if (!fieldType.isRecord() && !map) throw new ConfigException(source + ": unknown field '" + path + "'");
                JsonNode child = node.get(parts[i]);
                if (child == null || !child.isObject()) {
                    child = node.putObject(parts[i]);
                }
                node = (ObjectNode) child;
                type = fieldType == TaskConfig.class ? TaskConfig.class : map ? null : fieldType;
            }
        }
        return root;
    }

    private static Class<?> fieldType(Class<?> record, String name) {
        for (var c : record.getRecordComponents()) {
            if (c.getName().equals(name)) return c.getType();
        }
        return null;
    }

    public static JsonNode parseScalar(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            return YAML.getNodeFactory().textNode(text);
        }
    }

    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String typeName(Class<?> t) {
        if (t == null) return "a different value";
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "an integer";
        if (t == Double.class || t == double.class) return "a number";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (t == String.class) return "a string";
        if (java.util.List.class.isAssignableFrom(t)) return "a list";
        if (t.isRecord()) return "a mapping (section)";
        return t.getSimpleName();
    }
}

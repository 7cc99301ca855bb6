package org.rnd4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.OperatorSpec;

/**
 * A stored compressed-sensing matrix (a learned one: seeded matrices are never stored) written
 * once per checkpoint. Every RND projection of a graph, its {@code A†y} layer and the state carry
 * the operator's spec; with the matrix inline that is a dozen copies as JSON text (19 MB for
 * block 33, ratio 0.25). {@link #externalize} replaces each copy by {@value #MARKER} and returns
 * the one matrix, stored in the zip as {@value #ENTRY}; {@link #internalize} puts it back before
 * anything parses the JSON, with the number of copies it may expand to bounded.
 */
final class SharedMatrix {
    static final String ENTRY = "cs-matrix.bin";
    static final String MARKER = "@" + ENTRY;
    /** Values the copies of a matrix may expand to when read (a crafted file could name it many times). */
    static final long MAX_EXPANDED = 1L << 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON documents with the matrix replaced by {@link #MARKER}, and that matrix (null: left as they were). */
    record Externalized(String[] json, float[] matrix) {}

    private SharedMatrix() {}

    /**
     * Moves the CS matrix out of {@code docs} when they hold one and every copy is the same (a
     * checkpoint holds one operator); otherwise returns them unchanged.
     */
    static Externalized externalize(String... docs) throws IOException {
        float[] matrix = null;
        JsonNode[] trees = new JsonNode[docs.length];
        List<ObjectNode> holders = new ArrayList<>();
        for (int i = 0; i < docs.length; i++) {
            if (docs[i] == null || !docs[i].contains("\"matrix\"")) continue;
            trees[i] = JSON.readTree(docs[i]);
            for (ObjectNode spec : csSpecs(trees[i])) {
                JsonNode m = spec.get("matrix");
                if (m == null || !m.isArray()) continue;
                float[] values = new float[m.size()];
                for (int k = 0; k < values.length; k++) values[k] = m.get(k).floatValue();
                if (matrix == null) {
                    matrix = values;
                } else if (!Arrays.equals(matrix, values)) {
                    return new Externalized(docs, null);
                }
                holders.add(spec);
            }
        }
        if (matrix == null) return new Externalized(docs, null);
        for (ObjectNode spec : holders) spec.set("matrix", TextNode.valueOf(MARKER));
        String[] out = docs.clone();
        for (int i = 0; i < docs.length; i++) if (trees[i] != null) out[i] = JSON.writeValueAsString(trees[i]);
        return new Externalized(out, matrix);
    }

    /** Where {@link #internalize} gets the stored matrix: {@code expected} values, or null when the file has none. */
    interface Source {
        float[] values(long expected) throws IOException;
    }

    /**
     * {@code json} with every {@link #MARKER} replaced by the matrix from {@code source}, asked for it (once) only when
     * a spec names it, with the size that spec's block and ratio give.
     *
     * @throws IOException one line when the JSON names a matrix the file lacks, names another one, gives a block or ratio
     *                     out of range, or names it more often than can be expanded
     */
    static String internalize(String json, Source source, Path file, String entry) throws IOException {
        if (!json.contains("\"matrix\"")) return json;
        JsonNode tree = JSON.readTree(json);
        float[] matrix = null;
        long expanded = 0;
        for (ObjectNode spec : csSpecs(tree)) {
            JsonNode m = spec.get("matrix");
            if (m == null || !m.isTextual()) continue;
            if (!MARKER.equals(m.asText())) {
                throw new IOException("checkpoint " + file + ": " + entry + " names sampling matrix '" + m.asText()
                        + "' but the file holds only " + MARKER);
            }
            if (matrix == null) {
                matrix = source.values(expectedValues(spec, file));
                if (matrix == null) {
                    throw new IOException("checkpoint " + file + ": " + entry + " names sampling matrix '" + MARKER
                            + "' but the file has no " + ENTRY);
                }
            }
            expanded += matrix.length;
            if (expanded > MAX_EXPANDED) {
                throw new IOException("checkpoint " + file + ": " + entry + " names its sampling matrix more often than a model can"
                        + " (over " + MAX_EXPANDED + " values); refusing to expand it");
            }
            ArrayNode a = spec.putArray("matrix");
            for (float v : matrix) a.add(v);
        }
        return matrix != null ? JSON.writeValueAsString(tree) : json;
    }

    /** The number of values a matrix for {@code spec}'s block and ratio has. */
    private static long expectedValues(ObjectNode spec, Path file) throws IOException {
        int block = spec.path("block").asInt();
        double ratio = spec.path("ratio").asDouble();
        if (block < 1 || block > OperatorSpec.MAX_BLOCK || !(ratio > 0 && ratio <= 1)) {
            throw new IOException("checkpoint " + file + ": a CS operator names the stored sampling matrix with block " + block
                    + " and ratio " + ratio + " (expected block 1-" + OperatorSpec.MAX_BLOCK + ", ratio in (0, 1])");
        }
        return (long) CompressedSensing.rowsFor(block, ratio) * block * block;
    }

    /** Every object with {@code "kind": "cs"}. */
    private static List<ObjectNode> csSpecs(JsonNode root) {
        List<ObjectNode> found = new ArrayList<>();
        java.util.Deque<JsonNode> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n instanceof ObjectNode o && OperatorSpec.CS.equals(o.path("kind").asText(null))) found.add(o);
            if (n.isContainerNode()) n.forEach(todo::push);
        }
        return found;
    }
}

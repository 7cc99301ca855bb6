package org.rnd4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;
import org.rnd4j.operator.OperatorSpec;

/** A reference case from {@code src/test/resources/golden} (computed with the original PyTorch formulas). */
public final class Golden {
    public final String name;
    public final JsonNode params;
    private final JsonNode tensors;

    private Golden(String name, JsonNode root) {
        this.name = name;
        this.params = root.get("params");
        this.tensors = root.get("tensors");
    }

    /** Every golden case, for {@code @MethodSource("org.rnd4j.Golden#names")}. */
    public static java.util.stream.Stream<String> names() {
        return java.util.stream.Stream.of("sr_avgpool_x2", "sr_avgpool_x4", "sr_avgpool_x2_rect", "colorization",
                "colorization_luma", "cs_block4_r25", "cs_block4_r50");
    }

    public static Golden load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name + ".json")) {
            if (in == null) throw new IllegalStateException("missing golden file " + name);
            return new Golden(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public INDArray tensor(String key) {
        return tensor(tensors.get(key));
    }

    /** A {@code {"shape": [...], "data": [...]}} node (C order) as a float array. */
    public static INDArray tensor(JsonNode t) {
        long[] shape = new long[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) shape[i] = t.get("shape").get(i).asLong();
        JsonNode d = t.get("data");
        float[] data = new float[d.size()];
        for (int i = 0; i < data.length; i++) data[i] = Float.parseFloat(d.get(i).asText());
        return Nd4j.create(data, shape, 'c');
    }

    /** Observation-shaped tensors in rnd4j's layout: CS {@code [N·C, q, h, w]} becomes {@code [N, C·q, h, w]}. */
    public INDArray observation(String key) {
        INDArray t = tensor(key);
        if ("cs".equals(params.get("task").asText())) {
            int c = params.get("channels").asInt();
            return t.reshape('c', t.size(0) / c, c * t.size(1), t.size(2), t.size(3));
        }
        return t;
    }

    public Degradation operator() {
        String task = params.get("task").asText();
        return switch (task) {
            case "sr" -> Operators.create(OperatorSpec.sr(params.get("scale").asInt()));
            case "colorization" -> {
                JsonNode c = params.get("coefficients");
                yield Operators.create(OperatorSpec.colorization(c.get(0).asDouble(), c.get(1).asDouble(), c.get(2).asDouble()));
            }
            case "cs" -> {
                INDArray w = tensor("weight");
                yield CompressedSensing.fromMatrix(params.get("block").asInt(), params.get("ratio").asDouble(),
                        params.get("seed").asLong(), params.get("channels").asInt(), w.data().asFloat());
            }
            default -> throw new IllegalStateException(task);
        };
    }
}

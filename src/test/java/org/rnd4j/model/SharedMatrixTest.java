package org.rnd4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnd4j.operator.OperatorSpec;

/** A learned CS matrix is stored once per checkpoint and put back bit for bit; a file naming a matrix it lacks is refused. */
class SharedMatrixTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FILE = Path.of("model.zip");

    static OperatorSpec spec(float[] m) {
        OperatorSpec s = OperatorSpec.cs(4, 0.25, 7);
        s.setMatrix(m);
        return s;
    }

    static float[] matrix(long seed) {
        Random r = new Random(seed);
        float[] m = new float[4 * 16];
        for (int i = 0; i < m.length; i++) m[i] = (float) r.nextGaussian() * (i % 7 == 0 ? 1e-30f : 1f);
        m[1] = Math.nextUp(0.1f);
        return m;
    }

    @Test
    void everyCopyBecomesOneMarkerAndComesBackExactly() throws Exception {
        float[] m = matrix(1);
        String graph = JSON.writeValueAsString(Map.of("a", spec(m), "b", Map.of("inner", spec(m))));
        String state = JSON.writeValueAsString(Map.of("operator", spec(m)));
        SharedMatrix.Externalized e = SharedMatrix.externalize(graph, state);
        assertThat(e.matrix()).isEqualTo(m);
        assertThat(e.json()[0].split(SharedMatrix.MARKER, -1)).hasSize(3);
        assertThat(e.json()[0].length()).isLessThan(graph.length() / 2);
        long[] asked = new long[2];
        SharedMatrix.Source source = expected -> {
            asked[0] = expected;
            asked[1]++;
            return e.matrix();
        };
        String back = SharedMatrix.internalize(e.json()[0], source, FILE, "configuration.json");
        assertThat(asked).as("the spec's block and ratio give its size; asked once for two copies").containsExactly(m.length, 1);
        assertThat(JSON.readTree(back)).isEqualTo(JSON.readTree(graph));
        OperatorSpec restored = JSON.treeToValue(JSON.readTree(SharedMatrix.internalize(e.json()[1], source, FILE, "state"))
                .get("operator"), OperatorSpec.class);
        assertThat(restored.getMatrix()).isEqualTo(m);
    }

    @Test
    void seededOrDifferingMatricesStayAsTheyWere() throws Exception {
        String seeded = JSON.writeValueAsString(Map.of("a", OperatorSpec.cs(4, 0.25, 7)));
        assertThat(SharedMatrix.externalize(seeded).matrix()).isNull();
        String two = JSON.writeValueAsString(Map.of("a", spec(matrix(1)), "b", spec(matrix(2))));
        SharedMatrix.Externalized e = SharedMatrix.externalize(two);
        assertThat(e.matrix()).isNull();
        assertThat(e.json()[0]).isEqualTo(two);
    }

    @Test
    void aMarkerWithoutItsMatrixOrNamedTooOftenIsRefused() throws Exception {
        String named = SharedMatrix.externalize(JSON.writeValueAsString(Map.of("a", spec(matrix(1))))).json()[0];
        assertThatThrownBy(() -> SharedMatrix.internalize(named, n -> null, FILE, "configuration.json"))
                .hasMessageContaining("model.zip").hasMessageContaining("has no " + SharedMatrix.ENTRY);
        assertThatThrownBy(() -> SharedMatrix.internalize(named.replace(SharedMatrix.MARKER, "@other.bin"), n -> matrix(1), FILE, "x"))
                .hasMessageContaining("@other.bin");
        float[] big = new float[(int) (SharedMatrix.MAX_EXPANDED / 3) + 1];
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 3; i++) many.append(i > 0 ? "," : "").append("{\"kind\":\"cs\",\"block\":4,\"ratio\":0.25,\"matrix\":\"")
                .append(SharedMatrix.MARKER).append("\"}");
        String crafted = many.append("]").toString();
        assertThatThrownBy(() -> SharedMatrix.internalize(crafted, n -> big, FILE, "configuration.json"))
                .hasMessageContaining("refusing to expand");
        assertThatThrownBy(() -> SharedMatrix.internalize(crafted.replace("\"block\":4", "\"block\":4000"), n -> big, FILE, "x"))
                .hasMessageContaining("block 4000");
    }
}

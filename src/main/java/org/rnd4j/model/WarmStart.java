package org.rnd4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code model.warmStart}: copies a checkpoint's parameters into a freshly built graph, layer by
 * layer, wherever the layer name and every parameter shape agree (EDSR starts its ×3 and ×4 models
 * from the ×2 one the same way: the residual body carries over, the scale-specific upsampler does
 * not). The optimizer state is not copied.
 */
public final class WarmStart {
    private WarmStart() {}

    /** What was copied and what kept its initialisation, by layer name. */
    public record Copied(List<String> copied, List<String> fresh) {
        /** One line for the run's header. */
        public String describe(String from) {
            return "warm start from " + from + ": " + copied.size() + " of " + (copied.size() + fresh.size()) + " layers copied"
                    + (fresh.isEmpty() ? "" : ", fresh " + fresh);
        }
    }

    /** Copies from the rnd4j checkpoint {@code from} into {@code graph}; refuses a checkpoint that shares no layer with it. */
    public static Copied apply(ComputationGraph graph, Path from) throws IOException {
        ComputationGraph src;
        try {
            src = Checkpoint.loadModel(from);
        } catch (IOException e) {
            throw new IOException("model.warmStart: " + e.getMessage(), e);
        }
        return copy(src, graph, from.toString());
    }

    /** Copies every layer of {@code to} whose name and parameter shapes {@code src} shares. */
    static Copied copy(ComputationGraph src, ComputationGraph to, String from) {
        List<String> copied = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (GraphVertex v : to.getVertices()) {
            if (v.numParams() == 0) continue;
            GraphVertex s = src.getVertex(v.getVertexName());   // null where src has no such vertex
            Map<String, INDArray> source = s == null ? null : s.paramTable(false), target = v.paramTable(false);
            if (source != null && sameShapes(source, target)) {
                source.forEach((k, p) -> target.get(k).assign(p));
                copied.add(v.getVertexName());
            } else {
                fresh.add(v.getVertexName());
            }
        }
        if (copied.isEmpty()) {
            throw new IllegalArgumentException("model.warmStart: " + from + " has no layer with the name and parameter shapes of"
                    + " one of the configured backbone's " + fresh);
        }
        return new Copied(List.copyOf(copied), List.copyOf(fresh));
    }

    private static boolean sameShapes(Map<String, INDArray> a, Map<String, INDArray> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (Map.Entry<String, INDArray> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue().shape(), b.get(e.getKey()).shape())) return false;
        }
        return true;
    }
}

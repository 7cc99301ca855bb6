package org.rnd4j.layer.internal;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;

/**
 * Decides, once per graph, which eager runtimes hand an input gradient back in NHWC memory
 * instead of dense NCHW memory. A convolution wants its output gradient in NHWC (libnd4j's
 * {@code conv2d_bp} needs dense arrays, and gets wrong results from strided views in M2.1), so a
 * layer whose input is a convolution's output writes that gradient in NHWC and saves the
 * convolution a layout copy. Only where the convolution's output has no other consumer: DL4J sums
 * the gradients of a vertex with several consumers in place, which libnd4j runs several times
 * slower on NHWC-backed views. A network input's gradient comes back in NHWC too.
 */
final class GradientLayouts {
    private GradientLayouts() {}

    /**
     * Sets the layouts of every eager runtime in {@code graph} and marks its eager vertices planned,
     * so the first of them to run plans for all; called again, it sets the same.
     */
    static void plan(ComputationGraph graph) {
        for (GraphVertex v : graph.getVertices()) {
            if (v instanceof EagerVertex ev) ev.planned = true;
            VertexIndices[] in = v.getInputVertices();
            if (in == null) continue;
            if (v instanceof AddRuntime add) {
                boolean[] nhwc = new boolean[in.length];
                for (int i = 0; i < in.length; i++) {
                    nhwc[i] = isLoneConvolution(graph, in[i]);
                }
                add.setNhwcGradients(nhwc);
            } else if (v.hasLayer() && in.length == 1) {
                Layer l = v.getLayer();
                // a network input's gradient is not summed by DL4J (and usually not read at all)
                boolean nhwc = isLoneConvolution(graph, in[0]) || graph.getVertices()[in[0].getVertexIndex()].isInputVertex();
                if (l instanceof ConvRuntime || l instanceof ShuffleRuntime || l instanceof SoftThresholdRuntime) ((EagerLayer) l).setNhwcGradient(nhwc);
            }
        }
    }

    /** Whether the vertex is an eager convolution (NHWC output) whose output has one consumer. */
    private static boolean isLoneConvolution(ComputationGraph graph, VertexIndices vi) {
        GraphVertex u = graph.getVertices()[vi.getVertexIndex()];
        return u.hasLayer() && u.getLayer() instanceof ConvRuntime && u.getNumOutputConnections() == 1;
    }
}

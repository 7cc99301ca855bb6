package org.rnd4j.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.rnd4j.layer.LearnedSampling;
import org.rnd4j.layer.PinvLayer;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.layer.SubspaceProjection;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.generator.SamplingMatrices;

/**
 * Block compressed sensing with a learned sampling matrix ({@code task.learnA}). {@link #training}
 * turns a graph built for the task's fixed operator (input {@code y}) into one that learns
 * {@code A}: its input is the ground-truth image {@value #IMAGE}, a {@link LearnedSampling} vertex
 * {@value #MATRIX} holds {@code A}, and every {@link PinvLayer} / {@link RndVertex} on {@code y}
 * becomes a {@link SubspaceProjection} ({@code A†y = Π x}: the network sees the image only through
 * what the measurements determine). {@link #freeze} turns it back into an ordinary graph on
 * {@code y} whose operator carries the learned matrix, with orthonormal rows spanning the same
 * space (the same {@code A†A}, so the same outputs), which eval, infer, degrade and export use
 * unchanged.
 */
public final class LearnedSamplingGraphs {
    /** The training graph's input: the ground-truth image. */
    public static final String IMAGE = "x";
    /** The learned matrix's vertex. */
    public static final String MATRIX = "A";

    private LearnedSamplingGraphs() {}

    /** A learned-matrix graph and the fixed operator with the matrix it holds now. */
    public record Frozen(ComputationGraph graph, CompressedSensing operator) {}

    /** Whether {@code c} learns its sampling matrix (its input is then the ground-truth image). */
    public static boolean isLearned(ComputationGraphConfiguration c) {
        return c.getVertices().values().stream().anyMatch(v -> v instanceof LearnedSampling);
    }

    /**
     * The learned-matrix form of {@code conf}, a graph on the observation of {@code op}, starting from {@code op}'s matrix.
     *
     * @throws IllegalArgumentException when a vertex other than {@code A†y} or the RND projection reads the observation
     */
    public static ComputationGraphConfiguration training(ComputationGraphConfiguration conf, CompressedSensing op) {
        ComputationGraphConfiguration c = conf.clone();
        if (!c.getNetworkInputs().equals(List.of(RndGraphs.INPUT))) {
            throw new IllegalArgumentException("task.learnA needs a graph with the one input '" + RndGraphs.INPUT + "', got " + c.getNetworkInputs());
        }
        if (c.getVertices().containsKey(IMAGE) || c.getVertices().containsKey(MATRIX)) {
            throw new IllegalArgumentException("task.learnA: the backbone already has a vertex named '" + IMAGE + "' or '" + MATRIX + "'");
        }
        int block = op.block(), rows = op.rows();
        Map<String, GraphVertex> vertices = c.getVertices();
        Map<String, List<String>> inputs = c.getVertexInputs();
        for (String name : new ArrayList<>(vertices.keySet())) {
            List<String> in = inputs.get(name);
            if (in == null || !in.contains(RndGraphs.INPUT)) continue;
            GraphVertex v = vertices.get(name);
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof PinvLayer && in.size() == 1) {
                vertices.put(name, SubspaceProjection.pinv(block, rows));
                inputs.put(name, List.of(IMAGE, MATRIX));
            } else if (v instanceof RndVertex && in.size() == 2 && in.get(1).equals(RndGraphs.INPUT)) {
                vertices.put(name, new SubspaceProjection(block, rows));
                inputs.put(name, List.of(in.get(0), IMAGE, MATRIX));
            } else {
                throw new IllegalArgumentException("task.learnA: vertex '" + name + "' reads the observation y directly; a learned"
                        + " matrix needs a backbone that starts from A†y (unfolded, resnet, resunet)");
            }
        }
        LearnedSampling matrix = new LearnedSampling(block, rows, op.matrix());
        applyGlobalSettings(conf, matrix);
        vertices.put(MATRIX, matrix);
        inputs.put(MATRIX, List.of(IMAGE));
        c.setNetworkInputs(new ArrayList<>(List.of(IMAGE)));
        c.setTopologicalOrder(null);
        c.setTopologicalOrderStr(null);
        return c;
    }

    /**
     * The updater, regularization and gradient normalization DL4J's graph builder gives every
     * SameDiff vertex and layer, taken from one already in {@code conf} (the vertex is added after
     * {@code build()}).
     */
    private static void applyGlobalSettings(ComputationGraphConfiguration conf, SameDiffVertex to) {
        for (GraphVertex v : conf.getVertices().values()) {
            Settings from = null;
            if (v instanceof SameDiffVertex sv) {
                from = new Settings(sv.getUpdater(), sv.getBiasUpdater(), sv.getRegularization(), sv.getRegularizationBias(),
                        sv.getGradientNormalization(), sv.getGradientNormalizationThreshold());
            } else if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof AbstractSameDiffLayer l) {
                from = new Settings(l.getUpdater(), l.getBiasUpdater(), l.getRegularization(), l.getRegularizationBias(),
                        l.getGradientNormalization(), l.getGradientNormalizationThreshold());
            }
            if (from == null || from.updater() == null) continue;
            to.setUpdater(from.updater().clone());
            to.setBiasUpdater(from.biasUpdater() == null ? null : from.biasUpdater().clone());
            to.setRegularization(from.regularization());
            to.setRegularizationBias(from.regularizationBias());
            to.setGradientNormalization(from.normalization());
            to.setGradientNormalizationThreshold(from.threshold());
            return;
        }
        throw new IllegalArgumentException("task.learnA: the graph has no SameDiff layer or vertex to take the updater settings from");
    }

    private record Settings(IUpdater updater, IUpdater biasUpdater, List<Regularization> regularization,
                            List<Regularization> regularizationBias, GradientNormalization normalization, double threshold) {}

    /**
     * The graph on {@code y} that computes what {@code training} computes now, with {@code base}'s block, ratio, seed and
     * channels and the learned matrix (orthonormalised rows), parameters copied.
     */
    public static Frozen freeze(ComputationGraph training, CompressedSensing base) {
        ComputationGraphConfiguration c = training.getConfiguration().clone();
        INDArray w = training.getVertex(MATRIX).paramTable(false).get("W").castTo(DataType.DOUBLE);
        double[][] rows = w.toDoubleMatrix();
        CompressedSensing op = CompressedSensing.fromMatrix(base.block(), base.ratio(), base.seed(), base.channels(),
                SamplingMatrices.orthonormalized(rows));
        Map<String, GraphVertex> vertices = c.getVertices();
        Map<String, List<String>> inputs = c.getVertexInputs();
        vertices.remove(MATRIX);
        inputs.remove(MATRIX);
        for (String name : new ArrayList<>(vertices.keySet())) {
            if (!(vertices.get(name) instanceof SubspaceProjection p)) continue;
            List<String> in = inputs.get(name);
            if (p.isPinvOnly()) {
                NeuralNetConfiguration layer = c.getDefaultConfiguration().clone();
                PinvLayer pinv = new PinvLayer(op.spec());
                pinv.setLayerName(name);
                layer.setLayer(pinv);
                vertices.put(name, new LayerVertex(layer, null));
                inputs.put(name, List.of(RndGraphs.INPUT));
            } else {
                vertices.put(name, new RndVertex(op.spec()));
                inputs.put(name, List.of(in.get(0), RndGraphs.INPUT));
            }
        }
        c.setNetworkInputs(new ArrayList<>(List.of(RndGraphs.INPUT)));
        c.setTopologicalOrder(null);
        c.setTopologicalOrderStr(null);
        ComputationGraph g = new ComputationGraph(c);
        g.init();
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex v : g.getVertices()) {
            Map<String, INDArray> dst = v.paramTable(false);
            if (dst == null || dst.isEmpty()) continue;
            Map<String, INDArray> src = training.getVertex(v.getVertexName()).paramTable(false);
            dst.forEach((k, a) -> a.assign(src.get(k)));
        }
        return new Frozen(g, op);
    }
}

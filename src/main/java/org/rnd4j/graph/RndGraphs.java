package org.rnd4j.graph;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.operator.Degradation;

/**
 * The frame of every rnd4j network, for backbones and for graphs built by hand in Java: the
 * shared global settings, the observation input {@value #INPUT}, and at the end the RND
 * projection {@value #ESTIMATE} {@code = RndVertex(x_r, y)} followed by the per-pixel MSE loss
 * layer {@value #OUTPUT}.
 *
 * <pre>{@code
 * GraphBuilder g = RndGraphs.start(op, 24, 24, new Adam(1e-3), 0, 42);
 * g.addLayer("c1", new SdConv2d(3, 32, 3, true), RndGraphs.INPUT);
 * ...                                               // layers that end in an image-space estimate "xr"
 * ComputationGraph net = new ComputationGraph(RndGraphs.finish(g, op, "xr", true));
 * net.init();
 * }</pre>
 */
public final class RndGraphs {
    /** The observation {@code y}. */
    public static final String INPUT = "y";
    /** The RND projection, {@code x̂}. */
    public static final String ESTIMATE = "estimate";
    /** The loss layer (its inference output is the estimate it reads). */
    public static final String OUTPUT = "out";

    private RndGraphs() {}

    /**
     * Global settings every rnd4j graph shares: float32, the given updater, decoupled weight decay
     * (when positive), the seed, and workspaces for training and inference.
     */
    public static ComputationGraphConfiguration.GraphBuilder builder(IUpdater updater, double weightDecay, long seed) {
        return builder(new Training(updater, weightDecay, seed, 0, "mse"));
    }

    /** {@link #builder(IUpdater, double, long)} with per-layer gradient-norm clipping when {@code t.clipNorm() > 0}. */
    public static ComputationGraphConfiguration.GraphBuilder builder(Training t) {
        NeuralNetConfiguration.Builder nb = new NeuralNetConfiguration.Builder()
                .seed(t.seed())
                .dataType(DataType.FLOAT)
                .updater(t.updater())
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        if (t.weightDecay() > 0) {
            nb.weightDecay(t.weightDecay(), true);
        }
        if (t.clipNorm() > 0) {
            nb.gradientNormalization(org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(t.clipNorm());
        }
        return nb.graphBuilder();
    }

    /** {@link #builder} with the observation input {@value #INPUT} of size {@code obsH × obsW} declared. */
    public static ComputationGraphConfiguration.GraphBuilder start(Degradation op, long obsH, long obsW, IUpdater updater,
                                                                   double weightDecay, long seed) {
        return start(op, obsH, obsW, new Training(updater, weightDecay, seed, 0, "mse"));
    }

    /** {@link #builder(Training)} with the observation input declared. */
    public static ComputationGraphConfiguration.GraphBuilder start(Degradation op, long obsH, long obsW, Training t) {
        return builder(t)
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(obsH, obsW, op.observationChannels(3)));
    }

    /**
     * Appends the projection (when {@code rnd}) and the loss after the vertex {@code xr} that holds
     * the backbone's image estimate, and builds the configuration.
     *
     * @throws IllegalArgumentException with DL4J's reason when the graph does not build (e.g. the
     *                                  estimate's shape does not fit the operator)
     */
    public static ComputationGraphConfiguration finish(ComputationGraphConfiguration.GraphBuilder g, Degradation op, String xr,
                                                       boolean rnd) {
        return finish(g, op, xr, rnd, "mse");
    }

    /** {@link #finish(ComputationGraphConfiguration.GraphBuilder, Degradation, String, boolean)} with the pixel loss {@code loss}. */
    public static ComputationGraphConfiguration finish(ComputationGraphConfiguration.GraphBuilder g, Degradation op, String xr,
                                                       boolean rnd, String loss) {
        String estimate = xr;
        if (rnd) {
            estimate = ESTIMATE;
            g.addVertex(estimate, new RndVertex(op.spec()), xr, INPUT);
        }
        g.addLayer(OUTPUT, loss(loss), estimate);
        g.setOutputs(OUTPUT);
        try {
            return g.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The default training loss: per-pixel MSE on the image estimate. */
    public static org.deeplearning4j.nn.conf.layers.Layer loss() {
        return loss("mse");
    }

    /** The loss layer {@code train.loss} names ({@link org.rnd4j.loss.Losses}: {@code mse}, {@code l1}, {@code charbonnier} or a plugin's). */
    public static org.deeplearning4j.nn.conf.layers.Layer loss(String kind) {
        return org.rnd4j.loss.Losses.layer(kind);
    }

    /** The vertex whose output is the image estimate: the single input of the graph's loss layer. */
    public static String estimateOf(ComputationGraphConfiguration c) {
        List<String> outputs = c.getNetworkOutputs();
        if (outputs.size() != 1 || !(c.getVertices().get(outputs.get(0)) instanceof LayerVertex)) {
            throw new IllegalArgumentException("expected one output layer, got " + outputs);
        }
        List<String> in = c.getVertexInputs().get(outputs.get(0));
        if (in == null || in.size() != 1) {
            throw new IllegalArgumentException("the output layer " + outputs.get(0) + " should read one vertex, reads " + in);
        }
        return in.get(0);
    }
}

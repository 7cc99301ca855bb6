package org.rnd4j.backbone;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.rnd4j.layer.MseLoss;
import org.rnd4j.layer.PinvLayer;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.layer.SdConv2d;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.SuperResolution;

/**
 * Registry of restoration backbones, each a {@code ComputationGraph} of rnd4j layers (defined in
 * SameDiff, run by their eager runtimes, every convolution through oneDNN) with input
 * {@value #INPUT} = the observation {@code y} and, when {@link BackboneSpec#rnd()} is set, the
 * {@link RndVertex} as the last vertex before the {@link MseLoss}. All backbones learn a residual
 * over {@code A†y}.
 *
 * <ul>
 *   <li>{@code edsr} (SR): EDSR-baseline on the low-resolution input, pixel shuffle by the scale;</li>
 *   <li>{@code resnet} (colorization, CS, any operator): residual conv net in image space,
 *       starting from {@code A†y} (CSNet-style for CS).</li>
 * </ul>
 */
public final class Backbones {
    public static final String INPUT = "y";
    public static final String OUTPUT = "out";
    /** The vertex that holds x̂ (or x_r without RND): evaluation reads activations here. */
    public static final String ESTIMATE = "estimate";
    public static final List<String> NAMES = List.of("edsr", "resnet");

    private Backbones() {}

    /** The backbone registered under {@code name}, for an operator, or a clear error. */
    public static void checkName(String name, Degradation op) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown backbone '" + name + "'; expected one of " + NAMES);
        }
        if (name.equals("edsr") && !(op instanceof SuperResolution)) {
            throw new IllegalArgumentException("backbone 'edsr' is for super-resolution; use 'resnet' for " + op.describe());
        }
    }

    /**
     * Builds the graph configuration.
     *
     * @param obsH observation height of a training batch (used for shape checks only)
     */
    public static ComputationGraphConfiguration build(BackboneSpec spec, Degradation op, long obsH, long obsW,
                                                      IUpdater updater, double weightDecay, long seed) {
        checkName(spec.name(), op);
        if (spec.feats() < 1 || spec.blocks() < 0) {
            throw new IllegalArgumentException("backbone needs feats >= 1 and blocks >= 0, got feats=" + spec.feats()
                    + " blocks=" + spec.blocks());
        }
        ComputationGraphConfiguration.GraphBuilder g = graphBuilder(updater, weightDecay, seed)
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(obsH, obsW, op.observationChannels(3)));
        long f = spec.feats();
        g.addLayer("init", new PinvLayer(op.spec()), INPUT);
        String features;
        if (spec.name().equals("edsr")) {
            int s = ((SuperResolution) op).scale();
            g.addLayer("head", new SdConv2d(3, f, 3, false), INPUT);
            String last = body(g, "head", f, spec.blocks());
            g.addLayer("up", new SdConv2d(f, 3L * s * s, 3, false).initScale(0.1), last);
            g.addLayer("shuffle", new PixelShuffle(s), "up");
            features = "shuffle";
        } else {
            g.addLayer("head", new SdConv2d(3, f, 3, false), "init");
            String last = body(g, "head", f, spec.blocks());
            g.addLayer("tail", new SdConv2d(f, 3, 3, false).initScale(0.1), last);
            features = "tail";
        }
        g.addVertex(spec.rnd() ? "xr" : ESTIMATE, new ResidualAdd(), features, "init");
        if (spec.rnd()) {
            g.addVertex(ESTIMATE, new RndVertex(op.spec()), "xr", INPUT);
        }
        g.addLayer(OUTPUT, mseLoss(),
                ESTIMATE);
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /**
     * Global settings every rnd4j graph shares: float32, the given updater, decoupled weight decay
     * (when positive), the seed, and workspaces for training and inference.
     */
    public static ComputationGraphConfiguration.GraphBuilder graphBuilder(IUpdater updater, double weightDecay, long seed) {
        NeuralNetConfiguration.Builder nb = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        if (weightDecay > 0) {
            nb.weightDecay(weightDecay, true);
        }
        return nb.graphBuilder();
    }

    /** The training loss of every rnd4j graph: per-pixel MSE on the image estimate. */
    public static MseLoss mseLoss() {
        return new MseLoss();
    }

    /**
     * The benchmark's reference SR network (see {@code bench/}): conv 3→F + ReLU, {@code blocks}
     * residual blocks (conv, ReLU, conv, skip), conv F→3s², pixel shuffle, RND, MSE. Its PyTorch
     * twin is {@code bench/pytorch_bench.py}.
     */
    public static ComputationGraphConfiguration reference(int scale, int feats, int blocks, boolean rnd, long obsH, long obsW,
                                                          IUpdater updater, long seed) {
        SuperResolution op = new SuperResolution(scale);
        ComputationGraphConfiguration.GraphBuilder g = graphBuilder(updater, 0, seed)
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(obsH, obsW, 3));
        g.addLayer("head", new SdConv2d(3, feats, 3, true), INPUT);
        String x = "head";
        for (int i = 0; i < blocks; i++) {
            g.addLayer("b" + i + "_c1", new SdConv2d(feats, feats, 3, true), x);
            g.addLayer("b" + i + "_c2", new SdConv2d(feats, feats, 3, false), "b" + i + "_c1");
            g.addVertex("b" + i, new ResidualAdd(), "b" + i + "_c2", x);
            x = "b" + i;
        }
        g.addLayer("up", new SdConv2d(feats, 3L * scale * scale, 3, false), x);
        g.addLayer(rnd ? "xr" : ESTIMATE, new PixelShuffle(scale), "up");
        if (rnd) {
            g.addVertex(ESTIMATE, new RndVertex(op.spec()), "xr", INPUT);
        }
        g.addLayer(OUTPUT, mseLoss(),
                ESTIMATE);
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /** {@code blocks} residual blocks (conv-ReLU-conv + skip) and a global skip around them. */
    private static String body(ComputationGraphConfiguration.GraphBuilder g, String in, long f, int blocks) {
        String x = in;
        for (int i = 0; i < blocks; i++) {
            g.addLayer("b" + i + "_c1", new SdConv2d(f, f, 3, true), x);
            g.addLayer("b" + i + "_c2", new SdConv2d(f, f, 3, false).initScale(0.1), "b" + i + "_c1");
            g.addVertex("b" + i, new ResidualAdd(), "b" + i + "_c2", x);
            x = "b" + i;
        }
        if (blocks > 0) {
            g.addLayer("body_end", new SdConv2d(f, f, 3, false), x);
            g.addVertex("body", new ResidualAdd(), "body_end", in);
            x = "body";
        }
        return x;
    }
}

package org.rnd4j.backbone;

import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.nd4j.linalg.activations.Activation;
import org.rnd4j.layer.BroadcastMul;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.SdConv2d;
import org.rnd4j.operator.Degradation;

/**
 * {@code edsr}: EDSR-baseline for super-resolution on the low-resolution input — a head
 * convolution, {@code blocks} residual blocks (conv, ReLU, conv, skip) and a global skip, a
 * convolution to {@code 3·s²} channels and a pixel shuffle by the scale, plus {@code A†y}: the
 * network learns a residual over the back-projection. Option {@code attention: r} (default 0, none)
 * makes each block RCAN's residual channel-attention block: the branch is scaled per channel by
 * sigmoid(1×1 conv(ReLU(1×1 conv to {@code feats/r}(global average)))), built from exact layers
 * (DL4J's global pooling and sigmoid, {@link SdConv2d}, {@link BroadcastMul}).
 */
public final class Edsr implements Backbone {
    @Override public String name() { return "edsr"; }

    @Override public String description() { return "EDSR-baseline (super-resolution): feats, blocks; options attention (0 = none, RCAN: 16)"; }

    @Override public Set<String> options() { return Set.of("attention"); }

    @Override
    public void check(Degradation op) {
        if (op.upscale() < 2) {
            throw new IllegalArgumentException("backbone 'edsr' is for super-resolution; use 'resnet' for " + op.describe());
        }
    }

    @Override
    public String build(BackboneContext ctx) {
        check(ctx.operator());
        int s = ctx.operator().upscale();
        long f = ctx.feats();
        ComputationGraphConfiguration.GraphBuilder g = ctx.graph();
        String init = ctx.pinv();
        g.addLayer("head", new SdConv2d(3, f, 3, false), ctx.input());
        int r = ctx.intOption("attention", 0);
        if (r < 0 || (r > 0 && f / r < 1)) throw ctx.bad("attention", "0 (none) or a reduction r with 1 <= feats/r", r);
        String last = residualBody(g, "head", f, ctx.blocks(), r);
        g.addLayer("up", new SdConv2d(f, 3L * s * s, 3, false).initScale(0.1), last);
        g.addLayer("shuffle", new PixelShuffle(s), "up");
        g.addVertex("xr", new ResidualAdd(), "shuffle", init);
        return "xr";
    }

    /**
     * One residual block {@code name}: conv-ReLU-conv (the second scaled by 0.1 at initialisation),
     * channel attention with reduction {@code r} when {@code r > 0}, + skip from {@code in}.
     */
    static String residualBlock(ComputationGraphConfiguration.GraphBuilder g, String name, String in, long f, int r) {
        g.addLayer(name + "_c1", new SdConv2d(f, f, 3, true), in);
        g.addLayer(name + "_c2", new SdConv2d(f, f, 3, false).initScale(0.1), name + "_c1");
        String branch = name + "_c2";
        if (r > 0) {
            g.addLayer(name + "_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(false).build(), branch);
            g.addLayer(name + "_down", new SdConv2d(f, f / r, 1, true), name + "_pool");
            g.addLayer(name + "_upc", new SdConv2d(f / r, f, 1, false), name + "_down");
            g.addLayer(name + "_att", new ActivationLayer.Builder().activation(Activation.SIGMOID).build(), name + "_upc");
            g.addVertex(name + "_ca", new BroadcastMul(), branch, name + "_att");
            branch = name + "_ca";
        }
        g.addVertex(name, new ResidualAdd(), branch, in);
        return name;
    }

    /** {@code blocks} residual blocks (with channel attention when {@code r > 0}) and a global skip around them. */
    static String residualBody(ComputationGraphConfiguration.GraphBuilder g, String in, long f, int blocks, int r) {
        String x = in;
        for (int i = 0; i < blocks; i++) x = residualBlock(g, "b" + i, x, f, r);
        if (blocks > 0) {
            g.addLayer("body_end", new SdConv2d(f, f, 3, false), x);
            g.addVertex("body", new ResidualAdd(), "body_end", in);
            x = "body";
        }
        return x;
    }
}

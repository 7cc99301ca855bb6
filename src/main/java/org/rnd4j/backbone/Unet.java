package org.rnd4j.backbone;

import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.SdConv2d;

/**
 * {@code resunet}: a residual U-Net in image space from {@code A†y}, for operators whose missing information
 * needs context far beyond a few pixels (colorization: the colour of a region depends on what it
 * is). {@code levels} (option, default 3) times 2× average pooling (3: a receptive field of about
 * 100 pixels, 4: about 200), each level a convolution and a residual block with {@code feats},
 * {@code 2·feats}, then {@code 4·feats} channels, {@code blocks} residual blocks at the coarsest
 * level, then back up by a convolution + pixel shuffle added to the skip of the same level; a tail
 * convolution to 3 channels plus {@code A†y}. Image sides must be multiples of {@code 2^levels}.
 *
 * <p>Option {@code multiplicative: true} makes the estimate {@code A†y ⊙ (1 + tail)} instead of
 * {@code A†y + tail}: for colorization the network then predicts colour relative to the gray level
 * (chromaticity), so a dark pixel gets proportionally little colour and a shaded surface the same
 * relative colour as a lit one. RND still decides what reaches the output: {@code A x̂ = y} holds
 * either way.
 */
public final class Unet implements Backbone {
    private static final int DEFAULT_LEVELS = 3;
    private static final int MAX_LEVELS = 5;

    @Override public String name() { return "resunet"; }

    @Override public String description() { return "U-Net in image space from A†y (any operator; sides a multiple of 2^levels): feats, blocks; options levels (3), multiplicative"; }

    @Override public int sizeMultiple() { return 1 << DEFAULT_LEVELS; }

    @Override public int sizeMultiple(Map<String, Object> options) { return 1 << levels(options); }

    @Override public Set<String> options() { return Set.of("multiplicative", "levels"); }

    private static int levels(Map<String, Object> options) {
        Object v = options == null ? null : options.get("levels");
        if (v == null) return DEFAULT_LEVELS;
        if (v instanceof Integer i && i >= 1 && i <= MAX_LEVELS) return i;
        throw new IllegalArgumentException("field 'model.options.levels' (backbone resunet): expected an integer from 1 to "
                + MAX_LEVELS + ", got '" + v + "'");
    }

    @Override
    public String build(BackboneContext ctx) {
        ComputationGraphConfiguration.GraphBuilder g = ctx.graph();
        String init = ctx.pinv();
        boolean mask = ctx.operator().maskChannel();
        int levels = levels(ctx.options());
        long[] c = new long[levels + 1];
        for (int i = 0; i <= levels; i++) c[i] = ctx.feats() * (1L << Math.min(i, 2));
        g.addLayer("head", new SdConv2d(mask ? ctx.operator().observationChannels(3) : 3, c[0], 3, true), mask ? ctx.input() : init);
        String[] skip = new String[levels + 1];
        skip[0] = Edsr.residualBlock(g, "e0", "head", c[0], 0);
        String x = skip[0];
        for (int i = 1; i <= levels; i++) {
            g.addLayer("pool" + i, new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build(), x);
            g.addLayer("down" + i, new SdConv2d(c[i - 1], c[i], 3, true), "pool" + i);
            skip[i] = Edsr.residualBlock(g, "e" + i, "down" + i, c[i], 0);
            x = skip[i];
        }
        for (int b = 0; b < ctx.blocks(); b++) x = Edsr.residualBlock(g, "m" + b, x, c[levels], 0);
        for (int i = levels; i >= 1; i--) {
            g.addLayer("up" + i, new SdConv2d(c[i], 4 * c[i - 1], 3, false), x);
            g.addLayer("shuffle" + i, new PixelShuffle(2), "up" + i);
            g.addVertex("skip" + i, new ResidualAdd(), "shuffle" + i, skip[i - 1]);
            g.addLayer("d" + i, new SdConv2d(c[i - 1], c[i - 1], 3, true), "skip" + i);
            x = "d" + i;
        }
        g.addLayer("tail", new SdConv2d(c[0], 3, 3, false).initScale(0.1), x);
        String residual = "tail";
        if (ctx.booleanOption("multiplicative", false)) {
            g.addVertex("relative", new ElementWiseVertex(ElementWiseVertex.Op.Product), "tail", init);
            residual = "relative";
        }
        g.addVertex("xr", new ResidualAdd(), residual, init);
        return "xr";
    }
}

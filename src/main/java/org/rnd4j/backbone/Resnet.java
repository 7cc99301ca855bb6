package org.rnd4j.backbone;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.SdConv2d;

/**
 * {@code resnet}: a residual convolution network in image space for any operator (colorization,
 * compressed sensing, deblurring, inpainting …), CSNet-style: it starts from {@code A†y} (for
 * inpainting from the masked image and its mask), runs a head convolution,
 * {@code blocks} residual blocks and a tail convolution to 3 channels, and adds {@code A†y}.
 */
public final class Resnet implements Backbone {
    @Override public String name() { return "resnet"; }

    @Override public String description() { return "residual CNN in image space from A†y (any operator): feats, blocks"; }

    @Override
    public String build(BackboneContext ctx) {
        long f = ctx.feats();
        ComputationGraphConfiguration.GraphBuilder g = ctx.graph();
        String init = ctx.pinv();
        // with a mask channel (inpainting) the head also reads the mask, so holes differ from black pixels
        boolean mask = ctx.operator().maskChannel();
        g.addLayer("head", new SdConv2d(mask ? ctx.operator().observationChannels(3) : 3, f, 3, false), mask ? ctx.input() : init);
        String last = Edsr.residualBody(g, "head", f, ctx.blocks(), 0);
        g.addLayer("tail", new SdConv2d(f, 3, 3, false).initScale(0.1), last);
        g.addVertex("xr", new ResidualAdd(), "tail", init);
        return "xr";
    }
}

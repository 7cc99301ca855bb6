package org.rnd4j.backbone;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.rnd4j.layer.Blend;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.layer.SdConv2d;
import org.rnd4j.layer.SoftThreshold;

/**
 * {@code unfolded}: an ISTA-Net⁺-style deep-unfolding network (Zhang and Ghanem, CVPR 2018) for
 * any linear operator, {@code blocks} phases from {@code x₀ = A†y}. Phase {@code k}: a step
 * toward consistency, {@code r = x + ρₖ·(P(x) − x)} with {@code P} the RND projection (so
 * {@code P(x) − x = −A†(A x − y)}: the gradient step {@code −ρ Aᵀ(A x − y)} where {@code A†} is
 * {@code Aᵀ}, as for block CS), then {@code x = r + G(F̃(soft(F(D r), θₖ)))} with {@code D},
 * {@code G} convolutions between the image and {@code feats} channels and {@code F}, {@code F̃}
 * conv–ReLU–conv transforms. {@code ρₖ} and {@code θₖ} are learned; rnd4j appends the final
 * projection. Every step uses the operator's own exact {@code A}, {@code A†}.
 */
public final class Unfolded implements Backbone {
    @Override public String name() { return "unfolded"; }

    @Override public String description() { return "ISTA-Net+-style unfolding with the operator's A, A† (any operator): feats, blocks = phases"; }

    @Override
    public String build(BackboneContext ctx) {
        if (ctx.blocks() < 1) throw new IllegalArgumentException("model.blocks: backbone 'unfolded' needs at least one phase, got " + ctx.blocks());
        long f = ctx.feats();
        ComputationGraphConfiguration.GraphBuilder g = ctx.graph();
        String x = ctx.pinv();
        for (int k = 1; k <= ctx.blocks(); k++) {
            String p = "p" + k;
            g.addVertex(p + "_proj", new RndVertex(ctx.operator().spec()), x, ctx.input());
            g.addVertex(p + "_r", new Blend(0.5), x, p + "_proj");
            g.addLayer(p + "_d", new SdConv2d(3, f, 3, false), p + "_r");
            g.addLayer(p + "_f1", new SdConv2d(f, f, 3, true), p + "_d");
            g.addLayer(p + "_f2", new SdConv2d(f, f, 3, false), p + "_f1");
            g.addLayer(p + "_soft", new SoftThreshold(0.01), p + "_f2");
            g.addLayer(p + "_b1", new SdConv2d(f, f, 3, true), p + "_soft");
            g.addLayer(p + "_b2", new SdConv2d(f, f, 3, false), p + "_b1");
            g.addLayer(p + "_g", new SdConv2d(f, 3, 3, false).initScale(0.1), p + "_b2");
            g.addVertex(p, new ResidualAdd(), p + "_g", p + "_r");
            x = p;
        }
        return x;
    }
}

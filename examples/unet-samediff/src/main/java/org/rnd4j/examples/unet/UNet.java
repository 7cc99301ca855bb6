package org.rnd4j.examples.unet;

import java.util.Set;
import org.rnd4j.backbone.Backbone;
import org.rnd4j.backbone.BackboneContext;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.operator.Degradation;

/**
 * The {@code unet} backbone plugin: {@link UNetBlock} (written in SameDiff) on the back-projection
 * A†y, learned as a residual over it. For image-space tasks whose sizes are multiples of 4, e.g.
 * compressed sensing with block 8 or 16.
 */
public final class UNet implements Backbone {
    @Override
    public String name() {
        return "unet";
    }

    @Override
    public String description() {
        return "two-level U-Net written in SameDiff, on A†y (example plugin)";
    }

    @Override
    public Set<String> options() {
        return Set.of("width");
    }

    @Override
    public void check(Degradation op) {
        if (op.spatialMultiple() % 4 != 0) {
            throw new IllegalArgumentException("unet pools twice by 2, so images must be multiples of 4; " + op.describe()
                    + " only guarantees multiples of " + op.spatialMultiple() + " (use it for cs with block 4, 8, 16 …)");
        }
    }

    @Override
    public String build(BackboneContext ctx) {
        String init = ctx.pinv();
        ctx.graph().addLayer("unet", new UNetBlock(ctx.intOption("width", 16)), init);
        ctx.graph().addVertex("xr", new ResidualAdd(), "unet", init);
        return "xr";
    }
}

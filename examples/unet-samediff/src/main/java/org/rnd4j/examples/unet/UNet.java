package org.rnd4j.examples.unet;

import java.util.Set;
import org.rnd4j.backbone.Backbone;
import org.rnd4j.backbone.BackboneContext;
import org.rnd4j.layer.ResidualAdd;

/**
 * The {@code unet} backbone plugin: {@link UNetBlock} (written in SameDiff) on the back-projection
 * A†y, learned as a residual over it, for any image-space task (compressed sensing, colorization …);
 * it declares that image sizes must be multiples of 4.
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

    /** It pools twice by 2: evaluation and infer crop images to multiples of 4, and training patches must be. */
    @Override
    public int sizeMultiple() {
        return 4;
    }

    @Override
    public String build(BackboneContext ctx) {
        String init = ctx.pinv();
        ctx.graph().addLayer("unet", new UNetBlock(ctx.intOption("width", 16)), init);
        ctx.graph().addVertex("xr", new ResidualAdd(), "unet", init);
        return "xr";
    }
}

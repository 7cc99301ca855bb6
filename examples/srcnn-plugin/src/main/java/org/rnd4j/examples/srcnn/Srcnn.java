package org.rnd4j.examples.srcnn;

import java.util.Set;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;
import org.rnd4j.backbone.Backbone;
import org.rnd4j.backbone.BackboneContext;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.SuperResolution;

/**
 * SRCNN (Dong et al., 2014) as an rnd4j backbone plugin, built from DL4J's own layers: patch
 * extraction (f1×f1, n1 filters), non-linear mapping (1×1, n2), reconstruction (f3×f3, 3) on the
 * back-projected image A†y, learned as a residual over A†y. rnd4j appends the RND projection.
 */
public final class Srcnn implements Backbone {
    @Override
    public String name() {
        return "srcnn";
    }

    @Override
    public String description() {
        return "SRCNN 9-1-5 on A†y from DL4J ConvolutionLayers (example plugin)";
    }

    @Override
    public Set<String> options() {
        return Set.of("f1", "n1", "n2", "f3");
    }

    @Override
    public void check(Degradation op) {
        if (!(op instanceof SuperResolution)) {
            throw new IllegalArgumentException("srcnn is a super-resolution backbone, not for " + op.describe());
        }
    }

    @Override
    public String build(BackboneContext ctx) {
        int f1 = ctx.intOption("f1", 9), n1 = ctx.intOption("n1", 64), n2 = ctx.intOption("n2", 32), f3 = ctx.intOption("f3", 5);
        if (f1 % 2 == 0 || f3 % 2 == 0) throw ctx.bad(f1 % 2 == 0 ? "f1" : "f3", "an odd kernel size", f1 % 2 == 0 ? f1 : f3);
        String upsampled = ctx.pinv();
        ctx.graph()
                .addLayer("patches", conv(f1, 3, n1, Activation.RELU), upsampled)
                .addLayer("mapping", conv(1, n1, n2, Activation.RELU), "patches")
                .addLayer("reconstruct", conv(f3, n2, 3, Activation.IDENTITY), "mapping")
                .addVertex("xr", new ElementWiseVertex(ElementWiseVertex.Op.Add), "reconstruct", upsampled);
        return "xr";
    }

    private static ConvolutionLayer conv(int k, int nIn, int nOut, Activation act) {
        return new ConvolutionLayer.Builder(k, k).nIn(nIn).nOut(nOut).convolutionMode(ConvolutionMode.Same)
                .activation(act).build();
    }
}

package org.rnd4j.backbone;

import java.util.Set;
import org.rnd4j.operator.Degradation;

/**
 * A restoration backbone: adds its layers to an rnd4j graph and names the vertex whose output is
 * its image estimate {@code x_r}; rnd4j appends the RND projection and the loss.
 *
 * <p>rnd4j's own {@code edsr} and {@code resnet} implement it. Your own: implement this interface
 * in a class with a public no-arg constructor, list it in
 * {@code META-INF/services/org.rnd4j.backbone.Backbone} of your jar, and put the jar on rnd4j's
 * class path ({@code ./rnd4j --classpath my.jar train ...} or {@code RND4J_CLASSPATH}); then
 * {@code model.backbone: <name()>} selects it. A fully qualified class name works too. Layers
 * must be serialisable DL4J configurations (no-arg constructor, getters and setters) so
 * checkpoints can be read back; write SameDiff code as a {@link org.rnd4j.layer.SameDiffBlock}.
 */
public interface Backbone {

    /** The name {@code model.backbone} selects it by (a plain word, e.g. {@code srcnn}). */
    String name();

    /** One line for listings and errors. */
    default String description() {
        return getClass().getName();
    }

    /** The keys this backbone reads from {@code model.options}; any other key is a config error. */
    default Set<String> options() {
        return Set.of();
    }

    /**
     * Refuses operators this backbone cannot serve.
     *
     * @throws IllegalArgumentException saying which operators it supports
     */
    default void check(Degradation op) {}

    /**
     * Image height and width must be multiples of this (a U-Net with two 2× poolings of a
     * full-size input: 4). Evaluation crops images to it, {@code infer} refuses inputs that do not
     * fit in one line, and training patches must be multiples of it.
     */
    default int sizeMultiple() {
        return 1;
    }

    /**
     * {@link #sizeMultiple()} for a model section's {@code options}, for a backbone whose depth is
     * one of them (a U-Net's number of levels).
     *
     * @throws IllegalArgumentException naming the option when its value is unusable
     */
    default int sizeMultiple(java.util.Map<String, Object> options) {
        return sizeMultiple();
    }

    /**
     * Adds the backbone's layers after {@link BackboneContext#input()} (the observation {@code y})
     * and returns the name of the vertex that outputs the image estimate {@code x_r}, an
     * {@code [N, 3, H, W]} image whose observation {@code A x_r} has the shape of {@code y}.
     */
    String build(BackboneContext ctx);
}

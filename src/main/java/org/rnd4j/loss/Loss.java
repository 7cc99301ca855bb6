package org.rnd4j.loss;

import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * A training loss on the image estimate, selected by {@code train.loss}: the output layer every
 * rnd4j graph ends with. rnd4j's own are {@code mse}, {@code l1} and {@code charbonnier}. Your own:
 * implement this in a class with a public no-arg constructor and list it in
 * {@code META-INF/services/org.rnd4j.loss.Loss} of a jar on rnd4j's class path (as backbones are);
 * its layer must be a serialisable DL4J output-layer configuration whose labels are the ground-truth image.
 */
public interface Loss {
    /** The name {@code train.loss} selects it by. */
    String name();

    /** A new output layer computing this loss. */
    Layer layer();
}

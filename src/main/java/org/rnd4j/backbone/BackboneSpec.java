package org.rnd4j.backbone;

/**
 * What to build: backbone {@code name} (see {@link Backbones#NAMES}), {@code feats} channels,
 * {@code blocks} residual blocks, and whether the RND projection ends the network.
 */
public record BackboneSpec(String name, int feats, int blocks, boolean rnd) {}

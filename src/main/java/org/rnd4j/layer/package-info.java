/**
 * The RND projection ({@link org.rnd4j.layer.Rnd}, {@link org.rnd4j.layer.RndVertex}), rnd4j's
 * layers, and the bases for your own SameDiff code with correct gradients
 * ({@link org.rnd4j.layer.SameDiffBlock}, {@link org.rnd4j.layer.SameDiffBlockVertex}): stable API.
 * Their eager runtimes live apart, in the internal {@code org.rnd4j.layer.internal}.
 */
package org.rnd4j.layer;

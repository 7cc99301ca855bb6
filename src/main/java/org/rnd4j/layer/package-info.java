/**
 * The RND projection ({@link org.rnd4j.layer.Rnd}, {@link org.rnd4j.layer.RndVertex}), rnd4j's
 * layers, and the bases for your own SameDiff code with correct gradients
 * ({@link org.rnd4j.layer.SameDiffBlock}, {@link org.rnd4j.layer.SameDiffBlockVertex}). The public
 * classes are stable API; their eager runtimes ({@code *Runtime}, package-private) are internal.
 */
package org.rnd4j.layer;

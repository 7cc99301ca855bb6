/**
 * Internal: the eager runtimes of rnd4j's layers and vertices ({@code *Runtime}, {@code Eager*}),
 * the gradient-layout plan, the SameDiff runner behind {@code SameDiffBlock}, NHWC helpers and the
 * runtime profile. They may change without notice; use the layer configurations in
 * {@code org.rnd4j.layer}. They know none of those configurations (they are handed the values they
 * need), so the two packages form no cycle.
 */
package org.rnd4j.layer.internal;

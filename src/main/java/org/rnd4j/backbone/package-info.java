/**
 * Where a network comes from when a config names it: the {@link org.rnd4j.backbone.Backbone}
 * interface (stable API: implement it for your own backbone), the context it builds with, the
 * registry with ServiceLoader discovery, and the built-ins {@code edsr} and {@code resnet}.
 */
package org.rnd4j.backbone;

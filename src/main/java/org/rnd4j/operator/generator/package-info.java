/**
 * Random generators kept apart from the linear maps that use them (as DeepInverse keeps its
 * physics generators): counter-based randomness, compressed-sensing sampling matrices, inpainting
 * masks. Nothing here knows an operator.
 */
package org.rnd4j.operator.generator;

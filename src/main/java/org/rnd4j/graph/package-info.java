/**
 * The frame every rnd4j network shares, below backbones and model sources: the observation input,
 * the RND projection and the loss around an estimate ({@link org.rnd4j.graph.RndGraphs}), and the
 * optimizer settings a run gives it ({@link org.rnd4j.graph.Training}, {@link org.rnd4j.graph.Optimizers},
 * the cosine and warm-up schedules). {@code RndGraphs}, {@code Training} and {@code Optimizers} are stable API.
 */
package org.rnd4j.graph;

package org.rnd4j.config;

/**
 * Fine-tuning: start from an existing backbone instead of a fresh one. {@code from} is an rnd4j
 * checkpoint or any DL4J {@code ComputationGraph} zip ({@code format} rnd4j | dl4j); {@code input}
 * and {@code output} name the graph's observation input and the vertex whose activations are the
 * image estimate (defaults for rnd4j checkpoints: {@code y}, {@code estimate}). The RND projection
 * is appended when {@code model.rnd} is true. {@code trainLast} keeps only the last N layers with
 * parameters trainable; {@code freeze} freezes layers whose name matches a regular expression.
 */
public record InitConfig(String from, String format, String input, String output, Integer trainLast, String freeze) {}

package org.rnd4j.config;

/**
 * Fine-tuning: start from an existing backbone instead of a fresh one. {@code from} is an rnd4j
 * checkpoint, any DL4J {@code ComputationGraph} zip, or an ONNX file ({@code format} rnd4j | dl4j |
 * onnx); {@code input} and {@code output} name the backbone's input and the node whose output is
 * the image estimate (defaults for rnd4j checkpoints: {@code y} and the vertex its loss layer reads). {@code feed}
 * says what the input receives: the observation {@code y} (default) or {@code pinv}, the
 * image-space {@code A†y}. The RND projection is appended when {@code model.rnd} is true.
 * {@code trainLast} keeps only the last N layers with parameters trainable; {@code freeze} freezes
 * layers whose name matches a regular expression.
 */
public record InitConfig(String from, String format, String input, String output, String feed, Integer trainLast,
                         String freeze) {}

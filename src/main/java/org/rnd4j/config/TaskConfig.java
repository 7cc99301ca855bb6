package org.rnd4j.config;

import java.util.List;

/**
 * The degradation: {@code type} sr (with {@code scale}), colorization (with {@code coefficients}),
 * or cs (with {@code block}, {@code ratio}, {@code seed} of the sampling matrix).
 */
public record TaskConfig(String type, Integer scale, List<Double> coefficients, Integer block, Double ratio, Long seed) {}

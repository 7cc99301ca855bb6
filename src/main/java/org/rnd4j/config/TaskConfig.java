package org.rnd4j.config;

import java.util.List;

/**
 * The degradation: {@code type} sr ({@code scale}, {@code downsample}: average | bicubic),
 * colorization ({@code coefficients}), cs ({@code block}, {@code ratio}, {@code seed} of the
 * sampling matrix), deblur ({@code blur}: gaussian with {@code sigma} | box with {@code size};
 * {@code border}: reflect | periodic; {@code decimate}; {@code rcond}, the relative singular-value
 * cut of {@code A†}) or inpainting ({@code mask}: pixels with {@code ratio} observed | boxes with
 * {@code boxes}, {@code boxMin}, {@code boxMax}; {@code seed}); for any type, Gaussian observation
 * {@code noise} (standard deviation) and the range-space scale {@code lambda} (default: per image,
 * see {@link org.rnd4j.operator.Noisy}).
 */
public record TaskConfig(String type, Integer scale, String downsample, List<Double> coefficients, Integer block, Double ratio,
                         Long seed, String blur, Double sigma, Integer size, String border, Integer decimate, Double rcond,
                         String mask, Integer boxes, Integer boxMin, Integer boxMax, Double noise, Double lambda) {}

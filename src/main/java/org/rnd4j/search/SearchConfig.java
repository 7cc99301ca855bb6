package org.rnd4j.search;

import java.util.List;
import java.util.Map;

/**
 * A hyperparameter search: a {@code base} training config, fixed overrides {@code set} applied to
 * every candidate, and the {@code search} space whose keys are config field paths and whose values
 * are one of {@code {logUniform: [a, b]}}, {@code {uniform: [a, b]}}, {@code {int: [a, b]}},
 * {@code {choice: [...]}}. The {@code generator} (random | grid | genetic) proposes candidates until
 * {@code maxCandidates} or {@code maxMinutes}; the {@code score} validation metric (psnr | ssim) is
 * maximised.
 */
public record SearchConfig(String name, String base, Map<String, Object> set, Map<String, Map<String, List<Object>>> search,
                           String generator, Integer gridPoints, Integer maxCandidates, Double maxMinutes, String score,
                           Long seed, String output) {}

package org.rnd4j.config;

/**
 * One training/evaluation run, as read from YAML. Nested records are the YAML sections; a
 * {@code null} field means "not given" until {@link Defaults#resolve} fills it, so the defaults
 * live in one place.
 */
public record RunConfig(String name, TaskConfig task, DataConfig data, ModelConfig model, TrainConfig train,
                        EvalConfig eval, String output) {}

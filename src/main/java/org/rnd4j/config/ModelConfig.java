package org.rnd4j.config;

import java.util.Map;

/**
 * The backbone by registry name or class name ({@code backbone}), its width ({@code feats}) and
 * depth ({@code blocks}), free-form {@code options} the backbone declares for itself, and whether
 * RND ends it; or, with {@code init}, an existing backbone to fine-tune.
 */
public record ModelConfig(String backbone, Integer feats, Integer blocks, Map<String, Object> options, Boolean rnd,
                          InitConfig init) {}

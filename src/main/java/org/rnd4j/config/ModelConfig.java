package org.rnd4j.config;

import java.util.Map;

/**
 * The backbone by registry name or class name ({@code backbone}), its width ({@code feats}) and
 * depth ({@code blocks}), free-form {@code options} the backbone declares for itself, and whether
 * RND ends it; or, with {@code init}, an existing backbone to fine-tune. {@code warmStart} (an rnd4j
 * checkpoint) starts the configured backbone from that checkpoint's weights wherever a layer has the
 * same name and parameter shapes, the rest freshly initialised: EDSR's practice of starting one scale's
 * model from another's (the body carries over, the upsampler does not).
 */
public record ModelConfig(String backbone, Integer feats, Integer blocks, Map<String, Object> options, Boolean rnd,
                          InitConfig init, String warmStart) {}

package org.rnd4j.config;

/**
 * The backbone by registry name, its width ({@code feats}) and depth ({@code blocks}), and whether
 * RND ends it; or, with {@code init}, an existing backbone to fine-tune.
 */
public record ModelConfig(String backbone, Integer feats, Integer blocks, Boolean rnd, InitConfig init) {}

package org.rnd4j.config;

/**
 * Optimisation: {@code iterations}, Adam ({@code lr}, {@code beta1}, {@code beta2}), decoupled
 * {@code weightDecay}, learning-rate {@code schedule} (constant | step | cosine; step uses
 * {@code stepEvery} and {@code gamma}, cosine decays to {@code minLr}), the {@code seed} of
 * initialisation and sampling, and how often to log, validate and checkpoint; {@code keepBest}
 * names the validation metric (psnr | ssim) that selects the best checkpoint.
 */
public record TrainConfig(Integer iterations, Double lr, Double beta1, Double beta2, Double weightDecay, String schedule,
                          Integer stepEvery, Double gamma, Double minLr, Long seed, Integer logEvery, Integer validateEvery,
                          Integer checkpointEvery, String keepBest) {}

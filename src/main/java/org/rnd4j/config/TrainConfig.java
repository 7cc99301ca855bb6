package org.rnd4j.config;

/**
 * Optimisation: {@code iterations}, Adam ({@code lr}, {@code beta1}, {@code beta2}), decoupled
 * {@code weightDecay}, learning-rate {@code schedule} (constant | step | cosine; step uses
 * {@code stepEvery} and {@code gamma}, cosine decays to {@code minLr}) after a linear
 * {@code warmup} of that many steps, the {@code seed} of initialisation and sampling, how often to
 * log, validate and checkpoint, {@code keepBest} (psnr | ssim) selecting the best checkpoint, the
 * pixel {@code loss} (mse | l1 | charbonnier), an exponential moving average of the weights
 * ({@code ema}: its decay, 0 = off), per-layer gradient-norm clipping ({@code clipNorm}, 0 = off), and
 * {@code distributed}: training on Apache Spark instead of in this process (absent = local).
 */
public record TrainConfig(Integer iterations, Double lr, Double beta1, Double beta2, Double weightDecay, String schedule,
                          Integer stepEvery, Double gamma, Double minLr, Long seed, Integer logEvery, Integer validateEvery,
                          Integer checkpointEvery, String keepBest, String loss, Double ema, Double clipNorm, Integer warmup,
                          DistributedConfig distributed) {}

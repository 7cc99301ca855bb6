package org.rnd4j.config;

/**
 * Evaluation: pixels cropped at each border before PSNR/SSIM ({@code cropBorder}; default the SR
 * scale, else 0), metrics on the BT.601 luma channel ({@code yChannel}) or RGB, whether to write
 * output PNGs ({@code saveImages}; the CSV and summary are always written), and how whole images
 * are processed in strips: output pixels per strip ({@code tilePixels}) and rows of context above
 * and below each ({@code tileOverlap}, image pixels); {@code selfEnsemble} averages the outputs for
 * the 8 flips/rotations of the observation; {@code observations}: a folder of given observations
 * (e.g. MATLAB's bicubic LR images) named like the ground truth, used instead of simulating them.
 */
public record EvalConfig(Integer cropBorder, Boolean yChannel, Boolean saveImages, Long tilePixels, Integer tileOverlap,
                         Boolean selfEnsemble, String observations) {}

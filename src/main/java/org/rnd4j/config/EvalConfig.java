package org.rnd4j.config;

/**
 * Evaluation: pixels cropped at each border before PSNR/SSIM ({@code cropBorder}; default the SR
 * scale, else 0), metrics on the BT.601 luma channel ({@code yChannel}) or RGB, and whether to
 * write output PNGs ({@code saveImages}).
 */
public record EvalConfig(Integer cropBorder, Boolean yChannel, Boolean saveImages) {}

package org.rnd4j.config;

import java.util.List;

/**
 * Where images come from and how training batches are made: {@code train} folders (searched
 * recursively), a {@code val} folder, the ground-truth {@code patch} size, {@code batch} size,
 * augmentation ({@code flips}: both axes, {@code mirror}: left–right only, which keeps skies above; {@code rot90}),
 * batches prepared ahead ({@code prefetch}), {@code valLimit} (0 = all validation images; validation images found in
 * {@code train} are not trained on), {@code skipBadImages} (warn and leave out unreadable images and training images smaller than the patch, instead of failing) and
 * {@code maxPixels}, the largest image (width × height, read from the file header) that is decoded;
 * {@code gray}: every image (training, validation, evaluation, given observations) converted to its BT.601 luma first,
 * as compressed sensing is trained and published on gray images; {@code luma}: which luma, {@code rgb2gray}
 * ({@code 0.299 R + 0.587 G + 0.114 B}) or {@code ycbcr} (MATLAB {@code rgb2ycbcr}'s Y in [16, 235], on which the
 * VDSR/MemNet line of super-resolution networks is trained and measured); {@code quantize}: training observations
 * clipped to [0, 1] and rounded to that many bits (0 = kept in float), as the LR files a model meets at test time are
 * stored (MATLAB's 8-bit bicubic LR images); {@code minScale < 1}: each training crop is a random
 * region up to {@code patch / minScale} pixels wide shrunk to the patch (scale augmentation; 1 = off); {@code candidates}:
 * each training crop is the one with the most detail (squared gradient) among that many drawn (1 = uniform crops).
 */
public record DataConfig(List<String> train, String val, Integer patch, Integer batch, Boolean flips, Boolean mirror,
                         Boolean rot90, Integer prefetch, Integer valLimit, Boolean skipBadImages, Long maxPixels, Boolean gray,
                         Double minScale, String luma, Integer quantize, Integer candidates) {}

/** Metrics (PSNR, SSIM, consistency) and whole-image evaluation with the {@code A†y} baseline. Stable API. */
package org.rnd4j.eval;

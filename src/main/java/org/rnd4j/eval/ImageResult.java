package org.rnd4j.eval;

/**
 * Metrics of one image: quality of the output and of the {@code A†y} baseline against ground truth,
 * and consistency of the raw (unclipped) output, {@code max|A x̂ − y|} and {@code PSNR(A x̂, y)},
 * and against the noise-free observation, {@code max|A x̂ − A x|} (the same unless the task adds noise);
 * for super-resolution also MATLAB's bicubic interpolation of {@code y} (NaN otherwise); for
 * colorization the colourfulness ({@link Colourfulness}) of the output, of {@code A†y} and of the
 * ground truth (NaN otherwise).
 */
public record ImageResult(String image, double psnr, double ssim, double baselinePsnr, double baselineSsim,
                          double consistencyMaxAbs, double consistencyPsnr, double cleanConsistencyMaxAbs, double interpPsnr,
                          double interpSsim, double colourfulness, double baselineColourfulness, double truthColourfulness) {
    public static final String CSV_HEADER = "image,psnr,ssim,baseline_psnr,baseline_ssim,consistency_max_abs,consistency_psnr,"
            + "clean_consistency_max_abs,bicubic_psnr,bicubic_ssim,colourfulness,baseline_colourfulness,truth_colourfulness";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "%s,%.4f,%.5f,%.4f,%.5f,%.3e,%.2f,%.3e,%.4f,%.5f,%.2f,%.2f,%.2f",
                image.replace(',', '_'), psnr, ssim, baselinePsnr, baselineSsim, consistencyMaxAbs, consistencyPsnr, cleanConsistencyMaxAbs,
                interpPsnr, interpSsim, colourfulness, baselineColourfulness, truthColourfulness);
    }
}

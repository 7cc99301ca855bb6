package org.rnd4j.eval;

import java.util.List;

/** Means over a validation set, and the worst consistency error of any image. */
public record EvalSummary(int images, double psnr, double ssim, double baselinePsnr, double baselineSsim,
                          double consistencyMaxAbs, double consistencyPsnr, double cleanConsistencyMaxAbs, double interpPsnr,
                          double interpSsim, double colourfulness, double baselineColourfulness, double truthColourfulness,
                          boolean yChannel, int cropBorder) {

    public static EvalSummary of(List<ImageResult> r, boolean yChannel, int cropBorder) {
        return new EvalSummary(r.size(),
                r.stream().mapToDouble(ImageResult::psnr).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::ssim).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::baselinePsnr).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::baselineSsim).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::consistencyMaxAbs).max().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::consistencyPsnr).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::cleanConsistencyMaxAbs).max().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::interpPsnr).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::interpSsim).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::colourfulness).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::baselineColourfulness).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::truthColourfulness).average().orElse(Double.NaN),
                yChannel, cropBorder);
    }

    public String oneLine() {
        return String.format(java.util.Locale.ROOT,
                "PSNR %.2f dB (A†y %.2f), SSIM %.4f (A†y %.4f), max|Ax̂-y| %.2e over %d images%s",
                psnr, baselinePsnr, ssim, baselineSsim, consistencyMaxAbs, images, yChannel ? " [Y channel]" : " [RGB]")
                + (!Double.isNaN(cleanConsistencyMaxAbs) && Math.abs(cleanConsistencyMaxAbs - consistencyMaxAbs) > 1e-6
                ? String.format(java.util.Locale.ROOT, ", max|Ax̂-Ax| %.2e against the noise-free observation", cleanConsistencyMaxAbs) : "")
                + (Double.isNaN(interpPsnr) ? "" : String.format(java.util.Locale.ROOT, ", bicubic interpolation %.2f dB / %.4f",
                interpPsnr, interpSsim))
                + (Double.isNaN(colourfulness) ? "" : String.format(java.util.Locale.ROOT,
                ", colourfulness %.1f (A†y %.1f, ground truth %.1f)", colourfulness, baselineColourfulness, truthColourfulness));
    }
}

package org.rnd4j.eval;

import java.util.List;

/** Means over a validation set, and the worst consistency error of any image. */
public record EvalSummary(int images, double psnr, double ssim, double baselinePsnr, double baselineSsim,
                          double consistencyMaxAbs, double consistencyPsnr, double cleanConsistencyMaxAbs, boolean yChannel,
                          int cropBorder) {

    public static EvalSummary of(List<ImageResult> r, boolean yChannel, int cropBorder) {
        return new EvalSummary(r.size(),
                r.stream().mapToDouble(ImageResult::psnr).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::ssim).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::baselinePsnr).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::baselineSsim).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::consistencyMaxAbs).max().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::consistencyPsnr).average().orElse(Double.NaN),
                r.stream().mapToDouble(ImageResult::cleanConsistencyMaxAbs).max().orElse(Double.NaN),
                yChannel, cropBorder);
    }

    public String oneLine() {
        return String.format(java.util.Locale.ROOT,
                "PSNR %.2f dB (A†y %.2f), SSIM %.4f (A†y %.4f), max|Ax̂-y| %.2e over %d images%s",
                psnr, baselinePsnr, ssim, baselineSsim, consistencyMaxAbs, images, yChannel ? " [Y channel]" : " [RGB]");
    }
}

package org.rnd4j.train;

import java.util.List;
import java.util.Locale;

/**
 * Notices the failures that leave the loss finite but the run useless: a loss spike far above the
 * recent median (after one, Adam's second-moment estimate can be so large that the weights
 * stop moving for good), and validation that comes out identical to the previous one (the weights
 * have stopped moving). Each yields one warning line naming the iteration and the remedy.
 */
final class LossWatch {
    static final int WINDOW = 200, MIN_HISTORY = 50, QUIET = 500;
    static final double SPIKE = 1000;
    private long lastWarned = Long.MIN_VALUE / 2;
    private double lastPsnr = Double.NaN, lastSsim = Double.NaN;
    private long lastValIt = -1;
    private boolean stallWarned;

    /**
     * A warning when the last of {@code losses} (iteration {@code it}) is over {@value #SPIKE}× the median of the
     * {@value #WINDOW} before it, else null.
     */
    String loss(long it, List<Double> losses) {
        int n = losses.size() - 1;
        if (n < MIN_HISTORY || it - lastWarned < QUIET) return null;
        double loss = losses.get(n);
        double[] r = losses.subList(Math.max(0, n - WINDOW), n).stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = r[r.length / 2];
        if (!(median > 0 && loss > SPIKE * median)) return null;
        lastWarned = it;
        return String.format(Locale.ROOT, "warning: loss %.3g at iteration %d is %.0f× the recent median %.3g; if the"
                + " loss or validation stops changing after it, the optimizer has stalled: lower train.lr or set"
                + " train.clipNorm", loss, it, loss / median, median);
    }

    /** A warning the first time validation at {@code it} equals the previous validation exactly, else null. */
    String validation(long it, double psnr, double ssim) {
        String warning = null;
        if (!stallWarned && lastValIt >= 0 && psnr == lastPsnr && ssim == lastSsim && !Double.isNaN(psnr)) {
            stallWarned = true;
            warning = String.format(Locale.ROOT, "warning: validation at iteration %d (%.4f dB, SSIM %.5f) is identical to iteration"
                    + " %d: the weights have stopped changing (a loss spike can stall Adam); lower train.lr or set train.clipNorm",
                    it, psnr, ssim, lastValIt);
        }
        lastPsnr = psnr;
        lastSsim = ssim;
        lastValIt = it;
        return warning;
    }
}

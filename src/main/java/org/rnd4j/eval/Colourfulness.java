package org.rnd4j.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hasler and Süsstrunk's colourfulness (SPIE 2003), accumulated over strips of an image: with
 * {@code rg = R − G} and {@code yb = (R + G)/2 − B} on the 0–255 scale,
 * {@code C = sqrt(σ²_rg + σ²_yb) + 0.3·sqrt(μ²_rg + μ²_yb)}. A gray image scores 0; the paper
 * calls 33 "moderately" and 59 "quite" colourful. Reported beside PSNR for colorization, where a
 * gray output scores well on PSNR alone.
 */
final class Colourfulness {
    private double sumRg, sumYb, sumRg2, sumYb2;
    private long n;

    /** Adds the pixels of an {@code [1, 3, h, w]} image in [0, 1]. */
    void add(INDArray rgb) {
        float[] d = rgb.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int plane = (int) (rgb.size(2) * rgb.size(3));
        for (int i = 0; i < plane; i++) {
            double r = 255.0 * d[i], g = 255.0 * d[plane + i], b = 255.0 * d[2 * plane + i];
            double rg = r - g, yb = 0.5 * (r + g) - b;
            sumRg += rg;
            sumYb += yb;
            sumRg2 += rg * rg;
            sumYb2 += yb * yb;
        }
        n += plane;
    }

    double value() {
        if (n == 0) return Double.NaN;
        double mRg = sumRg / n, mYb = sumYb / n;
        double vRg = Math.max(0, sumRg2 / n - mRg * mRg), vYb = Math.max(0, sumYb2 / n - mYb * mYb);
        return Math.sqrt(vRg + vYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb);
    }
}

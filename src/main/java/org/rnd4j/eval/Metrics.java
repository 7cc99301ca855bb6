package org.rnd4j.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Image-quality metrics on {@code [1, 3, H, W]} arrays in [0, 1]: PSNR and SSIM (Wang et al.:
 * Gaussian window 11, σ 1.5, K1 0.01, K2 0.03, valid region), on RGB or on the BT.601 luma
 * channel, after cropping {@code border} pixels at each edge (the SR convention). The luma of an
 * image whose source was gray is taken on the gray scale ({@code 0.299 R + 0.587 G + 0.114 B}, in
 * [0, 1]) instead of BT.601's [16, 235]: the published MATLAB code applies {@code rgb2ycbcr} only to
 * three-channel images, and Set14's gray {@code bridge} would otherwise read 1.32 dB higher.
 */
public final class Metrics {
    /** PSNR reported for identical images. */
    public static final double PSNR_CAP = 200.0;

    private Metrics() {}

    /** Planes to compare: the luma plane, or the three RGB planes, cropped. Values are doubles in [0,1]-scale. */
    public static double[][] planes(INDArray img, boolean yChannel, int border) {
        int h = (int) img.size(2), w = (int) img.size(3);
        int ch = h - 2 * border, cw = w - 2 * border;
        if (ch <= 0 || cw <= 0) {
            throw new IllegalArgumentException("image " + w + "x" + h + " is too small for crop border " + border);
        }
        double[][][] rows = planeRows(img, yChannel, false, border);
        double[][] out = new double[rows[0].length][ch * cw];
        for (int i = 0; i < ch; i++) {
            for (int c = 0; c < out.length; c++) System.arraycopy(rows[i + border][c], 0, out[c], i * cw, cw);
        }
        return out;
    }

    /**
     * Every row of {@code img} ({@code [1, 3, r, W]}) in metric space — {@code [row][plane][x]}, the
     * luma plane (on the gray scale for a {@code gray} source, see the class comment) or the three RGB
     * planes, {@code border} columns cropped at each side.
     */
    public static double[][][] planeRows(INDArray img, boolean yChannel, boolean gray, int border) {
        int h = (int) img.size(2), w = (int) img.size(3), cw = w - 2 * border;
        if (cw <= 0) throw new IllegalArgumentException("image width " + w + " is too small for crop border " + border);
        float[] d = img.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int n = h * w;
        double[][][] out = new double[h][yChannel ? 1 : 3][cw];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < cw; j++) {
                int s = i * w + j + border;
                if (yChannel) {
                    out[i][0][j] = luma(d, n, s, gray);
                } else {
                    for (int c = 0; c < 3; c++) out[i][c][j] = d[c * n + s];
                }
            }
        }
        return out;
    }

    /** BT.601 luma of pixel {@code s} of CHW samples with {@code n} pixels per plane: [16, 235]/255, or [0, 1] for a gray source. */
    private static double luma(float[] d, int n, int s, boolean gray) {
        return ((gray ? 0 : 16.0) + 65.481 * d[s] + 128.553 * d[n + s] + 24.966 * d[2 * n + s]) / (gray ? 219.0 : 255.0);
    }

    /** Rounds to 8-bit levels after clipping to [0, 1], as when the output is saved as PNG. */
    public static INDArray quantize(INDArray img) {
        return org.rnd4j.data.Arrays4d.quantize(img.castTo(DataType.FLOAT).dup(), 8);
    }

    public static double psnr(INDArray a, INDArray b, boolean yChannel, int border) {
        double[][] pa = planes(a, yChannel, border), pb = planes(b, yChannel, border);
        double se = 0;
        long n = 0;
        for (int c = 0; c < pa.length; c++) {
            for (int i = 0; i < pa[c].length; i++) {
                double e = pa[c][i] - pb[c][i];
                se += e * e;
            }
            n += pa[c].length;
        }
        return psnrFromMse(se / n);
    }

    public static double psnrFromMse(double mse) {
        return mse <= 0 ? PSNR_CAP : Math.min(PSNR_CAP, 10 * Math.log10(1.0 / mse));
    }

    /** PSNR of two arrays of any (equal) shape, peak 1, no cropping: used for {@code PSNR(A x̂, y)}. */
    public static double psnrRaw(INDArray a, INDArray b) {
        INDArray d = a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE));
        return psnrFromMse(d.muli(d).meanNumber().doubleValue());
    }

    public static double ssim(INDArray a, INDArray b, boolean yChannel, int border) {
        int h = (int) a.size(2) - 2 * border, w = (int) a.size(3) - 2 * border;
        double[][] pa = planes(a, yChannel, border), pb = planes(b, yChannel, border);
        double sum = 0;
        for (int c = 0; c < pa.length; c++) sum += ssimPlane(pa[c], pb[c], h, w);
        return sum / pa.length;
    }

    static final double[] WINDOW = gaussian(11, 1.5);

    private static double[] gaussian(int size, double sigma) {
        double[] g = new double[size];
        double s = 0;
        for (int i = 0; i < size; i++) {
            double x = i - (size - 1) / 2.0;
            g[i] = Math.exp(-x * x / (2 * sigma * sigma));
            s += g[i];
        }
        for (int i = 0; i < size; i++) g[i] /= s;
        return g;
    }

    /** Separable Gaussian filter, valid region: output {@code (h-10) × (w-10)}. */
    private static double[] filter(double[] p, int h, int w) {
        int k = WINDOW.length, oh = h - k + 1, ow = w - k + 1;
        double[] tmp = new double[h * ow];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < ow; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) s += WINDOW[t] * p[i * w + j + t];
                tmp[i * ow + j] = s;
            }
        }
        double[] out = new double[oh * ow];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                double s = 0;
                for (int t = 0; t < k; t++) s += WINDOW[t] * tmp[(i + t) * ow + j];
                out[i * ow + j] = s;
            }
        }
        return out;
    }

    static double ssimPlane(double[] x, double[] y, int h, int w) {
        if (h < WINDOW.length || w < WINDOW.length) {
            throw new IllegalArgumentException("SSIM needs images of at least 11x11 after cropping, got " + w + "x" + h);
        }
        final double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        int n = x.length;
        double[] xx = new double[n], yy = new double[n], xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] mx = filter(x, h, w), my = filter(y, h, w), sxx = filter(xx, h, w), syy = filter(yy, h, w), sxy = filter(xy, h, w);
        double sum = 0;
        for (int i = 0; i < mx.length; i++) {
            double vx = sxx[i] - mx[i] * mx[i], vy = syy[i] - my[i] * my[i], cov = sxy[i] - mx[i] * my[i];
            sum += ((2 * mx[i] * my[i] + c1) * (2 * cov + c2)) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
        }
        return sum / mx.length;
    }
}

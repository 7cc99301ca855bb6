package org.rnd4j.eval;

/**
 * PSNR and SSIM of two images fed row by row (in metric space: luma or RGB planes, border
 * already cropped), with exactly the arithmetic of {@link Metrics#psnr} and {@link Metrics#ssim}
 * on the whole image: the SSIM window is filtered horizontally per row, then vertically over a
 * ring of the last 11 rows, and the maps are summed in the same order.
 */
final class StreamingMetrics {
    private final int planes, width, ow, k = Metrics.WINDOW.length;
    private final double[][][][] ring;   // [plane][quantity 0..4][ring row][ow]
    private int rows;
    private double se;
    private long count;
    private final double[] ssimSum;
    private long ssimCount;

    StreamingMetrics(int planes, int width) {
        this.planes = planes;
        this.width = width;
        this.ow = width - k + 1;
        this.ring = new double[planes][5][k][Math.max(0, ow)];
        this.ssimSum = new double[planes];
    }

    /** One row of each plane of both images: {@code a[plane][x]}, {@code b[plane][x]}. */
    void addRow(double[][] a, double[][] b) {
        for (int p = 0; p < planes; p++) {
            double[] x = a[p], y = b[p];
            for (int i = 0; i < width; i++) {
                double e = x[i] - y[i];
                se += e * e;
            }
            count += width;
            if (ow <= 0) continue;
            int slot = rows % k;
            double[][][] q = ring[p];
            for (int j = 0; j < ow; j++) {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (int t = 0; t < k; t++) {
                    double w = Metrics.WINDOW[t], u = x[j + t], v = y[j + t];
                    mx += w * u;
                    my += w * v;
                    xx += w * (u * u);
                    yy += w * (v * v);
                    xy += w * (u * v);
                }
                q[0][slot][j] = mx;
                q[1][slot][j] = my;
                q[2][slot][j] = xx;
                q[3][slot][j] = yy;
                q[4][slot][j] = xy;
            }
        }
        rows++;
        if (ow > 0 && rows >= k) {
            for (int p = 0; p < planes; p++) ssimSum[p] += ssimRow(ring[p]);
            ssimCount += ow;
        }
    }

    /** SSIM of the output row whose window ends at the newest ring row. */
    private double ssimRow(double[][][] q) {
        final double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        double sum = 0;
        int first = rows - k;
        for (int j = 0; j < ow; j++) {
            double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
            for (int t = 0; t < k; t++) {
                int r = (first + t) % k;
                double w = Metrics.WINDOW[t];
                mx += w * q[0][r][j];
                my += w * q[1][r][j];
                sxx += w * q[2][r][j];
                syy += w * q[3][r][j];
                sxy += w * q[4][r][j];
            }
            double vx = sxx - mx * mx, vy = syy - my * my, cov = sxy - mx * my;
            sum += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        }
        return sum;
    }

    int rows() { return rows; }

    double psnr() {
        return Metrics.psnrFromMse(se / count);
    }

    double ssim() {
        if (ow <= 0 || rows < k) {
            throw new IllegalArgumentException("SSIM needs images of at least 11x11 after cropping, got " + width + "x" + rows);
        }
        double s = 0;
        for (int p = 0; p < planes; p++) s += ssimSum[p] / ssimCount;
        return s / planes;
    }
}

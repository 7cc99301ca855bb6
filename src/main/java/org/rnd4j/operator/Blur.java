package org.rnd4j.operator;

import java.util.Locale;
import org.rnd4j.config.TaskSettings;

/**
 * Blur, optionally followed by decimation: per axis, convolution with a normalised 1-D kernel — a
 * Gaussian of standard deviation {@code sigma} truncated at {@code radius = ceil(3σ)}, or a box of
 * {@code size} taps — with a {@code reflect} border (mirror without repeating the edge pixel,
 * {@code d c b | a b c d | c b a}, as PyTorch's {@code reflect} padding) or a {@code periodic}
 * one (circular), then every {@code decimate}-th sample (the first at index 0). The 2-D blur is
 * the separable product of the two 1-D ones. {@code A†} comes from each axis's SVD with singular
 * values below {@code rcond · σ_max} dropped: blur damps high frequencies towards zero, and
 * inverting those exactly would multiply float rounding by the inverse of the damping (see the
 * README for the kept rank and the measured consistency).
 */
public final class Blur extends Separable {
    /** {@code task.rcond} by default: singular values below this fraction of the largest are dropped from {@code A†}. */
    public static final double DEFAULT_RCOND = 1e-3;
    private final String kernel;
    private final double sigma;
    private final int size;
    private final String border;
    private final int decimate;
    private final double[] taps;

    public Blur(String kernel, double sigma, int size, String border, int decimate, double rcond) {
        super(rcond);
        if (!kernel.equals("gaussian") && !kernel.equals("box")) {
            throw new IllegalArgumentException("blur kernel must be gaussian or box, got " + kernel);
        }
        if (!border.equals("reflect") && !border.equals("periodic")) {
            throw new IllegalArgumentException("blur border must be reflect or periodic, got " + border);
        }
        if (decimate < 1) throw new IllegalArgumentException("decimate must be >= 1, got " + decimate);
        this.kernel = kernel;
        this.sigma = sigma;
        this.size = size;
        this.border = border;
        this.decimate = decimate;
        if (kernel.equals("gaussian")) {
            if (!(sigma > 0)) throw new IllegalArgumentException("gaussian blur needs sigma > 0, got " + sigma);
            int r = (int) Math.ceil(3 * sigma);
            taps = new double[2 * r + 1];
            double sum = 0;
            for (int i = -r; i <= r; i++) sum += taps[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            for (int i = 0; i < taps.length; i++) taps[i] /= sum;
        } else {
            if (size < 1 || size % 2 == 0) throw new IllegalArgumentException("box blur needs an odd size >= 1, got " + size);
            taps = new double[size];
            java.util.Arrays.fill(taps, 1.0 / size);
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s blur %s, %s border%s", kernel, kernel.equals("gaussian") ? "σ " + sigma : size + " taps",
                border, decimate > 1 ? ", decimate " + decimate : "");
    }

    @Override public int spatialMultiple() { return decimate; }
    @Override public int upscale() { return decimate > 1 ? decimate : 0; }
    @Override public long observationSize(long size) { return (size + decimate - 1) / decimate; }
    @Override protected int defaultLength(int m) { return m * decimate; }

    @Override
    protected double[][] matrix(int n) {
        int r = taps.length / 2;
        double[][] full = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int t = -r; t <= r; t++) {
                full[i][index(i + t, n)] += taps[t + r];
            }
        }
        int m = (n + decimate - 1) / decimate;
        double[][] a = new double[m][];
        for (int i = 0; i < m; i++) a[i] = full[i * decimate];
        return a;
    }

    /**
     * Periodic blur on an axis whose length is a multiple of {@code decimate}: circulant, so its
     * truncated pseudo-inverse is exact by FFT ({@link CirculantPinv}). Reflect is not a normal
     * matrix (its singular vectors are not the DCT's), so it keeps the SVD.
     */
    @Override
    AxisPinv structured(int n) {
        return border.equals("periodic") && n % decimate == 0 ? new CirculantPinv(taps, n, decimate, rcond()) : null;
    }

    private int index(int j, int n) {
        if (border.equals("periodic")) return Math.floorMod(j, n);
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        int k = Math.floorMod(j, period);
        return k < n ? k : period - k;
    }

    @Override
    public OperatorSpec spec() {
        return OperatorSpec.blur(kernel, sigma, size, border, decimate, rcond());
    }

    /**
     * Task {@code deblur}: {@code blur} gaussian (default; {@code sigma}, default 1.0) or box
     * ({@code size}, default 5), {@code border} reflect (default) or periodic, {@code decimate}
     * (default 1) and {@code rcond}, the relative singular-value cut of {@code A†} (default 1e-3).
     */
    public record Settings(String blur, Double sigma, Integer size, String border, Integer decimate, Double rcond)
            implements OperatorSettings {
        @Override
        public Settings resolve() {
            String kind = TaskSettings.or(blur, "gaussian");
            if (kind.equals("gaussian") && size != null) throw TaskSettings.unused("size", "deblur with a gaussian kernel");
            if (kind.equals("box") && sigma != null) throw TaskSettings.unused("sigma", "deblur with a box kernel");
            return new Settings(kind, kind.equals("gaussian") ? TaskSettings.or(sigma, 1.0) : null,
                    kind.equals("box") ? TaskSettings.or(size, 5) : null, TaskSettings.or(border, "reflect"),
                    TaskSettings.or(decimate, 1), TaskSettings.or(rcond, DEFAULT_RCOND));
        }

        @Override
        public void validate() {
            TaskSettings.check(blur.equals("gaussian") || blur.equals("box"), "blur", "gaussian or box", "'" + blur + "'");
            if (sigma != null) TaskSettings.check(sigma > 0 && sigma <= 20, "sigma", "a number in (0, 20]", sigma);
            if (size != null) TaskSettings.check(size >= 1 && size % 2 == 1 && size <= 63, "size", "an odd integer in [1, 63]", size);
            TaskSettings.check(border.equals("reflect") || border.equals("periodic"), "border", "reflect or periodic",
                    "'" + border + "'");
            TaskSettings.check(decimate >= 1 && decimate <= 16, "decimate", "an integer in [1, 16]", decimate);
            TaskSettings.check(rcond >= 0 && rcond < 1, "rcond", "a number in [0, 1)", rcond);
        }

        @Override public int sideMultiple() { return decimate; }
        @Override public String sideMultipleName() { return "decimation"; }
        @Override public int defaultPatch() { return Math.max(decimate, 96 / decimate * decimate); }

        @Override
        public Degradation create() {
            return Operators.create(OperatorSpec.blur(blur, sigma == null ? 0 : sigma, size == null ? 0 : size, border, decimate,
                    rcond));
        }
    }
}

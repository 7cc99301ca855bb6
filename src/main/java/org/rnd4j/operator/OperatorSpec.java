package org.rnd4j.operator;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Objects;
import org.rnd4j.config.ConfigLoader;

/**
 * Everything needed to rebuild a {@link Degradation} exactly: the kind and its parameters (for
 * compressed sensing the sampling matrix itself), plus the observation noise. rnd4j's own
 * operators keep the flat fields every earlier checkpoint has; an operator added since (or a
 * plugin's) stores its settings record as {@code settings} under its task name ({@link #of}). It is a plain bean
 * (no-arg constructor, getters and setters) so DL4J serialises it inside the graph configuration
 * of a checkpoint, and Jackson into the checkpoint's state.
 */
public class OperatorSpec implements Serializable {
    public static final String SR = "sr";
    public static final String BICUBIC = "sr-bicubic";
    public static final String COLORIZATION = "colorization";
    public static final String CS = "cs";
    public static final String BLUR = "blur";
    public static final String INPAINTING = "inpainting";

    private String kind;
    private int scale;
    private double[] coefficients;
    private int block;
    private double ratio;
    private long seed;
    private int channels = 3;
    /** CS only: the {@code q × B²} sampling matrix, row-major. */
    private float[] matrix;
    private String kernel;
    private double sigma;
    private int size;
    private String border;
    private int decimate = 1;
    private double rcond;
    private String mask;
    private int boxes, boxMin, boxMax;
    private double noise;
    private Double lambda;
    /** An operator registered by task name: its settings record's fields. */
    private LinkedHashMap<String, Object> settings;

    public OperatorSpec() {}

    /** The spec of an operator registered under task type {@code kind}, rebuilt from {@code settings} (its settings record). */
    public static OperatorSpec of(String kind, OperatorSettings settings) {
        if (KINDS_WITH_FIELDS.contains(kind)) {
            throw new IllegalArgumentException("'" + kind + "' is the kind of one of rnd4j's own operators; choose another name");
        }
        OperatorSpec s = new OperatorSpec();
        s.kind = kind;
        @SuppressWarnings("unchecked")
        LinkedHashMap<String, Object> map = ConfigLoader.YAML.convertValue(settings, LinkedHashMap.class);
        s.settings = map;
        return s;
    }

    private static final java.util.Set<String> KINDS_WITH_FIELDS = java.util.Set.of(SR, BICUBIC, COLORIZATION, CS, BLUR, INPAINTING);

    public static OperatorSpec sr(int scale) {
        OperatorSpec s = new OperatorSpec();
        s.kind = SR;
        s.scale = scale;
        return s;
    }

    public static OperatorSpec bicubic(int scale) {
        OperatorSpec s = sr(scale);
        s.kind = BICUBIC;
        return s;
    }

    public static OperatorSpec colorization(double... coefficients) {
        OperatorSpec s = new OperatorSpec();
        s.kind = COLORIZATION;
        s.coefficients = coefficients.clone();
        return s;
    }

    public static OperatorSpec cs(int block, double ratio, long seed) {
        OperatorSpec s = new OperatorSpec();
        s.kind = CS;
        s.block = block;
        s.ratio = ratio;
        s.seed = seed;
        return s;
    }

    public static OperatorSpec blur(String kernel, double sigma, int size, String border, int decimate, double rcond) {
        OperatorSpec s = new OperatorSpec();
        s.kind = BLUR;
        s.kernel = kernel;
        s.sigma = sigma;
        s.size = size;
        s.border = border;
        s.decimate = decimate;
        s.rcond = rcond;
        return s;
    }

    public static OperatorSpec inpainting(String mask, double ratio, int boxes, int boxMin, int boxMax, long seed) {
        OperatorSpec s = new OperatorSpec();
        s.kind = INPAINTING;
        s.mask = mask;
        s.ratio = ratio;
        s.boxes = boxes;
        s.boxMin = boxMin;
        s.boxMax = boxMax;
        s.seed = seed;
        return s;
    }

    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public int getScale() { return scale; }
    public void setScale(int scale) { this.scale = scale; }
    public double[] getCoefficients() { return coefficients; }
    public void setCoefficients(double[] coefficients) { this.coefficients = coefficients; }
    public int getBlock() { return block; }
    public void setBlock(int block) { this.block = block; }
    public double getRatio() { return ratio; }
    public void setRatio(double ratio) { this.ratio = ratio; }
    public long getSeed() { return seed; }
    public void setSeed(long seed) { this.seed = seed; }
    public int getChannels() { return channels; }
    public void setChannels(int channels) { this.channels = channels; }
    public float[] getMatrix() { return matrix; }
    public void setMatrix(float[] matrix) { this.matrix = matrix; }
    public String getKernel() { return kernel; }
    public void setKernel(String kernel) { this.kernel = kernel; }
    public double getSigma() { return sigma; }
    public void setSigma(double sigma) { this.sigma = sigma; }
    public int getSize() { return size; }
    public void setSize(int size) { this.size = size; }
    public String getBorder() { return border; }
    public void setBorder(String border) { this.border = border; }
    public int getDecimate() { return decimate; }
    public void setDecimate(int decimate) { this.decimate = decimate; }
    public double getRcond() { return rcond; }
    public void setRcond(double rcond) { this.rcond = rcond; }
    public String getMask() { return mask; }
    public void setMask(String mask) { this.mask = mask; }
    public int getBoxes() { return boxes; }
    public void setBoxes(int boxes) { this.boxes = boxes; }
    public int getBoxMin() { return boxMin; }
    public void setBoxMin(int boxMin) { this.boxMin = boxMin; }
    public int getBoxMax() { return boxMax; }
    public void setBoxMax(int boxMax) { this.boxMax = boxMax; }
    public double getNoise() { return noise; }
    public void setNoise(double noise) { this.noise = noise; }
    public Double getLambda() { return lambda; }
    public void setLambda(Double lambda) { this.lambda = lambda; }
    public LinkedHashMap<String, Object> getSettings() { return settings; }
    public void setSettings(LinkedHashMap<String, Object> settings) { this.settings = settings; }

    /** Largest CS block: its seeded {@code B² × B²} orthogonal matrix takes seconds to make at this size. */
    public static final int MAX_BLOCK = 48;
    /** Largest scale or decimation factor. */
    public static final int MAX_SCALE = 16;
    /** Largest inpainting box side and blur kernel size, in pixels. */
    public static final int MAX_BOX = 4096;

    /**
     * Checks every field against its range before anything is built, so a crafted checkpoint or
     * config can neither make the loader work for hours (a huge CS block) nor overflow a size.
     *
     * @throws IllegalArgumentException one line naming the task field and its range
     */
    public OperatorSpec check() {
        if (kind == null) throw new IllegalArgumentException("operator has no kind");
        switch (kind) {
            case SR -> range("task.scale", scale, 1, MAX_SCALE);
            case BICUBIC -> range("task.scale", scale, 2, MAX_SCALE);
            case COLORIZATION -> {
                if (coefficients == null || coefficients.length != 3 || Arrays.stream(coefficients).anyMatch(c -> !Double.isFinite(c))
                        || Arrays.stream(coefficients).allMatch(c -> c == 0)) {
                    throw new IllegalArgumentException("task.coefficients must be 3 finite numbers, not all 0, got "
                            + Arrays.toString(coefficients));
                }
            }
            case CS -> {
                range("task.block", block, 1, MAX_BLOCK);
                unit("task.ratio", ratio, false);
                range("channels", channels, 1, 4);
                if (matrix != null) {
                    long q = (long) Math.ceil(ratio * block * block);
                    if (matrix.length != q * block * block) {
                        throw new IllegalArgumentException("the CS sampling matrix has " + matrix.length + " values; block " + block
                                + " and ratio " + ratio + " need " + q * block * block);
                    }
                    for (float v : matrix) {
                        if (!Float.isFinite(v)) throw new IllegalArgumentException("the CS sampling matrix holds a non-finite value");
                    }
                }
            }
            case BLUR -> {
                if ("gaussian".equals(kernel) && !(sigma > 0 && sigma <= 64)) {
                    throw new IllegalArgumentException("task.sigma must be in (0, 64], got " + sigma);
                }
                if ("box".equals(kernel)) range("task.size", size, 1, MAX_BOX);
                range("task.decimate", decimate, 1, MAX_SCALE);
            }
            case INPAINTING -> {
                if ("pixels".equals(mask)) unit("task.ratio", ratio, true);
                if ("boxes".equals(mask)) {
                    range("task.boxes", boxes, 0, 10_000);
                    range("task.boxMin", boxMin, 1, MAX_BOX);
                    range("task.boxMax", boxMax, boxMin, MAX_BOX);
                }
            }
            default -> { }
        }
        if (!(noise >= 0 && noise <= 1)) throw new IllegalArgumentException("task.noise must be in [0, 1], got " + noise);
        if (lambda != null && !(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("task.lambda must be in [0, 1], got " + lambda);
        }
        return this;
    }

    /**
     * Why this operator leaves nothing to learn ({@code A} keeps the whole image, so {@code x̂ = A†y = x}
     * and the loss is 0 whatever the network does), or null.
     */
    public String nothingToLearn() {
        if (INPAINTING.equals(kind) && "pixels".equals(mask) && ratio >= 1) return "task.ratio 1.0 keeps every pixel";
        if (CS.equals(kind) && ratio >= 1) return "task.ratio 1.0 measures every coefficient of each block";
        return null;
    }

    private static void range(String field, long v, long lo, long hi) {
        if (v < lo || v > hi) throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], got " + v);
    }

    private static void unit(String field, double v, boolean zeroOk) {
        if (!(zeroOk ? v >= 0 : v > 0) || !(v <= 1)) {
            throw new IllegalArgumentException(field + " must be in " + (zeroOk ? "[" : "(") + "0, 1], got " + v);
        }
    }

    public OperatorSpec copy() {
        OperatorSpec s = new OperatorSpec();
        s.kind = kind;
        s.scale = scale;
        s.coefficients = coefficients == null ? null : coefficients.clone();
        s.block = block;
        s.ratio = ratio;
        s.seed = seed;
        s.channels = channels;
        s.matrix = matrix == null ? null : matrix.clone();
        s.kernel = kernel;
        s.sigma = sigma;
        s.size = size;
        s.border = border;
        s.decimate = decimate;
        s.rcond = rcond;
        s.mask = mask;
        s.boxes = boxes;
        s.boxMin = boxMin;
        s.boxMax = boxMax;
        s.noise = noise;
        s.lambda = lambda;
        s.settings = settings == null ? null : new LinkedHashMap<>(settings);
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OperatorSpec s)) return false;
        return Objects.equals(kind, s.kind) && scale == s.scale && Arrays.equals(coefficients, s.coefficients)
                && block == s.block && Double.compare(ratio, s.ratio) == 0 && seed == s.seed && channels == s.channels
                && Arrays.equals(matrix, s.matrix) && Objects.equals(kernel, s.kernel) && Double.compare(sigma, s.sigma) == 0
                && size == s.size && Objects.equals(border, s.border) && decimate == s.decimate
                && Double.compare(rcond, s.rcond) == 0 && Objects.equals(mask, s.mask) && boxes == s.boxes
                && boxMin == s.boxMin && boxMax == s.boxMax && Double.compare(noise, s.noise) == 0
                && Objects.equals(lambda, s.lambda) && Objects.equals(settings, s.settings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, scale, Arrays.hashCode(coefficients), block, ratio, seed, channels, Arrays.hashCode(matrix),
                kernel, sigma, size, border, decimate, rcond, mask, boxes, boxMin, boxMax, noise, lambda, settings);
    }

    @Override
    public String toString() {
        String base = switch (kind == null ? "" : kind) {
            case SR -> "sr(scale=" + scale + ")";
            case BICUBIC -> "sr-bicubic(scale=" + scale + ")";
            case COLORIZATION -> "colorization(c=" + Arrays.toString(coefficients) + ")";
            case CS -> "cs(block=" + block + ", ratio=" + ratio + ", seed=" + seed + ")";
            case BLUR -> "blur(" + kernel + (kernel != null && kernel.equals("box") ? ", size=" + size : ", sigma=" + sigma)
                    + ", " + border + (decimate > 1 ? ", decimate=" + decimate : "") + ")";
            case INPAINTING -> "inpainting(" + mask + (mask != null && mask.equals("pixels") ? ", ratio=" + ratio
                    : ", boxes=" + boxes + " of " + boxMin + "-" + boxMax) + ", seed=" + seed + ")";
            default -> kind + (settings == null ? "()" : settings.toString().replace('{', '(').replace('}', ')'));
        };
        return noise > 0 || lambda != null
                ? base + String.format(Locale.ROOT, " + noise(sigma=%s, lambda=%s)", noise, lambda == null ? "per image" : lambda)
                : base;
    }
}

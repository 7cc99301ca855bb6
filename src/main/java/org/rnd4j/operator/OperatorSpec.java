package org.rnd4j.operator;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Everything needed to rebuild a {@link Degradation} exactly: the task kind and its parameters,
 * and for compressed sensing the sampling matrix itself. It is a plain bean (no-arg constructor,
 * getters and setters) so DL4J serialises it inside the graph configuration of a checkpoint.
 */
public class OperatorSpec implements Serializable {
    public static final String SR = "sr";
    public static final String COLORIZATION = "colorization";
    public static final String CS = "cs";

    private String kind;
    private int scale;
    private double[] coefficients;
    private int block;
    private double ratio;
    private long seed;
    private int channels = 3;
    /** CS only: the {@code q × B²} sampling matrix, row-major. */
    private float[] matrix;

    public OperatorSpec() {}

    public static OperatorSpec sr(int scale) {
        OperatorSpec s = new OperatorSpec();
        s.kind = SR;
        s.scale = scale;
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
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OperatorSpec s)) return false;
        return java.util.Objects.equals(kind, s.kind) && scale == s.scale && Arrays.equals(coefficients, s.coefficients)
                && block == s.block && Double.compare(ratio, s.ratio) == 0 && seed == s.seed && channels == s.channels
                && Arrays.equals(matrix, s.matrix);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, scale, Arrays.hashCode(coefficients), block, ratio, seed, channels,
                Arrays.hashCode(matrix));
    }

    @Override
    public String toString() {
        return switch (kind == null ? "" : kind) {
            case SR -> "sr(scale=" + scale + ")";
            case COLORIZATION -> "colorization(c=" + Arrays.toString(coefficients) + ")";
            case CS -> "cs(block=" + block + ", ratio=" + ratio + ", seed=" + seed + ")";
            default -> "operator(" + kind + ")";
        };
    }
}

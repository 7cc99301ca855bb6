package org.rnd4j.operator.generator;

/**
 * Counter-based randomness: a value from (seed, sample, row, column, channel) alone, so masks and
 * noise are the same whether an image is observed whole or in strips, and batch {@code i} of a
 * run is the same after a resume. SplitMix64's finaliser over a combined key.
 */
public final class CounterRandom {
    private CounterRandom() {}

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long key(long seed, long sample, long row, long col, long channel) {
        long k = mix(seed + 0x9E3779B97F4A7C15L);
        k = mix(k ^ (sample * 0x9E3779B97F4A7C15L + 1));
        k = mix(k ^ (row * 0xC2B2AE3D27D4EB4FL + 2));
        k = mix(k ^ (col * 0x165667B19E3779F9L + 3));
        return mix(k ^ (channel * 0xD6E8FEB86659FD93L + 4));
    }

    /** Uniform in [0, 1). */
    public static double uniform(long seed, long sample, long row, long col, long channel) {
        return (key(seed, sample, row, col, channel) >>> 11) * 0x1.0p-53;
    }

    /** Standard normal (Box–Muller on two uniforms). */
    public static double gaussian(long seed, long sample, long row, long col, long channel) {
        double u1 = uniform(seed, sample, row, col, 2 * channel), u2 = uniform(seed, sample, row, col, 2 * channel + 1);
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}

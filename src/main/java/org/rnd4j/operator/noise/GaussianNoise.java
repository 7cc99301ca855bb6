package org.rnd4j.operator.noise;

import org.rnd4j.operator.generator.CounterRandom;

/**
 * Additive white Gaussian observation noise with standard deviation {@code sigma}, drawn from
 * (seed, sample, observation row, column, channel) alone, so an image observed whole or in strips,
 * or a batch after a resume, gets the same noise.
 */
public record GaussianNoise(double sigma) {
    public GaussianNoise {
        if (!(sigma >= 0)) throw new IllegalArgumentException("noise sigma must be >= 0, got " + sigma);
    }

    /** Noise for {@code n × c × h × w} observation values (row-major), the first row being observation row {@code firstRow}. */
    public float[] draw(long seed, int n, int c, int h, int w, long firstRow) {
        float[] noise = new float[n * c * h * w];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int r = 0; r < h; r++)
                    for (int col = 0; col < w; col++)
                        noise[((i * c + ch) * h + r) * w + col] =
                                (float) (sigma * CounterRandom.gaussian(seed ^ 0x5DEECE66DL, i, firstRow + r, col, ch));
        return noise;
    }
}

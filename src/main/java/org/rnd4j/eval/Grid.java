package org.rnd4j.eval;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnd4j.data.Images;
import org.rnd4j.operator.Degradation;

/**
 * A side-by-side picture of one validation image at full resolution: a centre crop (at most
 * {@value #SIZE}×{@value #SIZE}) of the observation shown in image space, {@code A†y}, the output,
 * the ground truth and the absolute error amplified {@value #GAIN}×, separated by white lines.
 * Filled strip by strip as the image is restored.
 */
final class Grid {
    static final int SIZE = 192, GAIN = 4, GAP = 4;
    static final String[] TILES = {"observation", "A†y", "output", "ground truth", "|error| ×" + GAIN};
    private final int top, left, h, w;
    private final float[][] tiles = new float[5][];

    Grid(int height, int width, int multiple) {
        this.h = Math.min(SIZE, height) / multiple * multiple;
        this.w = Math.min(SIZE, width) / multiple * multiple;
        this.top = (height - h) / 2 / multiple * multiple;
        this.left = (width - w) / 2 / multiple * multiple;
        for (int i = 0; i < 5; i++) tiles[i] = new float[3 * h * w];
    }

    /** The observation as an image: upsampled by repetition (SR), its image channels (masks, blur, gray), or A†y (CS). */
    static INDArray display(Degradation op, INDArray y) {
        int s = op.upscale();
        INDArray rgb = y.size(1) >= 3 ? y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all(), NDArrayIndex.all())
                : null;
        if (s >= 2 && rgb != null) return Nd4j.cnn().upsampling2d(rgb.dup(), s, s, true);
        if (rgb != null && op.observationSize(op.spatialMultiple()) == op.spatialMultiple()) return rgb;
        return op.pinv(y);
    }

    /** Copies the crop's rows of a strip {@code [y0, y0 + rows)}. */
    void collect(int y0, INDArray observation, INDArray pinv, INDArray output, INDArray truth) {
        int rows = (int) output.size(2);
        int a = Math.max(y0, top), b = Math.min(y0 + rows, top + h);
        if (a >= b) return;
        INDArray[] src = {observation, pinv, output, truth};
        for (int t = 0; t < 4; t++) {
            INDArray part = src[t].get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.interval(a - y0, b - y0),
                    NDArrayIndex.interval(left, left + w)).castTo(DataType.FLOAT).dup('c');
            float[] d = part.data().asFloat();
            for (int c = 0; c < 3; c++) {
                System.arraycopy(d, c * (b - a) * w, tiles[t], (c * h + (a - top)) * w, (b - a) * w);
            }
        }
        for (int c = 0; c < 3; c++) {
            for (int r = a; r < b; r++) {
                for (int x = 0; x < w; x++) {
                    int i = (c * h + (r - top)) * w + x;
                    float e = 0;
                    for (int k = 0; k < 3; k++) {
                        int j = (k * h + (r - top)) * w + x;
                        e += Math.abs(clip(tiles[2][j]) - tiles[3][j]);
                    }
                    tiles[4][i] = Math.min(1f, GAIN * e / 3);
                }
            }
        }
    }

    private static float clip(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    void write(Path file) throws IOException {
        int width = 5 * w + 4 * GAP;
        float[] out = new float[3 * h * width];
        java.util.Arrays.fill(out, 1f);
        for (int t = 0; t < 5; t++) {
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(tiles[t], (c * h + r) * w, out, (c * h + r) * width + t * (w + GAP), w);
                }
            }
        }
        Images.writePng(Nd4j.create(out, new long[]{3, h, width}, 'c'), file);
    }
}

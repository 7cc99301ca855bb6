package org.rnd4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A decoded RGB image in memory: {@code data} is CHW float in [0, 1]. */
public record Image(String name, int height, int width, float[] data) {

    /** The image as {@code [1, 3, H, W]}, cropped (top-left) to multiples of {@code multiple}. */
    public INDArray toBatch(int multiple) {
        int h = height / multiple * multiple, w = width / multiple * multiple;
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("image " + name + " is " + width + "x" + height
                    + ", smaller than the operator's block/scale " + multiple);
        }
        float[] out = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(data, (c * height + y) * width, out, (c * h + y) * w, w);
            }
        }
        return Arrays4d.of(out, 1, 3, h, w);
    }
}

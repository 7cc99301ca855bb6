package org.rnd4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNGs encoded strip by strip, never whole. */
class StreamedImageTest {
    @TempDir
    Path dir;

    @Test
    void thePngWriterPullsRowsInOrderAndTheFileHoldsEveryStrip() throws Exception {
        int w = 37, h = 250;
        List<Integer> starts = new ArrayList<>();
        StreamedImage im = new StreamedImage(w, h, false, y0 -> {
            starts.add(y0);
            int rows = Math.min(40, h - y0);
            float[] s = new float[3 * rows * w];
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < rows; y++)
                    for (int x = 0; x < w; x++) s[(c * rows + y) * w + x] = ((y0 + y + x * (c + 1)) % 256) / 255f;
            return s;
        });
        Images.writePng(im, dir.resolve("s.png"));
        assertThat(starts).containsExactly(0, 40, 80, 120, 160, 200, 240);
        Image back = Images.read(dir.resolve("s.png"));
        assertThat(back.height()).isEqualTo(h);
        for (int y : new int[]{0, 39, 40, 139, 249}) {
            for (int c = 0; c < 3; c++) {
                assertThat(back.sample(c, y, 5) * 255).isCloseTo((y + 5 * (c + 1)) % 256, org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }
}

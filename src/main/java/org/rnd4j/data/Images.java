package org.rnd4j.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PNG/JPEG/BMP decoding and PNG writing with {@code javax.imageio}: RGB float in [0, 1]; gray is
 * replicated to RGB, alpha is dropped, 16-bit samples keep their precision.
 */
public final class Images {
    private Images() {}

    /** Decodes {@code file}, or throws an {@link IOException} whose message names it. */
    public static Image read(Path file) throws IOException {
        BufferedImage im;
        try {
            im = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
        if (im == null) {
            throw new IOException("cannot decode image " + file + ": not a PNG, JPEG or BMP file, or corrupt");
        }
        int w = im.getWidth(), h = im.getHeight(), n = w * h;
        float[] d = new float[3 * n];
        Raster r = im.getRaster();
        int bits = r.getSampleModel().getSampleSize(0);
        int bands = r.getNumBands();
        if (bits == 16 && bands <= 4) {
            float[] px = r.getPixels(0, 0, w, h, (float[]) null);
            boolean gray = bands <= 2;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    d[c * n + i] = px[i * bands + (gray ? 0 : c)] / 65535f;
                }
            }
        } else {
            int[] px = im.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < n; i++) {
                int p = px[i];
                d[i] = ((p >> 16) & 255) / 255f;
                d[n + i] = ((p >> 8) & 255) / 255f;
                d[2 * n + i] = (p & 255) / 255f;
            }
        }
        return new Image(file.getFileName().toString(), h, w, d);
    }

    /** Writes {@code [3, H, W]} or {@code [1, 3, H, W]} values (clipped to [0, 1]) as an 8-bit PNG. */
    public static void writePng(INDArray chw, Path file) throws IOException {
        INDArray a = chw.rank() == 4 ? chw.slice(0) : chw;
        int h = (int) a.size(1), w = (int) a.size(2), n = h * w;
        float[] d = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = (to8(d[i]) << 16) | (to8(d[n + i]) << 8) | to8(d[2 * n + i]);
        }
        im.setRGB(0, 0, w, h, px, 0, w);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(im, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    private static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}

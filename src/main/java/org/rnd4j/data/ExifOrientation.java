package org.rnd4j.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The Exif orientation of a JPEG (tag 274, 1–8), which cameras and phones write instead of turning the
 * pixels: a portrait phone photo is stored on its side. rnd4j reads a JPEG as it is displayed (as browsers,
 * OpenCV's {@code imread} and Pillow's {@code exif_transpose} do), so it is restored, degraded and written
 * upright; the written PNG carries no orientation. The block's TIFF structure is read by the JDK's TIFF reader; a
 * missing or unreadable block means 1, the pixels as stored (with a warning if malformed).
 */
final class ExifOrientation {
    private ExifOrientation() {}

    /** The orientation a JPEG's Exif block ({@link JpegSegments#exif()}, or null) asks for: 1 (as stored) unless readable. */
    static int of(byte[] tiff, Path file) {
        if (tiff == null) return 1;
        ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
        try (MemoryCacheImageInputStream s = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            reader.setInput(s, true, false);
            TIFFField f = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0))
                    .getTIFFField(BaselineTIFFTagSet.TAG_ORIENTATION);
            if (f == null) return 1;
            int o = f.getAsInt(0);
            if (o >= 1 && o <= 8) return o;
            ReadWarnings.warn(file, "its Exif orientation is " + o + ", not 1-8; the image is read as stored");
        } catch (IOException | RuntimeException e) {
            ReadWarnings.warn(file, "its Exif block cannot be read (" + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()) + "); the image is read as stored");
        } finally {
            reader.dispose();
        }
        return 1;
    }
}

package org.rnd4j.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Exif orientation of a JPEG (tag 274, 1–8), which cameras and phones write instead of turning the
 * pixels: a portrait phone photo is stored on its side. rnd4j reads a JPEG as it is displayed (as browsers,
 * OpenCV's {@code imread} and Pillow's {@code exif_transpose} do), so it is restored, degraded and written
 * upright; the written PNG carries no orientation. The APP1 segment is found by walking the marker segments
 * before the first scan (bounded: a segment holds at most 64 KiB); its TIFF structure is read by the JDK's
 * TIFF reader. A missing or unreadable block means 1, the pixels as stored (with a warning if malformed).
 */
final class ExifOrientation {
    private static final Logger log = LoggerFactory.getLogger(ExifOrientation.class);
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int MAX_SEGMENTS = 1024;

    private ExifOrientation() {}

    /** The orientation {@code file} asks for: 1 (as stored) unless it is a JPEG with a readable Exif orientation. */
    static int of(Path file) {
        byte[] tiff;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            tiff = exifBlock(in);
        } catch (IOException e) {
            return 1;
        }
        if (tiff == null) return 1;
        ImageReader reader = ImageIO.getImageReadersByFormatName("tiff").next();
        try (MemoryCacheImageInputStream s = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            reader.setInput(s, true, false);
            TIFFField f = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0))
                    .getTIFFField(BaselineTIFFTagSet.TAG_ORIENTATION);
            if (f == null) return 1;
            int o = f.getAsInt(0);
            if (o >= 1 && o <= 8) return o;
            log.warn("{}: its Exif orientation is {}, not 1-8; the image is read as stored", file, o);
        } catch (IOException | RuntimeException e) {
            log.warn("{}: its Exif block cannot be read ({}); the image is read as stored", file,
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } finally {
            reader.dispose();
        }
        return 1;
    }

    /** The TIFF structure of the first Exif APP1 segment before the image data, or null. */
    private static byte[] exifBlock(DataInputStream in) throws IOException {
        if (in.readUnsignedShort() != 0xFFD8) return null;
        for (int i = 0; i < MAX_SEGMENTS; i++) {
            if (in.readUnsignedByte() != 0xFF) return null;
            int marker = in.readUnsignedByte();
            while (marker == 0xFF) marker = in.readUnsignedByte();
            if (marker == 0xDA || marker == 0xD9) return null;
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
            int length = in.readUnsignedShort() - 2;
            if (length < 0) return null;
            if (marker == 0xE1 && length > EXIF.length) {
                byte[] data = in.readNBytes(length);
                if (data.length < length) return null;
                if (Arrays.equals(data, 0, EXIF.length, EXIF, 0, EXIF.length)) return Arrays.copyOfRange(data, EXIF.length, length);
            } else {
                in.skipNBytes(length);
            }
        }
        return null;
    }
}

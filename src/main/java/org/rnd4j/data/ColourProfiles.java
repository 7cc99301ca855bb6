package org.rnd4j.data;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorModel;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.InflaterInputStream;

/**
 * Embedded ICC colour profiles, kept rather than applied. rnd4j restores the samples a file stores (as MATLAB,
 * OpenCV and Pillow read them, and as an observation's {@code A x̂ = y} is checked), so a profile is not converted
 * to sRGB on reading; it travels with the image instead, and {@code infer}/{@code degrade}/{@code eval} write it
 * into their PNGs, which then display as the input does. The JDK would otherwise convert a JPEG's non-sRGB
 * profile to sRGB (clipping its gamut; {@link JpegSegments#withoutProfile} hides it from the reader) and drop a PNG's
 * {@code iCCP} chunk unread.
 */
final class ColourProfiles {
    /** The largest profile kept (inflated); real ones are kilobytes, a crafted {@code iCCP} could inflate to gigabytes. */
    static final int MAX_BYTES = 4 << 20;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final float[][] PROBES = {{0.8f, 0.3f, 0.2f}, {0.3f, 0.7f, 0.3f}, {0.2f, 0.4f, 0.9f}, {0.5f, 0.5f, 0.5f}};

    private ColourProfiles() {}

    /** The profile of {@code cm}'s colour space if it is one read from a file (not one of the JDK's own), else null. */
    static byte[] embedded(ColorModel cm) {
        ColorSpace cs = cm.getColorSpace();
        if (!(cs instanceof ICC_ColorSpace icc) || cs == ColorSpace.getInstance(ColorSpace.CS_sRGB)
                || cs == ColorSpace.getInstance(ColorSpace.CS_GRAY) || cs == ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB)) {
            return null;
        }
        return icc.getProfile().getData();
    }

    /** The profile in a PNG's {@code iCCP} chunk, or null (none, unreadable, or larger than {@link #MAX_BYTES}). */
    static byte[] png(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!Arrays.equals(in.readNBytes(8), PNG_SIGNATURE)) return null;
            while (true) {
                long length = in.readInt() & 0xFFFFFFFFL;
                String type = new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
                if (type.equals("IDAT") || type.equals("IEND")) return null;
                if (!type.equals("iCCP")) {
                    in.skipNBytes(length + 4);
                    continue;
                }
                if (length > MAX_BYTES) return null;
                byte[] data = in.readNBytes((int) length);
                int nul = 0;
                while (nul < data.length && data[nul] != 0) nul++;
                if (nul + 2 > data.length || data[nul + 1] != 0) return null;
                try (InputStream z = new InflaterInputStream(new ByteArrayInputStream(data, nul + 2, data.length - nul - 2))) {
                    byte[] profile = z.readNBytes(MAX_BYTES + 1);
                    return profile.length == 0 || profile.length > MAX_BYTES ? null : profile;
                }
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether {@code profile} maps colours as sRGB does (within 1 %; a gray profile: its gray levels to the same sRGB
     * gray): an embedded copy of sRGB, which needs no warning. False for one that cannot be parsed.
     */
    static boolean srgbLike(byte[] profile) {
        try {
            ICC_ColorSpace cs = new ICC_ColorSpace(ICC_Profile.getInstance(profile));
            for (float[] probe : PROBES) {
                float[] in = cs.getNumComponents() == 1 ? new float[]{probe[0]} : cs.getNumComponents() == 3 ? probe : null;
                if (in == null) return false;
                float[] rgb = cs.toRGB(in);
                for (int c = 0; c < 3; c++) {
                    if (Math.abs(rgb[c] - in[in.length == 1 ? 0 : c]) > 0.01f) return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}

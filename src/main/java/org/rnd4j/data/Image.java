package org.rnd4j.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A decoded image held compactly: the file's own sample values (8-bit, 16-bit, or float for
 * images made in memory), one plane for gray images and three for colour ones, read as RGB
 * floats in [0, 1] (a gray plane is replicated). {@link #gray()} remembers a one-channel source,
 * so outputs for it can be written gray again.
 */
public final class Image {
    private final String name;
    private final int height, width;
    private final boolean gray;
    private final byte[] bytes;
    private final short[] shorts;
    private final float[] floats;
    private final byte[] profile;

    private Image(String name, int height, int width, boolean gray, byte[] bytes, short[] shorts, float[] floats) {
        this(name, height, width, gray, bytes, shorts, floats, null);
    }

    private Image(String name, int height, int width, boolean gray, byte[] bytes, short[] shorts, float[] floats, byte[] profile) {
        this.name = name;
        this.height = height;
        this.width = width;
        this.gray = gray;
        this.bytes = bytes;
        this.shorts = shorts;
        this.floats = floats;
        this.profile = profile;
    }

    /** 8-bit samples, {@code planes} (1 or 3) planes of {@code h·w} values each. */
    public static Image of8bit(String name, int h, int w, boolean gray, byte[] planes) {
        check(planes.length, h, w, gray);
        return new Image(name, h, w, gray, planes, null, null);
    }

    /** 16-bit samples (unsigned), 1 or 3 planes. */
    public static Image of16bit(String name, int h, int w, boolean gray, short[] planes) {
        check(planes.length, h, w, gray);
        return new Image(name, h, w, gray, null, planes, null);
    }

    /** Float samples in [0, 1], CHW with 3 channels. */
    public static Image ofFloats(String name, int h, int w, float[] chw) {
        check(chw.length, h, w, false);
        return new Image(name, h, w, false, null, null, chw);
    }

    private static void check(int length, int h, int w, boolean gray) {
        if ((long) length != (long) h * w * (gray ? 1 : 3)) {
            throw new IllegalArgumentException("image data has " + length + " values, expected " + (gray ? 1 : 3) + "x" + h + "x" + w);
        }
    }

    public String name() { return name; }
    public int height() { return height; }
    public int width() { return width; }

    /**
     * The ICC colour profile embedded in the source file, whose samples these are (not converted to sRGB), or null for
     * none; outputs written for the image carry it. Derived images in another colour space (luma, padded floats) have none.
     */
    public byte[] profile() { return profile == null ? null : profile.clone(); }

    /** This image under another name (its path inside the folder it was listed from). */
    Image named(String name) {
        return new Image(name, height, width, gray, bytes, shorts, floats, profile);
    }

    /** This image with {@code profile} (ICC bytes, or null) as its source's colour profile. */
    Image withProfile(byte[] profile) {
        return new Image(name, height, width, gray, bytes, shorts, floats, profile);
    }

    /** Whether the source had one channel. */
    public boolean gray() { return gray; }

    /**
     * The sample depth outputs for this image are written in: 8 for 8-bit (and 1/2/4-bit) sources, 16 for 16-bit
     * ones and for images made in memory as floats, which hold more than 8 bits.
     */
    public int bits() { return bytes != null ? 8 : 16; }

    /** Sample of channel {@code c} (0..2) at row {@code y}, column {@code x}, in [0, 1]. */
    public float sample(int c, int y, int x) {
        int i = (gray ? 0 : c * height * width) + y * width + x;
        if (bytes != null) return (bytes[i] & 0xFF) / 255f;
        if (shorts != null) return (shorts[i] & 0xFFFF) / 65535f;
        return floats[i];
    }

    /** Rows {@code [y0, y1)}, columns {@code [0, w)}, as CHW floats with 3 channels. */
    public float[] rows(int y0, int y1, int w) {
        return region(y0, 0, y1 - y0, w);
    }

    /** The {@code h × w} region at row {@code top}, column {@code left}, as CHW floats with 3 channels. */
    public float[] region(int top, int left, int h, int w) {
        if (top < 0 || left < 0 || top + h > height || left + w > width) {
            throw new IllegalArgumentException("region " + w + "x" + h + " at (" + left + ", " + top + ") is outside image " + name
                    + " (" + width + "x" + height + ")");
        }
        float[] out = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            int plane = gray ? 0 : c * height * width;
            if (gray && c > 0) {
                System.arraycopy(out, 0, out, c * h * w, h * w);
                continue;
            }
            for (int y = 0; y < h; y++) {
                int src = plane + (top + y) * width + left, dst = (c * h + y) * w;
                if (bytes != null) {
                    for (int x = 0; x < w; x++) out[dst + x] = (bytes[src + x] & 0xFF) / 255f;
                } else if (shorts != null) {
                    for (int x = 0; x < w; x++) out[dst + x] = (shorts[src + x] & 0xFFFF) / 65535f;
                } else {
                    System.arraycopy(floats, src, out, dst, w);
                }
            }
        }
        return out;
    }

    /**
     * This image as gray: its luma {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601, MATLAB's
     * {@code rgb2gray}) rounded to the image's bit depth (16 bits for float images); itself if
     * it is gray. Compressed sensing is trained and measured on gray images ({@code data.gray}).
     */
    public Image luma() {
        return luma(false);
    }

    /**
     * This image as gray: with {@code ycbcr}, the Y of MATLAB's {@code rgb2ycbcr}
     * ({@code 16 + 65.481 R + 128.553 G + 24.966 B} for R, G, B in [0, 1], on the 0–255 scale: the
     * plane the VDSR/MemNet line of super-resolution networks is trained and measured on) held in
     * 16 bits, not rounded to the source's 8: Y-channel metrics take the unrounded Y of the ground
     * truth and of colour outputs alike, and an 8-bit Y of an LR file would add a rounding error that
     * {@code A†} amplifies (Set5 ×4: {@code A†y} 29.16 instead of 29.18 dB). Else {@link #luma()}'s, rounded to the image's bit
     * depth. Itself if it is gray: the published protocol measures a gray image on its own values.
     */
    public Image luma(boolean ycbcr) {
        if (gray) return this;
        double wr = ycbcr ? 65.481 / 255 : 0.299, wg = ycbcr ? 128.553 / 255 : 0.587, wb = ycbcr ? 24.966 / 255 : 0.114;
        double offset = ycbcr ? 16.0 / 255 : 0;
        int n = height * width;
        if (bytes != null && !ycbcr) {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = (byte) Math.round(wr * (bytes[i] & 0xFF) + wg * (bytes[n + i] & 0xFF) + wb * (bytes[2 * n + i] & 0xFF));
            }
            return of8bit(name, height, width, true, out);
        }
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            double y = bytes != null
                    ? 257 * (wr * (bytes[i] & 0xFF) + wg * (bytes[n + i] & 0xFF) + wb * (bytes[2 * n + i] & 0xFF) + 255 * offset)
                    : shorts != null
                    ? wr * (shorts[i] & 0xFFFF) + wg * (shorts[n + i] & 0xFFFF) + wb * (shorts[2 * n + i] & 0xFFFF) + 65535 * offset
                    : 65535.0 * (wr * floats[i] + wg * floats[n + i] + wb * floats[2 * n + i] + offset);
            out[i] = (short) Math.round(Math.max(0, Math.min(65535, y)));
        }
        return of16bit(name, height, width, true, out);
    }

    /**
     * This image zero-padded on the right and bottom to {@code h × w} (at least its size), as
     * block compressed sensing measures images whose sides are not a multiple of the block; itself
     * if nothing is added.
     */
    public Image padded(int h, int w) {
        if (h < height || w < width) {
            throw new IllegalArgumentException("cannot pad image " + name + " (" + width + "x" + height + ") to the smaller " + w + "x" + h);
        }
        if (h == height && w == width) return this;
        float[] src = rows(0, height, width), out = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) System.arraycopy(src, (c * height + y) * width, out, (c * h + y) * w, width);
        }
        return ofFloats(name, h, w, out);
    }

    /**
     * This image as displayed under the Exif/TIFF orientation {@code o} (tag 274: 1 as stored, 2 mirrored,
     * 3 turned 180°, 4 flipped, 5 transposed, 6 to be turned 90° clockwise, 7 transversed, 8 to be turned 90°
     * counter-clockwise; 5–8 swap width and height), in the same sample type; itself for 1.
     */
    Image oriented(int o) {
        if (o == 1) return this;
        int h = height, w = width;
        // source row = r0 + rr·r + rc·c, source column = c0 + cr·r + cc·c for output row r, column c
        int[] m = switch (o) {
            case 2 -> new int[]{0, 1, 0, w - 1, 0, -1};
            case 3 -> new int[]{h - 1, -1, 0, w - 1, 0, -1};
            case 4 -> new int[]{h - 1, -1, 0, 0, 0, 1};
            case 5 -> new int[]{0, 0, 1, 0, 1, 0};
            case 6 -> new int[]{h - 1, 0, -1, 0, 1, 0};
            case 7 -> new int[]{h - 1, 0, -1, w - 1, -1, 0};
            case 8 -> new int[]{0, 0, 1, w - 1, -1, 0};
            default -> throw new IllegalArgumentException("orientation " + o + " of image " + name + ": expected 1-8");
        };
        int oh = o >= 5 ? w : h, ow = o >= 5 ? h : w, n = h * w, planes = gray ? 1 : 3;
        int base = m[0] * w + m[3], stepRow = m[1] * w + m[4], stepCol = m[2] * w + m[5];
        byte[] b = bytes != null ? new byte[bytes.length] : null;
        short[] s = shorts != null ? new short[shorts.length] : null;
        float[] f = floats != null ? new float[floats.length] : null;
        for (int p = 0; p < planes; p++) {
            for (int r = 0, i = p * n; r < oh; r++) {
                for (int c = 0, src = p * n + base + r * stepRow; c < ow; c++, i++, src += stepCol) {
                    if (b != null) b[i] = bytes[src];
                    else if (s != null) s[i] = shorts[src];
                    else f[i] = floats[src];
                }
            }
        }
        return new Image(name, oh, ow, gray, b, s, f, profile);
    }

    /** The image as {@code [1, 3, H, W]}, cropped (top-left) to multiples of {@code multiple}. */
    public INDArray toBatch(int multiple) {
        int h = height / multiple * multiple, w = width / multiple * multiple;
        if (h == 0 || w == 0) {
            throw new IllegalArgumentException("image " + name + " is " + width + "x" + height
                    + ", smaller than the operator's block/scale " + multiple);
        }
        return Arrays4d.of(rows(0, h, w), 1, 3, h, w);
    }

    /** Feeds the name, size and every stored sample to {@code digest} (a fingerprint of exactly what was read). */
    void feed(java.security.MessageDigest digest) {
        digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(java.nio.ByteBuffer.allocate(9).putInt(height).putInt(width).put((byte) (gray ? 1 : 0)).array());
        if (bytes != null) {
            digest.update(bytes);
        } else {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * 8192);
            int n = shorts != null ? shorts.length : floats.length;
            for (int i = 0; i < n; i++) {
                if (shorts != null) buf.putShort(shorts[i]);
                else buf.putFloat(floats[i]);
                if (buf.remaining() < 4 || i == n - 1) {
                    digest.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
            }
        }
    }

    /** Memory the samples take, in bytes. */
    public long bytes() {
        long n = (long) height * width * (gray ? 1 : 3);
        return bytes != null ? n : shorts != null ? 2 * n : 4 * n;
    }
}

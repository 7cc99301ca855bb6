package org.rnd4j.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.io.SafeFiles;

/**
 * Image files in and out with {@code javax.imageio} (PNG, JPEG, BMP, GIF, WBMP and TIFF readers
 * ship with the JDK). Reading returns the file's own sample values — raster samples, never
 * {@code BufferedImage.getRGB}, which converts gray to sRGB and brightens 8-bit gray PNGs (gray
 * 93 became 163) — for gray, gray + alpha, palette, 1/2/4/8/16-bit and RGB(A) images; alpha is
 * dropped (with a warning when a pixel is transparent); an embedded colour profile is not applied but kept with the
 * image and written into its outputs ({@link ColourProfiles}; a warning when it is not sRGB); a JPEG's Exif
 * orientation is applied, so a phone's portrait photo is read upright ({@link ExifOrientation}); of a multi-page TIFF
 * or an animated GIF the first image is read, with a warning ({@link ReadWarnings}). The size is read from the header
 * and checked against a pixel limit before anything is decoded. PNGs are written to a temporary file that is synced
 * and renamed into place.
 */
public final class Images {
    /** Default {@code data.maxPixels}: the largest image (width × height) decoded. */
    public static final long DEFAULT_MAX_PIXELS = org.rnd4j.config.Defaults.MAX_PIXELS;
    /** The longest side decoded, whatever the pixel count: a 1 × 40 000 000 strip is refused from its header. */
    public static final int MAX_SIDE = 65_536;

    private Images() {}

    /** {@link #read(Path, long)} with the default pixel limit. */
    public static Image read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_PIXELS);
    }

    /** Decodes {@code file}, or throws an {@link IOException} whose one-line message names it. */
    public static Image read(Path file, long maxPixels) throws IOException {
        String name = file.getFileName().toString();
        ImageInputStream stripped = null;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new IOException("cannot open image " + file);
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("cannot decode image " + file + ": not a PNG, JPEG, BMP, GIF or TIFF file, or corrupt");
            }
            ImageReader reader = readers.next();
            try {
                // ImageIO's metadata is not read (PNG text chunks may inflate to gigabytes): the blocks used are found by
                // bounded walks of the file (JpegSegments, ColourProfiles.png), and the samples are read as stored
                JpegSegments jpeg = isJpeg(reader) ? JpegSegments.read(file) : null;
                if (jpeg != null && !jpeg.profileSegments().isEmpty()) {
                    stripped = new MemoryCacheImageInputStream(jpeg.withoutProfile(file));
                    reader.setInput(stripped, true, true);
                } else {
                    reader.setInput(in, true, true);
                }
                int w = reader.getWidth(0), h = reader.getHeight(0);
                checkSize(file, w, h, maxPixels);
                BufferedImage im = reader.read(0);
                byte[] profile = jpeg != null ? jpeg.profile()
                        : reader.getFormatName().equalsIgnoreCase("png") ? ColourProfiles.png(file)
                        : ColourProfiles.embedded(im.getColorModel());
                if (profile != null && !ColourProfiles.srgbLike(profile)) {
                    ReadWarnings.warn(file, "has an embedded colour profile that is not sRGB; its samples are used as stored"
                            + " (not converted), and the PNGs written for it carry the profile");
                }
                Image image = fromRaster(name, im, tiffPalette(reader, im), file).withProfile(profile);
                if (holdsMore(reader)) {
                    ReadWarnings.warn(file, "holds more than one image (TIFF pages or GIF frames); only the first is read");
                }
                return jpeg != null ? image.oriented(ExifOrientation.of(jpeg.exif(), file)) : image;
            } finally {
                reader.dispose();
                if (stripped != null) stripped.close();
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains(file.toString())) throw e;
            throw new IOException("cannot decode image " + file + ": " + oneLine(e), e);
        } catch (RuntimeException e) {
            throw new IOException("cannot decode image " + file + ": " + oneLine(e), e);
        } catch (OutOfMemoryError e) {
            throw new IOException("image " + file + " does not fit in memory while decoding; lower data.maxPixels or give the JVM"
                    + " more (RND4J_JAVA_OPTS=-Xmx8g)");
        }
    }

    /** Width × height of {@code file} as {@link #read} returns it (a JPEG's Exif orientation applied), without decoding the pixels. */
    public static int[] size(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw new IOException("cannot decode image " + file + ": unknown format");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                boolean turned = isJpeg(reader) && ExifOrientation.of(JpegSegments.read(file).exif(), file) >= 5;
                return turned ? new int[]{h, w} : new int[]{w, h};
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Whether a TIFF or GIF reader finds a second page or frame after the first was read (forward only). Other
     * formats are not asked: a phone's JPEG often carries a second one (a depth or gain map) that is not the photo.
     */
    private static boolean holdsMore(ImageReader reader) throws IOException {
        String format = reader.getFormatName().toLowerCase(Locale.ROOT);
        if (!format.equals("tif") && !format.equals("tiff") && !format.equals("gif")) return false;
        try {
            reader.getWidth(1);
            return true;
        } catch (IndexOutOfBoundsException | IOException e) {
            return false;
        }
    }

    private static boolean isJpeg(ImageReader reader) throws IOException {
        return reader.getFormatName().equalsIgnoreCase("jpeg");
    }

    static void checkSize(Path file, int w, int h, long maxPixels) throws IOException {
        if (w <= 0 || h <= 0) throw new IOException("cannot decode image " + file + ": its header says " + w + "x" + h);
        if (w > MAX_SIDE || h > MAX_SIDE) {
            throw new IOException("image " + file + " is " + w + "x" + h + ", a side longer than the " + MAX_SIDE + " pixels rnd4j"
                    + " decodes; crop it first");
        }
        if ((long) w * h > maxPixels) {
            throw new IOException(String.format(Locale.ROOT, "image %s is %dx%d (%.1f MP), above the limit of %.1f MP"
                    + " (data.maxPixels, or --max-pixels for eval/infer)", file, w, h, w * (double) h / 1e6, maxPixels / 1e6));
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m);
    }

    /**
     * A TIFF palette's entries as libtiff (and so OpenCV, Pillow, MATLAB's files) reads them: the
     * 16-bit ColorMap's high byte, or the values themselves where every entry is below 256 (an
     * old-style 8-bit map). The JDK's reader scales by 255/65535 and truncates, so the common
     * {@code v·256} encoding comes out one level dark (Set11's Parrots.tif and foreman.tif).
     * Null for any other image.
     */
    private static IndexColorModel tiffPalette(ImageReader reader, BufferedImage im) throws IOException {
        if (!(im.getColorModel() instanceof IndexColorModel icm)) return null;
        if (!reader.getFormatName().equalsIgnoreCase("tif") && !reader.getFormatName().equalsIgnoreCase("tiff")) return null;
        IIOMetadata meta = reader.getImageMetadata(0);
        if (meta == null) return null;
        TIFFField field = TIFFDirectory.createFromMetadata(meta).getTIFFField(BaselineTIFFTagSet.TAG_COLOR_MAP);
        if (field == null) return null;
        char[] map = field.getAsChars();
        int size = map.length / 3;
        boolean eightBit = true;
        for (char c : map) eightBit &= c < 256;
        byte[][] rgb = new byte[3][size];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < size; i++) rgb[c][i] = (byte) (eightBit ? map[c * size + i] : map[c * size + i] >> 8);
        }
        return new IndexColorModel(icm.getPixelSize(), size, rgb[0], rgb[1], rgb[2]);
    }

    /** The image's samples as stored, whatever the raster layout; {@code palette}, if not null, in place of the image's own. */
    static Image fromRaster(String name, BufferedImage im, IndexColorModel palette, Path file) throws IOException {
        int w = im.getWidth(), h = im.getHeight(), n = w * h;
        Raster r = im.getRaster();
        ColorModel cm = palette != null ? palette : im.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            int[] idx = r.getSamples(0, 0, w, h, 0, (int[]) null);
            boolean gray = true;
            for (int i = 0; i < icm.getMapSize() && gray; i++) {
                gray = icm.getRed(i) == icm.getGreen(i) && icm.getGreen(i) == icm.getBlue(i);
            }
            if (icm.getTransparency() != java.awt.Transparency.OPAQUE) {
                for (int i = 0; i < n; i++) {
                    if (icm.getAlpha(idx[i]) < 255) {
                        warnTransparent(file);
                        break;
                    }
                }
            }
            byte[] planes = new byte[(gray ? 1 : 3) * n];
            for (int i = 0; i < n; i++) {
                int k = idx[i];
                planes[i] = (byte) icm.getRed(k);
                if (!gray) {
                    planes[n + i] = (byte) icm.getGreen(k);
                    planes[2 * n + i] = (byte) icm.getBlue(k);
                }
            }
            return Image.of8bit(name, h, w, gray, planes);
        }
        int comps = cm.getNumColorComponents();
        int space = cm.getColorSpace().getType();
        if (!(comps == 1 && space == ColorSpace.TYPE_GRAY) && !(comps == 3 && space == ColorSpace.TYPE_RGB)) {
            throw new IOException("cannot decode image " + file + ": colour space with " + comps + " components (type " + space
                    + ") is not gray or RGB (CMYK and YCCK files are not supported; convert it to RGB)");
        }
        boolean gray = comps == 1;
        if (cm.hasAlpha() && r.getNumBands() > comps && anyBelow(r, comps, (1 << r.getSampleModel().getSampleSize(comps)) - 1)) {
            warnTransparent(file);
        }
        int transfer = r.getTransferType();
        if (transfer == DataBuffer.TYPE_FLOAT || transfer == DataBuffer.TYPE_DOUBLE) {
            throw new IOException("cannot decode image " + file + ": floating-point samples are not supported");
        }
        int bits = r.getSampleModel().getSampleSize(0);
        int planesCount = gray ? 1 : 3;
        if (bits > 8) {
            short[] planes = new short[planesCount * n];
            int[] band = null;
            for (int c = 0; c < planesCount; c++) {
                band = r.getSamples(0, 0, w, h, c, band);
                double scale = bits == 16 ? 1 : 65535.0 / ((1L << bits) - 1);
                for (int i = 0; i < n; i++) planes[c * n + i] = (short) Math.round(band[i] * scale);
            }
            return Image.of16bit(name, h, w, gray, planes);
        }
        byte[] planes = new byte[planesCount * n];
        int[] band = null;
        for (int c = 0; c < planesCount; c++) {
            band = r.getSamples(0, 0, w, h, c, band);
            if (bits == 8) {
                for (int i = 0; i < n; i++) planes[c * n + i] = (byte) band[i];
            } else {
                int max = (1 << bits) - 1;
                for (int i = 0; i < n; i++) planes[c * n + i] = (byte) Math.round(band[i] * 255.0 / max);
            }
        }
        return Image.of8bit(name, h, w, gray, planes);
    }

    /** Whether any sample of {@code band} is below {@code max}, read a row at a time (not a whole-image int array). */
    private static boolean anyBelow(Raster r, int band, int max) {
        int[] row = new int[r.getWidth()];
        for (int y = 0; y < r.getHeight(); y++) {
            r.getSamples(r.getMinX(), r.getMinY() + y, r.getWidth(), 1, band, row);
            for (int a : row) if (a < max) return true;
        }
        return false;
    }

    private static void warnTransparent(Path file) {
        ReadWarnings.warn(file, "has transparent pixels; alpha is dropped, and their stored colour (often black or arbitrary) is"
                + " read as it is");
    }

    /** Writes {@code [3, H, W]} or {@code [1, 3, H, W]} values (clipped to [0, 1]) as an 8-bit RGB PNG. */
    public static void writePng(INDArray chw, Path file) throws IOException {
        writePng(chw, file, false);
    }

    /**
     * Writes {@code [3, H, W]} or {@code [1, 3, H, W]} values (clipped to [0, 1]) as an 8-bit PNG;
     * with {@code gray}, as a one-channel PNG of the channel mean (for a gray source, whose three
     * channels are equal in the observation).
     */
    public static void writePng(INDArray chw, Path file, boolean gray) throws IOException {
        writePng(chw, file, gray, 8);
    }

    /** As {@link #writePng(INDArray, Path, boolean)}, with {@code bits} (8 or 16) per sample: 16 for a 16-bit source. */
    public static void writePng(INDArray chw, Path file, boolean gray, int bits) throws IOException {
        writePng(chw, file, gray, bits, null);
    }

    /** As {@link #writePng(INDArray, Path, boolean, int)}, carrying {@code profile} (the source's ICC profile, or null). */
    public static void writePng(INDArray chw, Path file, boolean gray, int bits, byte[] profile) throws IOException {
        INDArray a = chw.rank() == 4 ? chw.slice(0) : chw;
        int h = (int) a.size(1), w = (int) a.size(2);
        float[] d = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        writePng(raster(d, h, w, gray, bits), file, profile);
    }

    /** A gray or RGB image of CHW floats in [0, 1], clipped and rounded to {@code bits} (8 or 16) per sample. */
    static BufferedImage raster(float[] chw, int h, int w, boolean gray, int bits) {
        int n = h * w;
        BufferedImage im = blank(w, h, gray, bits);
        WritableRaster r = im.getRaster();
        int[] band = new int[n];
        int max = bits == 16 ? 65535 : 255;
        if (gray) {
            for (int i = 0; i < n; i++) band[i] = quantize((chw[i] + chw[n + i] + chw[2 * n + i]) / 3f, max);
            r.setSamples(0, 0, w, h, 0, band);
        } else {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < n; i++) band[i] = quantize(chw[c * n + i], max);
                r.setSamples(0, 0, w, h, c, band);
            }
        }
        return im;
    }

    /** An empty gray or RGB image with {@code bits} (8 or 16) per sample, as ImageIO's PNG writer takes it. */
    static BufferedImage blank(int w, int h, boolean gray, int bits) {
        if (bits == 8) return new BufferedImage(w, h, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        if (bits != 16) throw new IllegalArgumentException("PNG samples of " + bits + " bits: expected 8 or 16");
        if (gray) return new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), new int[]{16, 16, 16}, false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
        return new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
    }

    /**
     * Writes any {@link RenderedImage} as PNG — a {@link StreamedImage} is encoded row by row —
     * to a temporary file beside {@code file}, synced and renamed into place, so a crash never
     * leaves a truncated PNG under the final name.
     */
    public static void writePng(RenderedImage image, Path file) throws IOException {
        writePng(image, file, null);
    }

    /**
     * As {@link #writePng(RenderedImage, Path)}, carrying {@code profile} (the source's ICC profile, or null; left out
     * where its colour components do not match the image's, as a gray profile for a colorized output).
     */
    public static void writePng(RenderedImage image, Path file, byte[] profile) throws IOException {
        SafeFiles.write(file, out -> org.rnd4j.io.Png.encode(image, out, profile));
    }

    private static int quantize(float v, int max) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * max);
    }
}

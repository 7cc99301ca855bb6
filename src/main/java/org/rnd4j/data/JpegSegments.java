package org.rnd4j.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The two metadata blocks of a JPEG that change how its samples are to be shown — the Exif block (for its
 * orientation, {@link ExifOrientation}) and the ICC profile ({@link ColourProfiles}), which may be split over
 * several APP2 segments — found by walking the marker segments before the first scan. Bounded: a segment holds
 * at most 64 KiB, at most {@value #MAX_SEGMENTS} are walked, and a profile over {@link ColourProfiles#MAX_BYTES} is
 * dropped. A file that cannot be walked has neither (its decoding reports what is wrong with it).
 *
 * @param exif the TIFF structure of the Exif APP1 segment, or null
 * @param profile the ICC profile, or null
 * @param profileSegments the byte ranges {@code [start, end)} of the APP2 profile segments, in file order
 */
record JpegSegments(byte[] exif, byte[] profile, List<long[]> profileSegments) {
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int MAX_SEGMENTS = 1024;

    static JpegSegments read(Path file) {
        byte[] exif = null;
        TreeMap<Integer, byte[]> icc = new TreeMap<>();
        List<long[]> ranges = new ArrayList<>();
        long iccBytes = 0, pos = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readUnsignedShort() != 0xFFD8) return new JpegSegments(null, null, List.of());
            pos = 2;
            for (int i = 0; i < MAX_SEGMENTS; i++) {
                long start = pos;
                if (in.readUnsignedByte() != 0xFF) break;
                int marker = in.readUnsignedByte();
                pos += 2;
                while (marker == 0xFF) {
                    marker = in.readUnsignedByte();
                    pos++;
                }
                if (marker == 0xDA || marker == 0xD9) break;
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
                int length = in.readUnsignedShort() - 2;
                pos += 2;
                if (length < 0) break;
                if ((marker == 0xE1 && exif == null) || marker == 0xE2) {
                    byte[] data = in.readNBytes(length);
                    pos += data.length;
                    if (data.length < length) break;
                    if (marker == 0xE1 && startsWith(data, EXIF)) {
                        exif = Arrays.copyOfRange(data, EXIF.length, length);
                    } else if (marker == 0xE2 && startsWith(data, ICC)) {
                        ranges.add(new long[]{start, pos});
                        iccBytes += Math.max(0, length - ICC.length - 2);
                        if (length > ICC.length + 2 && iccBytes <= ColourProfiles.MAX_BYTES) {
                            icc.put(data[ICC.length] & 0xFF, Arrays.copyOfRange(data, ICC.length + 2, length));
                        }
                    }
                } else {
                    in.skipNBytes(length);
                    pos += length;
                }
            }
        } catch (IOException e) {
            // what was found before the damage is kept
        }
        byte[] profile = icc.isEmpty() || iccBytes > ColourProfiles.MAX_BYTES ? null : join(icc);
        return new JpegSegments(exif, profile, List.copyOf(ranges));
    }

    /**
     * The file without its profile segments: the JDK's JPEG reader converts the samples of a JPEG with a non-sRGB
     * profile to sRGB (clipping the gamut), which is not what the file stores.
     */
    InputStream withoutProfile(Path file) throws IOException {
        return new Skipping(new BufferedInputStream(Files.newInputStream(file)), profileSegments);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] join(TreeMap<Integer, byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** A stream that leaves out the given byte ranges (sorted, disjoint). */
    private static final class Skipping extends FilterInputStream {
        private final List<long[]> ranges;
        private long pos;
        private int next;

        Skipping(InputStream in, List<long[]> ranges) {
            super(in);
            this.ranges = ranges;
        }

        private long untilRange() throws IOException {
            while (next < ranges.size() && pos >= ranges.get(next)[0]) {
                in.skipNBytes(ranges.get(next)[1] - pos);
                pos = ranges.get(next++)[1];
            }
            return next < ranges.size() ? ranges.get(next)[0] - pos : Long.MAX_VALUE;
        }

        @Override
        public int read() throws IOException {
            untilRange();
            int b = in.read();
            if (b >= 0) pos++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n = in.read(b, off, (int) Math.min(len, untilRange()));
            if (n > 0) pos += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long done = 0;
            while (done < n) {
                int k = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (k < 0) break;
                done += k;
            }
            return done;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), untilRange());
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}

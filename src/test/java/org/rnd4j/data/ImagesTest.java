package org.rnd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rnd4j.operator.SuperResolution;

/**
 * Decoding returns the samples an independent encoder wrote (Pillow and a minimal Python PNG
 * encoder, {@code src/test/resources/images/make_images.py}), for every kind of file; writing is
 * exact and atomic; oversized and corrupt files fail with one line before decoding.
 */
class ImagesTest {
    static final Path FIXTURES = Path.of("src/test/resources/images");

    @TempDir
    Path dir;

    /** Captures what a class logs (by default the image readers', {@code Images}), one formatted message each, until closed. */
    static final class Warnings implements AutoCloseable {
        private final ch.qos.logback.classic.Logger logger;
        private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();

        Warnings() {
            this(Images.class);
        }

        Warnings(Class<?> of) {
            logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(of);
            seen.start();
            logger.addAppender(seen);
        }

        List<String> messages() {
            return seen.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(seen);
        }
    }

    static List<String> fixtures() throws Exception {
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(FIXTURES.resolve("expected.json").toFile()).fieldNames().forEachRemaining(names::add);
        return names;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void decodedSamplesAreTheFilesSamples(String name) throws Exception {
        JsonNode e = new ObjectMapper().readTree(FIXTURES.resolve("expected.json").toFile()).get(name);
        Image im = Images.read(FIXTURES.resolve(name));
        JsonNode planes = e.get("values");
        assertThat(im.gray()).as("gray").isEqualTo(e.get("gray").asBoolean());
        assertThat(im.height()).isEqualTo(planes.get(0).size());
        assertThat(im.width()).isEqualTo(planes.get(0).get(0).size());
        double max = e.get("bits").asInt() == 16 ? 65535 : 255, tol = e.get("tolerance").asDouble() + 0.01;
        for (int c = 0; c < 3; c++) {
            JsonNode p = planes.get(planes.size() == 1 ? 0 : c);
            for (int y = 0; y < im.height(); y++) {
                for (int x = 0; x < im.width(); x++) {
                    assertThat(im.sample(c, y, x) * max).as("%s c%d (%d, %d)", name, c, x, y)
                            .isCloseTo(p.get(y).get(x).asDouble(), org.assertj.core.data.Offset.offset(tol));
                }
            }
        }
    }

    /** Every format a reader decodes is listed as an image, in either case (Set11 is distributed as .tif). */
    @Test
    void foldersListEveryDecodableFormat() throws Exception {
        Files.copy(FIXTURES.resolve("palette_gray.tif"), dir.resolve("a.tif"));
        Files.copy(FIXTURES.resolve("gray16.tif"), dir.resolve("b.TIFF"));
        Files.copy(FIXTURES.resolve("palette.gif"), dir.resolve("c.gif"));
        Files.copy(FIXTURES.resolve("rgb8.png"), dir.resolve("d.png"));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Files.copy(FIXTURES.resolve("rgb8.png"), dir.resolve("e.Png"));
        assertThat(ImageSet.list(dir, "data.val")).extracting(p -> p.getFileName().toString())
                .containsExactly("a.tif", "b.TIFF", "c.gif", "d.png", "e.Png");
        Files.delete(dir.resolve("e.Png"));
        assertThat(ImageSet.load(List.of(dir), false, 0, "data.val").size()).isEqualTo(4);
        assertThatThrownBy(() -> ImageSet.list(dir.resolve("d.png"), "--data")).as("a file where a folder is expected")
                .hasMessage("--data: " + dir.resolve("d.png") + " is a file; give the folder that holds the images");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> ImageSet.list(empty, "data.val")).hasMessageContaining("data.val: no images (")
                .hasMessageContaining("tif").hasMessageContaining("png").hasMessageContaining(empty.toString());

        // images in formats no JDK reader decodes (a phone's HEIC, the web's WebP) are named, not silently left out
        Files.writeString(dir.resolve("IMG_0001.HEIC"), "not decodable here");
        Files.writeString(dir.resolve("photo.webp"), "not decodable here");
        Warnings logged = new Warnings(ImageSet.class);
        try (logged) {
            assertThat(ImageSet.list(dir, "--input")).hasSize(4);
        }
        assertThat(logged.messages()).containsExactly("--input: 2 image(s) in formats rnd4j does not decode (" + dir.resolve("IMG_0001.HEIC")
                + ", " + dir.resolve("photo.webp") + "; convert them to PNG, or to JPEG at high quality) left out");
        Files.move(dir.resolve("photo.webp"), empty.resolve("photo.webp"));
        assertThatThrownBy(() -> ImageSet.list(empty, "--input")).hasMessageEndingWith(empty + "; 1 image(s) in formats rnd4j"
                + " does not decode (" + empty.resolve("photo.webp") + "; convert them to PNG, or to JPEG at high quality)");
    }

    /**
     * Alpha is dropped, with a warning naming the file when a pixel is transparent; of a file holding several images (a
     * multi-page TIFF, an animated GIF) the first is read, with a warning (fixtures written by Pillow / numpy).
     */
    @Test
    void transparentPixelsAndFurtherPagesAreWarnedAbout() throws Exception {
        Warnings logged = new Warnings();
        try (logged) {
            for (String f : List.of("rgba8.png", "gray_alpha16.png", "rgb8.png", "gray8.png", "pages2.tif", "frames2.gif",
                    "rgb8.tif", "palette.gif")) {
                Images.read(FIXTURES.resolve(f));
            }
        }
        assertThat(logged.messages()).containsExactly(
                FIXTURES.resolve("rgba8.png") + ": has transparent pixels; alpha is dropped, and their stored colour (often black or"
                        + " arbitrary) is read as it is",
                FIXTURES.resolve("gray_alpha16.png") + ": has transparent pixels; alpha is dropped, and their stored colour (often"
                        + " black or arbitrary) is read as it is",
                FIXTURES.resolve("pages2.tif") + ": holds more than one image (TIFF pages or GIF frames); only the first is read",
                FIXTURES.resolve("frames2.gif") + ": holds more than one image (TIFF pages or GIF frames); only the first is read");
    }

    /** A JPEG's Exif orientation swaps the size {@code size()} reports as {@code read} does (fixtures: Pillow's exif_transpose). */
    @Test
    void exifOrientationIsAppliedToTheSizeToo() throws Exception {
        assertThat(Images.size(FIXTURES.resolve("rgb_exif6.jpg"))).containsExactly(5, 7);
        assertThat(Images.size(FIXTURES.resolve("rgb_exif3.jpg"))).containsExactly(7, 5);
        assertThat(Images.size(FIXTURES.resolve("rgb8.tif"))).containsExactly(7, 5);
    }

    /** Every orientation moves 16-bit and float samples as it moves 8-bit ones (JPEGs are 8-bit, so no fixture has them). */
    @Test
    void orientationMovesEverySampleType() {
        int h = 3, w = 4, n = h * w;
        byte[] b = new byte[3 * n];
        short[] s = new short[3 * n];
        float[] f = new float[3 * n];
        for (int i = 0; i < 3 * n; i++) {
            b[i] = (byte) i;
            s[i] = (short) (i * 257);
            f[i] = i / 255f;
        }
        for (int o = 1; o <= 8; o++) {
            Image eight = Image.of8bit("x", h, w, false, b).oriented(o);
            for (Image other : List.of(Image.of16bit("x", h, w, false, s).oriented(o), Image.ofFloats("x", h, w, f).oriented(o))) {
                assertThat(other.height()).isEqualTo(o >= 5 ? w : h);
                assertThat(other.region(0, 0, other.height(), other.width())).as("orientation %d", o)
                        .containsExactly(eight.region(0, 0, eight.height(), eight.width()), within(1e-6f));
            }
        }
        assertThatThrownBy(() -> Image.of8bit("x", h, w, false, b).oriented(9)).hasMessageContaining("expected 1-8");
    }

    /**
     * An embedded ICC profile is kept, not applied: the samples are the stored ones (the fixtures' values; the JDK's JPEG
     * reader would have converted them to sRGB), the profile travels with the image into the PNGs written for it, a
     * warning names the file, and a file without one has none.
     */
    @Test
    void colourProfilesAreKeptWithTheSamplesAndWrittenIntoOutputs() throws Exception {
        Warnings logged = new Warnings();
        Image png, jpeg;
        try (logged) {
            png = Images.read(FIXTURES.resolve("icc_linear.png"));
            jpeg = Images.read(FIXTURES.resolve("icc_linear.jpg"));
            assertThat(Images.read(FIXTURES.resolve("rgb8.png")).profile()).isNull();
            assertThat(Images.read(FIXTURES.resolve("rgb.jpg")).profile()).isNull();
        }
        assertThat(png.profile()).isNotNull().isEqualTo(jpeg.profile());
        assertThat(java.awt.color.ICC_Profile.getInstance(png.profile()).getNumComponents()).isEqualTo(3);
        assertThat(logged.messages()).containsExactly(
                FIXTURES.resolve("icc_linear.png") + ": has an embedded colour profile that is not sRGB; its samples are used as stored"
                        + " (not converted), and the PNGs written for it carry the profile",
                FIXTURES.resolve("icc_linear.jpg") + ": has an embedded colour profile that is not sRGB; its samples are used as stored"
                        + " (not converted), and the PNGs written for it carry the profile");

        Path rgb = dir.resolve("rgb.png"), gray = dir.resolve("gray.png");
        Images.writePng(jpeg.toBatch(1), rgb, false, 8, jpeg.profile());
        Images.writePng(jpeg.toBatch(1), gray, true, 8, jpeg.profile());
        Image back = Images.read(rgb);
        assertThat(back.profile()).as("iCCP written and read back").isEqualTo(jpeg.profile());
        assertThat(back.region(0, 0, 5, 7)).containsExactly(jpeg.region(0, 0, 5, 7), within(0.5f / 255));
        assertThat(Images.read(gray).profile()).as("an RGB profile is not put on a gray PNG").isNull();
    }

    /**
     * Reading a data set summarises each kind of warning past three files in one line (a folder of a thousand phone
     * photos with a colour profile gives one line, not a thousand); up to three, each file has its line.
     */
    @Test
    void aDataSetsReadWarningsAreSummarisedPerKind() throws Exception {
        Path many = Files.createDirectories(dir.resolve("many")), few = Files.createDirectories(dir.resolve("few"));
        for (int i = 0; i < 5; i++) Files.copy(FIXTURES.resolve("icc_linear.png"), many.resolve("p" + i + ".png"));
        Files.copy(FIXTURES.resolve("rgba8.png"), many.resolve("t.png"));
        for (int i = 0; i < 2; i++) Files.copy(FIXTURES.resolve("icc_linear.png"), few.resolve("p" + i + ".png"));
        Warnings logged = new Warnings();
        try (logged) {
            assertThat(ImageSet.load(List.of(many), false, 0, "data.train").size()).isEqualTo(6);
            assertThat(ImageSet.load(List.of(few), false, 0, "data.val").size()).isEqualTo(2);
        }
        String profile = "has an embedded colour profile that is not sRGB; its samples are used as stored (not converted), and the"
                + " PNGs written for it carry the profile";
        assertThat(logged.messages()).containsExactly(
                "5 images: " + profile + " (" + many.resolve("p0.png") + ", " + many.resolve("p1.png") + ", " + many.resolve("p2.png")
                        + " and 2 more)",
                many.resolve("t.png") + ": has transparent pixels; alpha is dropped, and their stored colour (often black or"
                        + " arbitrary) is read as it is",
                few.resolve("p0.png") + ": " + profile,
                few.resolve("p1.png") + ": " + profile);
    }

    /**
     * A JPEG profile split over several APP2 segments is joined in their sequence order; a PNG whose {@code iCCP} chunk
     * would inflate past 4 MiB (a crafted one: 64 MiB of zeros in 65 KB) is read without it.
     */
    @Test
    void splitProfilesAreJoinedAndInflationIsBounded() throws Exception {
        byte[] profile = new byte[150_000];
        new java.util.Random(3).nextBytes(profile);
        byte[] jpeg = Files.readAllBytes(FIXTURES.resolve("rgb.jpg"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int chunk = 60_000, count = (profile.length + chunk - 1) / chunk;
        for (int seq : new int[]{2, 1, 3}) {
            int from = (seq - 1) * chunk, len = Math.min(chunk, profile.length - from);
            out.write(new byte[]{(byte) 0xFF, (byte) 0xE2, (byte) ((len + 16) >> 8), (byte) (len + 16)});
            out.write("ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(new byte[]{(byte) seq, (byte) count});
            out.write(profile, from, len);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        Path split = dir.resolve("split.jpg");
        Files.write(split, out.toByteArray());
        assertThat(Images.read(split).profile()).isEqualTo(profile);

        byte[] png = Files.readAllBytes(FIXTURES.resolve("rgb8.png"));
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (var d = new java.util.zip.DeflaterOutputStream(z)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) d.write(zeros);
        }
        byte[] data = new byte[5 + z.size()];
        System.arraycopy("bomb\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, data, 0, 6);
        System.arraycopy(z.toByteArray(), 0, data, 6, z.size() - 1);
        data = java.util.Arrays.copyOf(data, 6 + z.size());
        System.arraycopy(z.toByteArray(), 0, data, 6, z.size());
        java.nio.ByteBuffer iccp = java.nio.ByteBuffer.allocate(12 + data.length);
        iccp.putInt(data.length).put("iCCP".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(iccp.array(), 4, 4 + data.length);
        iccp.putInt((int) crc.getValue());
        Path bomb = dir.resolve("bomb.png");
        try (var o = Files.newOutputStream(bomb)) {
            o.write(png, 0, 33);                       // signature and IHDR
            o.write(iccp.array());
            o.write(png, 33, png.length - 33);
        }
        Image read = Images.read(bomb);
        assertThat(read.profile()).isNull();
        assertThat(read.region(0, 0, 5, 7)).containsExactly(Images.read(FIXTURES.resolve("rgb8.png")).region(0, 0, 5, 7));
    }

    /**
     * A malformed or crafted Exif block (a field claiming 2 GB) costs a warning naming the file, not the image: it is
     * read as stored, exactly as without the block.
     */
    @Test
    void aCraftedExifBlockIsReadAsStoredWithAWarning() throws Exception {
        byte[] jpeg = Files.readAllBytes(FIXTURES.resolve("rgb.jpg"));
        java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(38);
        tiff.put("MM".getBytes()).putShort((short) 42).putInt(8).putShort((short) 2)
                .putShort((short) 0x010E).putShort((short) 2).putInt(0x7FFFFFF0).putInt(26)   // ImageDescription of 2 GB
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0)
                .putInt(0);
        byte[] app1 = new byte[4 + 6 + 38];
        app1[0] = (byte) 0xFF;
        app1[1] = (byte) 0xE1;
        app1[2] = 0;
        app1[3] = (byte) (app1.length - 2);
        System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, app1, 4, 6);
        System.arraycopy(tiff.array(), 0, app1, 10, 38);
        Path crafted = dir.resolve("crafted.jpg");
        try (var out = Files.newOutputStream(crafted)) {
            out.write(jpeg, 0, 2);
            out.write(app1);
            out.write(jpeg, 2, jpeg.length - 2);
        }
        Warnings logged = new Warnings();
        Image read;
        try (logged) {
            read = Images.read(crafted);
        }
        Image stored = Images.read(FIXTURES.resolve("rgb.jpg"));
        assertThat(read.region(0, 0, 5, 7)).containsExactly(stored.region(0, 0, 5, 7));
        assertThat(logged.messages()).singleElement().asString().startsWith(crafted + ": its Exif block cannot be read (").endsWith("); the image is read as stored");
    }

    /**
     * Links to folders are followed, and named under the folder as given (relative stays relative, so callers can
     * relativize); a link back to a folder above it is a one-line error, not the same images listed ~40 times over.
     */
    @Test
    void linksAreFollowedAndLoopsRefused() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root/sub"));
        Files.copy(FIXTURES.resolve("rgb8.png"), root.resolve("x.png"));
        Files.createSymbolicLink(dir.resolve("root/set5"), Path.of("datasets/set5").toAbsolutePath());
        Files.createSymbolicLink(dir.resolve("root/gone.png"), dir.resolve("nothing.png"));   // left out, with a warning
        assertThat(ImageSet.list(dir.resolve("root"), "data.train")).extracting(p -> dir.resolve("root").relativize(p).toString())
                .containsExactly("set5/baby.png", "set5/bird.png", "set5/butterfly.png", "set5/head.png", "set5/woman.png", "sub/x.png");
        assertThat(ImageSet.list(Path.of("datasets/set5"), "data.val")).first().isEqualTo(Path.of("datasets/set5/baby.png"));
        assertThat(ImageSet.files(List.of(dir.resolve("root"), root, Path.of("datasets/set5")), 0, "data.train"))
                .as("folders given twice, one inside another or through a link: each image once").hasSize(6);
        Files.createSymbolicLink(root.resolve("back"), dir.resolve("root"));
        assertThatThrownBy(() -> ImageSet.list(dir.resolve("root"), "data.train"))
                .hasMessage("data.train: " + root.resolve("back") + " links back to a folder above it (a loop); remove the link,"
                        + " or list the folder once");
    }

    /** {@code data.gray}: BT.601 luma rounded to 8 bits, as numpy floor(0.299 R + 0.587 G + 0.114 B + 0.5): halves up, as MATLAB rgb2gray (numpy round would go to even). */
    @Test
    void lumaIsRgb2gray() throws Exception {
        Image y = Images.read(Path.of("datasets/set5/butterfly.png")).luma();
        assertThat(y.gray()).isTrue();
        assertThat(y.sample(0, 0, 0) * 255).isCloseTo(33f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(y.sample(2, 100, 37) * 255).isCloseTo(41f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(y.sample(1, 255, 255) * 255).isCloseTo(113f, org.assertj.core.data.Offset.offset(1e-4f));
        double sum = 0;
        for (float v : y.rows(0, 256, 256)) sum += Math.round(v * 255);
        assertThat(sum / 3).isEqualTo(8129006.0);
        Image g = Images.read(FIXTURES.resolve("gray8.png"));
        assertThat(g.luma()).isSameAs(g);
    }

    /**
     * {@code data.luma: ycbcr}: MATLAB rgb2ycbcr's Y of 8-bit RGB, held in 16 bits (unrounded to 8); the butterfly's values from an
     * independent decoder (zlib + PNG filters in numpy) and 16 + (65.481 R + 128.553 G + 24.966 B) / 255.
     */
    @Test
    void lumaYcbcrIsMatlabRgb2ycbcrsYIn16Bits() throws Exception {
        Image y = Images.read(Path.of("datasets/set5/butterfly.png")).luma(true);
        assertThat(y.gray()).isTrue();
        var sixteenBits = org.assertj.core.data.Offset.offset(0.5f * 255 / 65535);
        assertThat(y.sample(0, 0, 0) * 255).isCloseTo(44.0629f, sixteenBits);
        assertThat(y.sample(2, 100, 37) * 255).isCloseTo(51.4153f, sixteenBits);
        assertThat(y.sample(2, 155, 151) * 255).as("an exact half, kept").isCloseTo(125.5f, sixteenBits);
        double sum = 0;
        for (float v : y.rows(0, 256, 256)) sum += v * 255;
        assertThat(sum / 3).as("rounding to 16 bits moves the sum by far less than 10").isCloseTo(8029931.07, org.assertj.core.data.Offset.offset(10.0));
        // black, white and the primaries: BT.601's studio range 16..235
        byte[] px = new byte[15];
        int[][] rgb = {{0, 0, 0}, {255, 255, 255}, {255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
        for (int i = 0; i < 5; i++) for (int c = 0; c < 3; c++) px[c * 5 + i] = (byte) rgb[i][c];
        float[] row = Image.of8bit("p", 1, 5, false, px).luma(true).rows(0, 1, 5);
        float[] expected = {16, 235, 81.481f, 144.553f, 40.966f};
        for (int i = 0; i < 5; i++) assertThat(row[i] * 255).as("pixel %d", i).isCloseTo(expected[i], sixteenBits);
        Image g = Images.read(FIXTURES.resolve("gray8.png"));
        assertThat(g.luma(true)).as("a gray source keeps its own values, as the published protocol measures it").isSameAs(g);
    }

    /** The failure this guards against: ImageIO's getRGB turns gray 93 into 163 (linear gray → sRGB). */
    @Test
    void grayIsNotBrightenedAsGetRgbWould() throws Exception {
        BufferedImage viaImageIo = ImageIO.read(FIXTURES.resolve("gray8.png").toFile());
        assertThat((viaImageIo.getRGB(3, 2) >> 16) & 0xFF).as("what getRGB reports").isNotEqualTo(93);
        assertThat(Images.read(FIXTURES.resolve("gray8.png")).sample(0, 2, 3) * 255).isEqualTo(93f);
    }

    @Test
    void writingIsExactGrayStaysGrayAndNothingIsLeftHalfWritten() throws Exception {
        Image t = Images.read(Path.of("datasets/set5/baby.png"));
        Images.writePng(t.toBatch(1), dir.resolve("copy.png"));
        Image back = Images.read(dir.resolve("copy.png"));
        assertThat(back.rows(0, t.height(), t.width())).isEqualTo(t.rows(0, t.height(), t.width()));

        Image g = Images.read(FIXTURES.resolve("gray8.png"));
        Images.writePng(g.toBatch(1), dir.resolve("gray.png"), true);
        Image gb = Images.read(dir.resolve("gray.png"));
        assertThat(gb.gray()).isTrue();
        assertThat(gb.rows(0, 5, 7)).isEqualTo(g.rows(0, 5, 7));
        assertThat(ImageIO.read(dir.resolve("gray.png").toFile()).getRaster().getNumBands()).isEqualTo(1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** 16-bit files (from the independent encoder) are written back in 16 bits with the same samples, gray and RGB. */
    @Test
    void sixteenBitImagesAreWrittenInSixteenBits() throws Exception {
        for (String name : List.of("gray16.png", "rgb16.png")) {
            Image t = Images.read(FIXTURES.resolve(name));
            assertThat(t.bits()).isEqualTo(16);
            Path copy = dir.resolve("copy-" + name);
            Images.writePng(t.toBatch(1), copy, t.gray(), t.bits());
            assertThat(org.rnd4j.TestData.pngDepthAndType(copy)).as("%s: IHDR bit depth, colour type", name)
                    .containsExactly(16, t.gray() ? 0 : 2);
            Image back = Images.read(copy);
            assertThat(back.gray()).isEqualTo(t.gray());
            assertThat(back.rows(0, t.height(), t.width())).isEqualTo(t.rows(0, t.height(), t.width()));
        }
        assertThat(Images.read(FIXTURES.resolve("rgb8.png")).bits()).isEqualTo(8);
        assertThatThrownBy(() -> Images.writePng(Images.read(FIXTURES.resolve("rgb8.png")).toBatch(1), dir.resolve("x.png"), false, 12))
                .hasMessageContaining("expected 8 or 16");
    }

    /** A PNG whose header claims 20000×20000 (1.2 MB in the report; 100 bytes here) is refused from its header, before decoding. */
    @Test
    void anOversizedImageIsRefusedFromItsHeader() throws Exception {
        Path bomb = dir.resolve("huge.png");
        Files.write(bomb, org.rnd4j.TestData.pngHeaderOnly(20000, 20000));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> Images.read(bomb)).hasMessageContaining("huge.png").hasMessageContaining("20000x20000")
                        .hasMessageContaining("data.maxPixels"), "hang guard: the image must not be decoded");
        assertThatThrownBy(() -> Images.read(FIXTURES.resolve("rgb8.png"), 30)).hasMessageContaining("above the limit");
        // with skipBadImages it is skipped like any unreadable file instead of ending the run
        Files.copy(FIXTURES.resolve("rgb8.png"), dir.resolve("ok.png"));
        assertThat(ImageSet.load(List.of(dir), true, 0, "data.train").size()).isEqualTo(1);
    }

    @Test
    void corruptAndTooSmallImagesAreNamed() throws Exception {
        Files.writeString(dir.resolve("bad.png"), "garbage");
        assertThatThrownBy(() -> ImageSet.load(List.of(dir), false, 0, "data.train"))
                .hasMessageContaining("bad.png").hasMessageContaining("cannot decode");
        Files.delete(dir.resolve("bad.png"));
        ImageIO.write(new BufferedImage(20, 30, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("small.png").toFile());
        ImageSet set = ImageSet.load(List.of(dir), false, 0, "data.train");
        assertThatThrownBy(() -> new PatchSampler(set, new SuperResolution(4), 32, 2, true, true, 1))
                .hasMessageContaining("small.png").hasMessageContaining("20x30").hasMessageContaining("data.patch");
        assertThatThrownBy(() -> ImageSet.load(List.of(dir.resolve("missing")), false, 0, "data.val"))
                .hasMessageContaining("data.val").hasMessageContaining("does not exist").hasMessageNotContaining("working directory");
        assertThatThrownBy(() -> ImageSet.load(List.of(Path.of("datasets/missing")), false, 0, "data.val"))
                .hasMessageContaining("datasets/missing does not exist")
                .hasMessageContaining("working directory, " + Path.of("").toAbsolutePath());
    }

    @Test
    void batchesDependOnlyOnSeedAndIteration() {
        ImageSet set = ImageSet.load(List.of(Path.of("datasets/set5")), false, 0, "set5");
        PatchSampler s = new PatchSampler(set, new SuperResolution(4), 32, 3, true, true, 5);
        MultiDataSet a = s.batch(7), b = s.batch(7), c = s.batch(8);
        assertThat(a.getLabels(0)).isEqualTo(b.getLabels(0));
        assertThat(a.getLabels(0)).isNotEqualTo(c.getLabels(0));
        assertThat(a.getFeatures(0).shape()).containsExactly(3, 3, 8, 8);
        assertThat(new SuperResolution(4).apply(a.getLabels(0))).isEqualTo(a.getFeatures(0));
    }

    /** {@code data.quantize: 8}: the same batches, observations clipped and rounded to 8-bit levels as MATLAB's LR files are. */
    @Test
    void quantizedObservationsAreTheFloatOnesRoundedTo8Bits() {
        ImageSet set = ImageSet.load(List.of(Path.of("datasets/set5")), false, 0, "set5");
        var op = new org.rnd4j.operator.BicubicDownsampling(4);
        MultiDataSet f = new PatchSampler(set, op, 32, 3, true, true, 5).batch(7);
        MultiDataSet q = new PatchSampler(set, op, 32, 3, true, true, 5).quantize(8).batch(7);
        assertThat(q.getLabels(0)).isEqualTo(f.getLabels(0));
        float[] yf = f.getFeatures(0).dup().data().asFloat(), yq = q.getFeatures(0).dup().data().asFloat();
        int moved = 0;
        for (int i = 0; i < yf.length; i++) {
            float want = Math.round(Math.max(0f, Math.min(1f, yf[i])) * 255f) / 255f;
            assertThat(yq[i]).as("sample %d of %s", i, yf[i]).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6f));
            if (yq[i] != yf[i]) moved++;
        }
        assertThat(moved).as("bicubic observations are not already on 8-bit levels").isGreaterThan(yf.length / 2);
        assertThatThrownBy(() -> new PatchSampler(set, op, 32, 3, true, true, 5).quantize(17)).hasMessageContaining("data.quantize 17");
    }

    /**
     * {@code data.candidates: k}: each crop the most detailed of k drawn. k = 1 gives exactly the uniform sampler's
     * batches; k = 4 gives batches of more detail (on average over many), still a function of (seed, iteration) only.
     */
    @Test
    void candidateCropsKeepTheMostDetailedAndOneIsTheUniformSampler() {
        float[] checker = new float[3 * 16];
        for (int c = 0; c < 3; c++) for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) checker[c * 16 + i * 4 + j] = (i + j) % 2;
        assertThat(PatchSampler.detail(checker, 4)).as("4 rows of 3 unit steps across, 4 columns of 3 down").isEqualTo(24.0);

        ImageSet set = ImageSet.load(List.of(Path.of("datasets/set5")), false, 0, "set5");
        var op = new org.rnd4j.operator.BicubicDownsampling(4);
        for (double minScale : new double[] {1, 0.5}) {
            PatchSampler uniform = new PatchSampler(set, op, 32, 4, true, false, true, minScale, 5);
            PatchSampler one = new PatchSampler(set, op, 32, 4, true, false, true, minScale, 5).candidates(1);
            PatchSampler four = new PatchSampler(set, op, 32, 4, true, false, true, minScale, 5).candidates(4);
            assertThat(one.batch(3).getLabels(0)).isEqualTo(uniform.batch(3).getLabels(0));
            assertThat(four.batch(3).getLabels(0)).isEqualTo(four.batch(3).getLabels(0));
            double du = 0, d4 = 0;
            for (int it = 0; it < 40; it++) {
                du += detail(uniform.batch(it).getLabels(0));
                d4 += detail(four.batch(it).getLabels(0));
            }
            assertThat(d4).as("minScale %s: mean detail of 40 batches", minScale).isGreaterThan(1.5 * du);
        }
        assertThatThrownBy(() -> new PatchSampler(set, op, 32, 3, true, true, 5).candidates(0)).hasMessageContaining("data.candidates 0");
    }

    private static double detail(org.nd4j.linalg.api.ndarray.INDArray x) {
        int n = (int) x.size(0), p = (int) x.size(2);
        double sum = 0;
        for (int b = 0; b < n; b++) {
            sum += PatchSampler.detail(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)).dup('c').data().asFloat(), p);
        }
        return sum;
    }

    @Test
    void mirrorFlipsLeftRightOnlyAndFlipsBothAxes() {
        int p = 8;
        float[] chw = new float[3 * p * p];
        for (int k = 0; k < chw.length; k++) chw[k] = k / (float) chw.length;
        ImageSet one = ImageSet.of(List.of(Image.ofFloats("ramp", p, p, chw)));
        float[] mirrored = new float[chw.length], upsideDown = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    mirrored[(c * p + i) * p + j] = chw[(c * p + i) * p + p - 1 - j];
                    upsideDown[(c * p + i) * p + j] = chw[(c * p + p - 1 - i) * p + j];
                }
            }
        }
        Set<String> seen = new HashSet<>();
        PatchSampler mirror = new PatchSampler(one, new SuperResolution(4), p, 4, false, true, false, 3);
        for (int it = 0; it < 10; it++) {
            float[] labels = mirror.batch(it).getLabels(0).data().asFloat();
            for (int b = 0; b < 4; b++) {
                float[] patch = Arrays.copyOfRange(labels, b * chw.length, (b + 1) * chw.length);
                assertThat(Arrays.equals(patch, chw) || Arrays.equals(patch, mirrored))
                        .as("patch %d of batch %d is the crop or its mirror image", b, it).isTrue();
                seen.add(Arrays.equals(patch, chw) ? "same" : "mirrored");
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("same", "mirrored");
        PatchSampler flips = new PatchSampler(one, new SuperResolution(4), p, 4, true, false, false, 3);
        boolean vertical = false;
        for (int it = 0; it < 10 && !vertical; it++) {
            float[] labels = flips.batch(it).getLabels(0).data().asFloat();
            for (int b = 0; b < 4; b++) {
                vertical |= Arrays.equals(Arrays.copyOfRange(labels, b * chw.length, (b + 1) * chw.length),
                        upsideDown);
            }
        }
        assertThat(vertical).as("flips also turns patches upside down").isTrue();
    }

    /** {@code minScale}: crops of up to {@code patch / minScale} pixels shrunk to the patch; a ramp's slope grows by r / p ∈ [1, 1 / minScale]. */
    @Test
    void scaleAugmentationShrinksLargerCrops() {
        int n = 64, p = 16;
        float[] chw = new float[3 * n * n];
        for (int c = 0; c < 3; c++) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) chw[(c * n + i) * n + j] = j / 128f + c * 0.1f;
        ImageSet ramp = ImageSet.of(List.of(Image.ofFloats("ramp", n, n, chw)));
        PatchSampler s = new PatchSampler(ramp, new SuperResolution(4), p, 4, false, false, false, 0.5, 11);
        double lo = Double.MAX_VALUE, hi = 0;
        for (int it = 0; it < 10; it++) {
            float[] labels = s.batch(it).getLabels(0).data().asFloat();
            for (int b = 0; b < 4; b++) {
                for (int c = 0; c < 3; c++) {
                    int at = (b * 3 + c) * p * p + 8 * p;
                    double slope = (labels[at + 12] - labels[at + 3]) / 9.0 * 128;
                    lo = Math.min(lo, slope);
                    hi = Math.max(hi, slope);
                    for (int i = 0; i < p; i++) {
                        assertThat(labels[(b * 3 + c) * p * p + i * p + 7]).as("columns stay constant down the rows")
                                .isCloseTo(labels[at + 7], within(1e-6f));
                    }
                }
            }
        }
        assertThat(lo).isGreaterThan(0.99);
        assertThat(hi).isLessThan(2.02).isGreaterThan(1.5);
    }
}

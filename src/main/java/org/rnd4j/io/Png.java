package org.rnd4j.io;

import java.awt.color.ICC_Profile;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG encoding for every image rnd4j writes (outputs, grids, report charts), through a memory cache: ImageIO's default
 * file cache writes a temporary file and registers a JVM shutdown hook, which is refused while the JVM stops (a run
 * interrupted by Ctrl-C or SIGTERM writing its report lost it so). An ICC colour profile, when given, is written as the
 * {@code iCCP} chunk (ImageIO's writer ignores the image's own colour space).
 */
public final class Png {
    private static final String FORMAT = "javax_imageio_png_1.0";

    private Png() {}

    /** Encodes {@code image} (rows are asked for in order, so a streamed image is never whole in memory) to {@code out}. */
    public static void encode(RenderedImage image, OutputStream out) throws IOException {
        encode(image, out, null);
    }

    /**
     * As {@link #encode(RenderedImage, OutputStream)}, with {@code profile} (ICC bytes) embedded when it is not null
     * and describes as many colour components as the image has (a gray profile for a gray image, an RGB one for RGB);
     * else the PNG has none.
     */
    public static void encode(RenderedImage image, OutputStream out, byte[] profile) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = null;
            if (profile != null && components(profile) == image.getSampleModel().getNumBands()) {
                meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
                IIOMetadataNode root = new IIOMetadataNode(FORMAT), iccp = new IIOMetadataNode("iCCP");
                iccp.setAttribute("profileName", "ICC profile");
                iccp.setAttribute("compressionMethod", "deflate");
                iccp.setUserObject(deflate(profile));     // the writer copies the user object as the chunk's compressed data
                root.appendChild(iccp);
                meta.mergeTree(FORMAT, root);
            }
            writer.write(null, new IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static int components(byte[] profile) {
        try {
            return ICC_Profile.getInstance(profile).getNumComponents();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
            d.write(data);
        }
        return z.toByteArray();
    }
}

package org.rnd4j.io;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG encoding for every image rnd4j writes (outputs, grids, report charts), through a memory cache: ImageIO's default
 * file cache writes a temporary file and registers a JVM shutdown hook, which is refused while the JVM stops (a run
 * interrupted by Ctrl-C or SIGTERM writing its report lost it so).
 */
public final class Png {
    private Png() {}

    /** Encodes {@code image} (rows are asked for in order, so a streamed image is never whole in memory) to {@code out}. */
    public static void encode(RenderedImage image, OutputStream out) throws IOException {
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            if (!ImageIO.write(image, "png", ios)) throw new IOException("no PNG writer available");
        }
    }
}

package org.rnd4j.data;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.RenderedImage;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Vector;

/**
 * An 8- or 16-bit gray or RGB image whose rows are made on demand, strip by strip, in top-to-bottom
 * order: ImageIO's PNG writer asks for one row at a time, so a large result (a tiled ×4
 * super-resolution of a 6000×6000 photo is 24000×24000) is encoded without ever being in
 * memory whole.
 */
public final class StreamedImage implements RenderedImage {
    /** Makes the next strip of rows. */
    public interface Strips {
        /**
         * The strip starting at row {@code y0} (the rows after the previous strip), as CHW floats
         * in [0, 1] with 3 channels and the image's width; its height is the array length / (3 · width).
         */
        float[] next(int y0) throws IOException;
    }

    private final int width, height;
    private final boolean gray;
    private final int bits;
    private final Strips strips;
    private final BufferedImage prototype;
    private WritableRaster current;
    private int currentY0 = 0, currentY1 = 0;

    public StreamedImage(int width, int height, boolean gray, Strips strips) {
        this(width, height, gray, 8, strips);
    }

    /** With {@code bits} (8 or 16) per sample: 16 for the output of a 16-bit source. */
    public StreamedImage(int width, int height, boolean gray, int bits, Strips strips) {
        this.width = width;
        this.height = height;
        this.gray = gray;
        this.bits = bits;
        this.strips = strips;
        this.prototype = Images.blank(1, 1, gray, bits);
    }

    /** Makes every strip without keeping them (e.g. to run the producer's side effects when no file is wanted). */
    public void drain() throws IOException {
        while (currentY1 < height) advance();
    }

    private void advance() throws IOException {
        float[] s = strips.next(currentY1);
        int h = s.length / (3 * width);
        if (h <= 0 || s.length != 3 * h * width) throw new IllegalStateException("strip at row " + currentY1 + " has no rows");
        current = Images.raster(s, h, width, gray, bits).getRaster();
        currentY0 = currentY1;
        currentY1 = currentY0 + h;
    }

    @Override
    public Raster getData(Rectangle r) {
        if (r.y < currentY0) {
            throw new IllegalStateException("rows are made once, in order; row " + r.y + " was asked for after row " + currentY0);
        }
        try {
            while (r.y + r.height > currentY1) {
                if (r.y >= currentY1 && r.y + r.height <= height) {
                    advance();
                } else if (r.y < currentY1) {
                    // a request spanning two strips: only whole-image requests do this
                    WritableRaster out = prototype.getRaster().createCompatibleWritableRaster(r.width, r.height);
                    copyRows(out, r);
                    return out.createTranslatedChild(r.x, r.y);
                } else {
                    throw new IllegalArgumentException("rows " + r.y + ".." + (r.y + r.height) + " outside the image");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Raster child = current.createChild(r.x, r.y - currentY0, r.width, r.height, 0, 0, null);
        return child.createTranslatedChild(r.x, r.y);
    }

    private void copyRows(WritableRaster out, Rectangle r) throws IOException {
        int y = r.y;
        while (y < r.y + r.height) {
            if (y >= currentY1) advance();
            int rows = Math.min(currentY1, r.y + r.height) - y;
            out.setRect(0, y - r.y, current.createChild(r.x, y - currentY0, r.width, rows, 0, 0, null));
            y += rows;
        }
    }

    @Override public Raster getData() { return getData(new Rectangle(0, 0, width, height)); }
    @Override public WritableRaster copyData(WritableRaster raster) {
        WritableRaster out = raster != null ? raster : prototype.getRaster().createCompatibleWritableRaster(width, height);
        out.setRect(getData(out.getBounds()));
        return out;
    }
    @Override public Vector<RenderedImage> getSources() { return null; }
    @Override public Object getProperty(String name) { return java.awt.Image.UndefinedProperty; }
    @Override public String[] getPropertyNames() { return null; }
    @Override public ColorModel getColorModel() { return prototype.getColorModel(); }
    @Override public SampleModel getSampleModel() { return prototype.getSampleModel().createCompatibleSampleModel(width, height); }
    @Override public int getWidth() { return width; }
    @Override public int getHeight() { return height; }
    @Override public int getMinX() { return 0; }
    @Override public int getMinY() { return 0; }
    @Override public int getNumXTiles() { return 1; }
    @Override public int getNumYTiles() { return 1; }
    @Override public int getMinTileX() { return 0; }
    @Override public int getMinTileY() { return 0; }
    @Override public int getTileWidth() { return width; }
    @Override public int getTileHeight() { return height; }
    @Override public int getTileGridXOffset() { return 0; }
    @Override public int getTileGridYOffset() { return 0; }
    @Override public Raster getTile(int tileX, int tileY) { return getData(); }
}

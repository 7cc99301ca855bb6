package org.rnd4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All images of some folders, decoded once into memory. Files are found recursively, following links to folders
 * but refusing a link back to a folder above it (a loop, which would list the same images again and again), with
 * every suffix an installed {@code javax.imageio} reader decodes (png, jpg/jpeg, bmp, gif, tif/tiff, wbmp with the
 * JDK's own; any case), and sorted by path so runs are reproducible.
 */
public final class ImageSet {
    private static final Logger log = LoggerFactory.getLogger(ImageSet.class);
    /** File suffixes listed as images, in lower and upper case: those {@link ImageIO} has a reader for. */
    public static final String[] EXTENSIONS = suffixes();
    /**
     * Image formats the JDK's readers do not decode (a phone's HEIC, the web's WebP and AVIF, camera raw, ...): files
     * with these extensions are named in a warning when a folder is listed, not silently left out.
     */
    static final Set<String> OTHER_IMAGES = Set.of("heic", "heif", "webp", "avif", "jxl", "jp2", "j2k", "dng", "cr2", "cr3",
            "nef", "arw", "orf", "rw2", "raf", "psd", "exr", "hdr", "svg", "ico", "ppm", "pgm", "pbm", "pnm", "tga");

    private final List<Image> images;

    private ImageSet(List<Image> images) {
        this.images = List.copyOf(images);
    }

    public List<Image> images() { return images; }

    /**
     * "N images, sha256 …" over every image's name, size and samples, in order: a run stores it in its checkpoints so that
     * resuming on other training images (a folder edited in between) is told, not silently a different run.
     */
    public String fingerprint() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (Image im : images) im.feed(digest);
            return images.size() + " images, sha256 " + java.util.HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
    public int size() { return images.size(); }
    public Image get(int i) { return images.get(i); }

    /** Image files under {@code dir}, sorted; {@code what} names the config field in errors. */
    public static List<Path> list(Path dir, String what) {
        if (Files.isRegularFile(dir)) {
            throw new IllegalArgumentException(what + ": " + dir + " is a file; give the folder that holds the images");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + ": image folder " + dir + " does not exist" + (dir.isAbsolute() ? ""
                    : " (relative folders are read from the working directory, " + Path.of("").toAbsolutePath() + ")"));
        }
        List<Path> files = new ArrayList<>(), unreadable = new ArrayList<>();
        Set<String> suffixes = new java.util.HashSet<>(Arrays.stream(EXTENSIONS).map(e -> "." + e.toLowerCase(Locale.ROOT)).toList());
        try {
            Files.walkFileTree(dir, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                            int dot = n.lastIndexOf('.');
                            if (dot > 0 && suffixes.contains(n.substring(dot))) {
                                if (a.isRegularFile()) files.add(f);
                                else if (a.isSymbolicLink()) log.warn("{}: {} is a link to nothing; left out", what, f);
                            } else if (dot > 0 && OTHER_IMAGES.contains(n.substring(dot + 1)) && a.isRegularFile()) {
                                unreadable.add(f);
                            }
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                            if (e instanceof java.nio.file.FileSystemLoopException) {
                                throw new IllegalArgumentException(what + ": " + f + " links back to a folder above it (a loop);"
                                        + " remove the link, or list the folder once");
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot list " + dir + ": " + e.getMessage());
        }
        files.sort(null);
        unreadable.sort(null);
        String others = unreadable.isEmpty() ? "" : unreadable.size() + " image(s) in formats rnd4j does not decode ("
                + String.join(", ", unreadable.subList(0, Math.min(3, unreadable.size())).stream().map(Path::toString).toList())
                + (unreadable.size() > 3 ? ", ..." : "") + "; convert them to PNG, or to JPEG at high quality)";
        if (files.isEmpty()) {
            throw new IllegalArgumentException(what + ": no images (" + String.join("/", new TreeSet<>(Arrays.stream(EXTENSIONS)
                    .map(e -> e.toLowerCase(Locale.ROOT)).toList())) + ") in " + dir + (others.isEmpty() ? "" : "; " + others));
        }
        if (!others.isEmpty()) log.warn("{}: {} left out", what, others);
        return files;
    }

    /**
     * Decodes every image under {@code dirs}. An unreadable file is an error naming it, or a
     * warning when {@code skipBad}; {@code limit > 0} keeps the first {@code limit} files.
     */
    public static ImageSet load(List<Path> dirs, boolean skipBad, int limit, String what) {
        return load(dirs, skipBad, limit, what, Images.DEFAULT_MAX_PIXELS);
    }

    /** As {@link #load(List, boolean, int, String)}, refusing (or with {@code skipBad}, skipping) images above {@code maxPixels}. */
    public static ImageSet load(List<Path> dirs, boolean skipBad, int limit, String what, long maxPixels) {
        return read(files(dirs, limit, what), dirs, skipBad, what, maxPixels);
    }

    /**
     * The image files {@link #load} reads: every folder's sorted listing in turn, each file once (by real path, with a
     * warning when one is listed again), the first {@code limit} when {@code limit > 0}.
     */
    public static List<Path> files(List<Path> dirs, int limit, String what) {
        List<Path> files = new ArrayList<>();
        Set<Path> seen = new java.util.HashSet<>();
        int twice = 0;
        for (Path d : dirs) {
            for (Path f : list(d, what)) {
                if (seen.add(realPath(f))) files.add(f);
                else twice++;
            }
        }
        if (twice > 0) {
            log.warn("{}: {} image file(s) listed more than once (a folder given twice, one inside another, or links to the same"
                    + " file) are used once", what, twice);
        }
        return limit > 0 && files.size() > limit ? List.copyOf(files.subList(0, limit)) : files;
    }

    private static Path realPath(Path f) {
        try {
            return f.toRealPath();
        } catch (IOException e) {
            return f.toAbsolutePath().normalize();
        }
    }

    /** Decodes {@code files}, listed from {@code dirs}, as {@link #load} does ({@code what} names the config field in errors). */
    public static ImageSet read(List<Path> files, List<Path> dirs, boolean skipBad, String what, long maxPixels) {
        List<Image> out = new ArrayList<>(files.size());
        ReadWarnings.summarised(() -> {
            for (Path f : files) {
                try {
                    out.add(Images.read(f, maxPixels).named(nameIn(dirs, f)));
                } catch (IOException e) {
                    if (!skipBad) throw new IllegalArgumentException(e.getMessage() + " (set data.skipBadImages: true to skip it)");
                    log.warn("skipping {}", e.getMessage());
                }
            }
        });
        if (out.isEmpty()) throw new IllegalArgumentException(what + ": no readable images in " + dirs);
        return new ImageSet(out);
    }

    /**
     * {@code f}'s path inside the first of {@code dirs} that holds it, with '/' ({@code a/x.png} for {@code val/a/x.png}): results,
     * output files and given observations then tell {@code a/x.png} from {@code b/x.png}; a flat folder's images keep their
     * file names.
     */
    static String nameIn(List<Path> dirs, Path f) {
        for (Path d : dirs) {
            if (f.startsWith(d) && !f.equals(d)) {
                Path rel = d.relativize(f);
                List<String> parts = new ArrayList<>();
                rel.forEach(p -> parts.add(p.toString()));
                return String.join("/", parts);
            }
        }
        return f.getFileName().toString();
    }

    private static String[] suffixes() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : ImageIO.getReaderFileSuffixes()) {
            if (s.isEmpty()) continue;
            out.add(s.toLowerCase(Locale.ROOT));
            out.add(s.toUpperCase(Locale.ROOT));
        }
        return out.toArray(String[]::new);
    }

    /**
     * How {@code data} asks every image to be read before use (training, validation, evaluation and
     * given observations alike): its luma with {@code data.gray}, in the {@code data.luma} flavour;
     * else as it is.
     */
    public static java.util.function.UnaryOperator<Image> conversion(org.rnd4j.config.DataConfig data) {
        if (!data.gray()) return java.util.function.UnaryOperator.identity();
        boolean ycbcr = org.rnd4j.config.Defaults.LUMA_YCBCR.equals(data.luma());
        return im -> im.luma(ycbcr);
    }

    /** Every image read as {@code data} asks ({@link #conversion}). */
    public ImageSet as(org.rnd4j.config.DataConfig data) {
        return new ImageSet(images.stream().map(conversion(data)).toList());
    }

    public static ImageSet of(List<Image> images) {
        return new ImageSet(images);
    }
}

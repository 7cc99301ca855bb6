package org.rnd4j.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Collection;
import java.util.Locale;

/**
 * Output file names that never collide: {@code a.jpg} → {@code a.png}; a second input with the
 * same stem ({@code a.png} beside {@code a.jpg}) gets its extension in the name ({@code a_png.png}),
 * then a number. Relative folders in the input name are kept.
 */
public final class OutputNames {
    private OutputNames() {}

    /** A PNG name for {@code input} not in {@code taken} (compared ignoring case); it is added to {@code taken}. */
    public static String unique(String input, Collection<String> taken) {
        int dot = input.lastIndexOf('.');
        int slash = Math.max(input.lastIndexOf('/'), input.lastIndexOf('\\'));
        String stem = dot > slash ? input.substring(0, dot) : input;
        String ext = dot > slash ? input.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        String name = stem + ".png";
        if (contains(taken, name)) name = stem + "_" + ext + ".png";
        for (int i = 2; contains(taken, name); i++) name = stem + "_" + ext + "-" + i + ".png";
        taken.add(name);
        return name;
    }

    /**
     * Checks, before anything is written, that the {@code --output} folder is a folder (or absent, and not named like an
     * image file: {@code --output out.png} made a folder of that name) and is neither the input folder nor inside it — compared by real paths, so a symbolic link
     * to the input folder is caught too.
     *
     * @throws IllegalArgumentException one line naming the option and the path
     */
    public static void checkOutputFolder(Path input, Path output) throws IOException {
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException("--output " + output + " exists and is not a folder; give a folder for the outputs");
        }
        String last = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String suffix = last.lastIndexOf('.') > 0 ? last.substring(last.lastIndexOf('.') + 1) : "";
        if (!Files.exists(output) && (suffix.equals("npy") || java.util.Arrays.asList(org.rnd4j.data.ImageSet.EXTENSIONS)
                .contains(suffix))) {
            // was: a folder named like an image, holding the output
            throw new IllegalArgumentException("--output " + output + " looks like a file name, but it is the folder the outputs go to"
                    + " (each named after its input); give a folder" + (output.getParent() != null ? ", e.g. --output "
                    + output.getParent() : ""));
        }
        if (!Files.isDirectory(input)) return;
        Path in = real(input), out = real(output);
        if (out.startsWith(in)) {
            throw new IllegalArgumentException("--output " + output + " is " + (out.equals(in) ? "the input folder" : "inside the input"
                    + " folder") + (out.equals(output.toAbsolutePath().normalize()) ? "" : " (through a link)")
                    + "; choose another folder, so no input is overwritten or read back as an input");
        }
    }

    /**
     * Refuses {@code output} when it is, or is inside, the image folder {@code images} (real paths, so a link is seen
     * through): the PNGs written there (outputs, grids, report charts) would be listed as images by the next run.
     */
    public static void checkOutside(Path images, String imagesWhat, Path output, String outputWhat) throws IOException {
        if (!Files.isDirectory(images)) return;
        Path out = real(output), in = real(images);
        if (out.startsWith(in)) {
            throw new IllegalArgumentException(outputWhat + " " + output + " is " + (out.equals(in) ? "" : "inside ")
                    + "the image folder " + images + " (" + imagesWhat + "): the PNGs written there would be read back as images;"
                    + " choose a folder outside it");
        }
    }

    /**
     * Checks that writing {@code target} cannot replace the input {@code source} (the same real
     * file, or a link to it), whatever {@code --overwrite} says.
     */
    public static void checkNotInput(Path source, Path target, String command) throws IOException {
        if (real(source).equals(real(target)) || Files.exists(target) && Files.isSameFile(source, target)) {
            throw new IllegalArgumentException(command + ": the output for " + source + " would be the input itself ("
                    + target + "); choose another --output");
        }
    }

    /** The real path of {@code p}, or of its nearest existing ancestor with the rest appended. */
    static Path real(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    }

    private static boolean contains(Collection<String> taken, String name) {
        return taken.stream().anyMatch(t -> t.equalsIgnoreCase(name));
    }
}

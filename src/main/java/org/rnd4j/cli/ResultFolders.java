package org.rnd4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code eval} and {@code benchmark} write their results: the folder asked for, unless it already holds results
 * of an earlier call (its {@code marker} file), in which case the first {@code <folder>-N} that holds none, saying so —
 * as {@code train} never reuses a run folder; {@code --overwrite} replaces them in place.
 */
final class ResultFolders {
    private ResultFolders() {}

    static Path fresh(Path wanted, String marker, boolean overwrite) {
        org.rnd4j.io.SafeFiles.checkFolder(wanted, "--out");
        if (overwrite || !Files.exists(wanted.resolve(marker))) return wanted;
        Path dir = wanted;
        for (int n = 2; Files.exists(dir.resolve(marker)) || (Files.exists(dir) && !Files.isDirectory(dir)); n++) {
            dir = wanted.resolveSibling(wanted.getFileName() + "-" + n);
        }
        System.out.println("note: " + wanted + " already holds results (" + marker + "); these go to " + dir
                + " (--overwrite replaces them)");
        return dir;
    }
}

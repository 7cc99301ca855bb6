package org.rnd4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code infer} and {@code degrade} do with an output that already exists: refuse it before anything is written,
 * replace it ({@code --overwrite}), or keep it and make only the others ({@code --skip-existing}, which finishes an
 * interrupted folder: each output is written whole or not at all).
 */
final class ExistingOutputs {
    private final String command;
    private final boolean overwrite, skip;
    private int kept;

    ExistingOutputs(String command, boolean overwrite, boolean skipExisting) {
        if (overwrite && skipExisting) throw new IllegalArgumentException("--overwrite and --skip-existing: choose one");
        this.command = command;
        this.overwrite = overwrite;
        this.skip = skipExisting;
    }

    /**
     * Whether {@code target} is to be written: false for an existing one kept by {@code --skip-existing}.
     *
     * @throws IllegalArgumentException for an existing one without either option
     */
    boolean write(Path target) {
        if (!Files.exists(target) || overwrite) return true;
        if (skip) {
            kept++;
            return false;
        }
        throw new IllegalArgumentException(command + ": " + target + " already exists; nothing was written (use --overwrite to"
                + " replace it, --skip-existing to keep it and write the rest, or another --output)");
    }

    /** Says how many existing outputs in {@code output} were kept, if any. */
    void report(Path output) {
        if (kept > 0) {
            System.out.printf(Locale.ROOT, "kept %d existing output%s in %s (--skip-existing)%n", kept, kept == 1 ? "" : "s", output);
        }
    }
}

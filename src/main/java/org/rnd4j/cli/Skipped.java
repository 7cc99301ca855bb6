package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a folder command ({@code infer}, {@code degrade}) that could not be used (undecodable, too large, too
 * small): each is reported in one line as it is met and the others are still processed, so one bad file in a thousand
 * neither stops the rest nor leaves a half-written folder that a rerun without {@code --overwrite} refuses; the
 * command then fails, naming how many. With a single input its error is the command's one line, as before.
 */
final class Skipped {
    private final String command;
    private final int total;
    private final List<Path> files = new ArrayList<>();

    Skipped(String command, int total) {
        this.command = command;
        this.total = total;
    }

    /** Reports {@code file} as skipped for {@code e}; with a single input, {@code e} itself ends the command. */
    void add(Path file, Exception e) throws Exception {
        if (total == 1) throw e;
        files.add(file);
        String why = Errors.oneLine(e);
        System.err.println("rnd4j: " + command + ": " + (why.contains(file.toString()) ? "" : file + ": ") + why + "; skipped");
    }

    /** 0, or the one-line failure naming how many of the inputs were skipped. */
    int finish() {
        if (files.isEmpty()) return 0;
        throw new IllegalArgumentException(command + ": " + files.size() + " of " + total + " inputs could not be used (named above);"
                + " the other " + (total - files.size()) + " were written");
    }
}

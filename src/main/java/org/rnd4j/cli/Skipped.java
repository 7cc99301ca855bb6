package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of a folder command ({@code infer}, {@code degrade}) that could not be used (undecodable, too large, too
 * small): each is reported in one line as it is met and the others are still processed, so one bad file in a thousand
 * neither stops the rest nor leaves a half-written folder that a rerun without {@code --overwrite} refuses; the
 * command then fails, naming how many.
 */
final class Skipped {
    private final String command;
    private final List<Path> files = new ArrayList<>();

    Skipped(String command) {
        this.command = command;
    }

    void add(Path file, Exception e) {
        files.add(file);
        String why = Errors.oneLine(e);
        System.err.println("rnd4j: " + command + ": " + (why.contains(file.toString()) ? "" : file + ": ") + why + "; skipped");
    }

    /** 0, or the one-line failure naming how many of {@code total} inputs were skipped. */
    int finish(int total) {
        if (files.isEmpty()) return 0;
        throw new IllegalArgumentException(command + ": " + files.size() + " of " + total + " inputs could not be used (named above);"
                + " the other " + (total - files.size()) + " were written");
    }
}

package org.rnd4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reading an image warns about — transparent pixels dropped, a colour profile kept, further pages left, a bad Exif
 * block — as one line naming the file. Logged at once; while a data set is read ({@link #summarised}) gathered and
 * logged per kind, so that a folder of a thousand phone photos gives a line naming three of them and the count, not a
 * thousand lines.
 */
final class ReadWarnings {
    private static final Logger log = LoggerFactory.getLogger(Images.class);
    private static final int NAMED = 3;
    private static final ThreadLocal<Map<String, List<Path>>> gathering = new ThreadLocal<>();

    private ReadWarnings() {}

    static void warn(Path file, String what) {
        Map<String, List<Path>> g = gathering.get();
        if (g != null) g.computeIfAbsent(what, k -> new ArrayList<>()).add(file);
        else log.warn("{}: {}", file, what);
    }

    /** Runs {@code reads} with the warnings of this thread gathered, then logs them: a line a file up to three, else one. */
    static void summarised(Runnable reads) {
        if (gathering.get() != null) {
            reads.run();
            return;
        }
        Map<String, List<Path>> g = new LinkedHashMap<>();
        gathering.set(g);
        try {
            reads.run();
        } finally {
            gathering.remove();
            g.forEach((what, files) -> {
                if (files.size() <= NAMED) {
                    files.forEach(f -> log.warn("{}: {}", f, what));
                } else {
                    log.warn("{} images: {} ({} and {} more)", files.size(), what,
                            String.join(", ", files.subList(0, NAMED).stream().map(Path::toString).toList()), files.size() - NAMED);
                }
            });
        }
    }
}

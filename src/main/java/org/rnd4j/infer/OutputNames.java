package org.rnd4j.infer;

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

    private static boolean contains(Collection<String> taken, String name) {
        return taken.stream().anyMatch(t -> t.equalsIgnoreCase(name));
    }
}

package org.rnd4j.cli;

/** The one line a user sees for an error. */
final class Errors {
    private Errors() {}

    /** Refuses {@code value} of {@code option} (when given) below {@code min}, naming the option. */
    static void atLeast(String option, Number value, long min) {
        if (value != null && value.longValue() < min) {
            throw new IllegalArgumentException(option + ": expected at least " + min + ", got " + value);
        }
    }

    static String oneLine(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // also when a worker thread's OutOfMemoryError arrives wrapped (prefetching, ND4J's native allocator)
            if (t instanceof OutOfMemoryError) {
                return "out of memory (" + String.valueOf(t.getMessage()).lines().findFirst().orElse("") + "); give the JVM more"
                        + " with RND4J_JAVA_OPTS=\"-Xmx8g\", or lower data.batch, data.patch, data.prefetch or data.maxPixels";
            }
        }
        boolean expected = ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof java.io.IOException || ex instanceof org.rnd4j.config.ConfigException
                || ex instanceof org.rnd4j.train.Trainer.DivergedException || ex instanceof java.io.UncheckedIOException;
        String msg = String.valueOf(fileSystem(ex)).replaceAll("\\s*\\R\\s*", " ").strip();
        return expected ? msg : "unexpected error: " + ex.getClass().getName() + ": " + msg + " (run again with --debug for the"
                + " stack trace)";
    }

    /**
     * A file-system error's message with what went wrong: Java's own is only the path for a missing file, an existing
     * one or a denied access ({@code NoSuchFileException}, {@code FileAlreadyExistsException}, {@code AccessDeniedException}).
     */
    private static String fileSystem(Throwable ex) {
        if (ex instanceof java.nio.file.InvalidPathException p && p.getReason() != null && p.getReason().contains("unmappable")) {
            return "file name '" + p.getInput() + "' cannot be written in this locale's character set ("
                    + System.getProperty("sun.jnu.encoding") + "); run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (the ./rnd4j"
                    + " launcher sets it when the system has one)";
        }
        if (!(ex instanceof java.nio.file.FileSystemException f) || f.getReason() != null || f.getFile() == null) return ex.getMessage();
        String what = ex instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                : ex instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                : ex instanceof java.nio.file.AccessDeniedException ? "permission denied" : "file-system error";
        return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + what;
    }
}

package org.rnd4j.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Files that are either the old version or the new one, never half written: content goes to a
 * temporary file beside the target, is synced to disk, and is renamed into place. A failure
 * (a full disk) removes the temporary file and names the target.
 */
public final class SafeFiles {
    private SafeFiles() {}

    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeLines(Path file, List<String> lines) throws IOException {
        writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    public static void write(Path file, byte[] data) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(data));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code from} to {@code to} the same way. */
    public static void copy(Path from, Path to) throws IOException {
        write(to, Files.readAllBytes(from));
    }
}

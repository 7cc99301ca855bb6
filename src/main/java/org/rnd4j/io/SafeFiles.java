package org.rnd4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Files that are either the old version or the new one, never half written. Content goes to a
 * temporary file beside the target — a new, randomly named file created exclusively, so a file or
 * symbolic link planted under a predictable name can never redirect the write — every byte is
 * written (a short {@code write} is continued, a full disk is an error), synced, and the file is
 * renamed into place. A failure removes the temporary file, keeps the old version and names the
 * target; temporary files still open when the JVM is stopped (Ctrl-C, SIGTERM) are removed too,
 * after a short grace for writes that are about to finish (a checkpoint saved as training stops).
 */
public final class SafeFiles {
    /** What writes a file's content to the stream it is given. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    /** Wraps each temporary file's channel; tests inject short writes and full disks here. */
    static volatile UnaryOperator<WritableByteChannel> channels = UnaryOperator.identity();

    /** How long the JVM's shutdown waits for writes under way (a checkpoint saved on Ctrl-C) before removing their files. */
    static final long SHUTDOWN_GRACE_MS = 3000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long end = System.currentTimeMillis() + SHUTDOWN_GRACE_MS;
            while (!OPEN.isEmpty() && System.currentTimeMillis() < end) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    break;
                }
            }
            for (Path p : OPEN) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the JVM is going down; nothing more can be done
                }
            }
        }, "rnd4j-temp-cleanup"));
    }

    private SafeFiles() {}

    /**
     * Refuses {@code dir} as a folder to write into when something else (a file) is there, in one line naming
     * {@code what} (the field or option that gave it): otherwise the first write fails with only the path.
     */
    public static void checkFolder(Path dir, String what) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + " " + dir + " exists and is not a folder; give a folder for the outputs");
        }
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeLines(Path file, List<String> lines) throws IOException {
        writeString(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    public static void write(Path file, byte[] data) throws IOException {
        write(file, out -> out.write(data));
    }

    /** Copies {@code from} to {@code to} the same way. */
    public static void copy(Path from, Path to) throws IOException {
        write(to, out -> Files.copy(from, out));
    }

    /** Writes what {@code body} produces to {@code file}, all or nothing (see the class comment). */
    public static void write(Path file, Body body) throws IOException {
        Path abs = file.toAbsolutePath();
        Path parent = abs.getParent();
        Path tmp = null;
        try {
            if (parent != null) Files.createDirectories(parent);
            if (Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) throw new IOException("it is a directory");
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isSymbolicLink(abs)) {
                throw new IOException("it exists and is not a regular file");
            }
            tmp = newTemp(abs);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 OutputStream out = new BufferedOutputStream(new FullWrites(channels.apply(ch)), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot write " + file + ": " + reason(e), e);
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
                OPEN.remove(tmp);
            }
        }
    }

    /** A new, empty, exclusively created file beside {@code target} with a random name (never a followed link). */
    private static Path newTemp(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            byte[] r = new byte[8];
            RANDOM.nextBytes(r);
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + HexFormat.of().formatHex(r) + ".tmp");
            try {
                Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)).close();
                OPEN.add(tmp);
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 8) throw e;
            }
        }
    }

    /** A failure's cause in words, for "cannot write FILE: …". */
    public static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof java.io.UncheckedIOException)) {
            t = t.getCause();
        }
        String m = String.valueOf(t.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
        if (m.toLowerCase(java.util.Locale.ROOT).contains("no space left")) {
            return "no space left on device (free some disk space; the previous version, if any, is intact)";
        }
        return m;
    }

    /** Writes every byte it is given, continuing short writes; a channel that accepts nothing is a full disk. */
    private static final class FullWrites extends OutputStream {
        private final WritableByteChannel ch;

        FullWrites(WritableByteChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            int stalled = 0;
            while (buf.hasRemaining()) {
                if (ch.write(buf) > 0) {
                    stalled = 0;
                } else if (++stalled > 3) {
                    throw new IOException("No space left on device (the file system accepts no more bytes)");
                }
            }
        }
    }
}

package org.rnd4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Small file systems for full-disk tests: a tmpfs mounted where the test runs as root and may mount. */
public final class TestMounts {
    private TestMounts() {}

    /** What a test does on the small file system mounted at its argument. */
    @FunctionalInterface
    public interface Body {
        void run(Path mount) throws Exception;
    }

    /** Runs {@code body} on a new tmpfs of {@code size} at {@code dir} (the test is skipped where none can be mounted). */
    public static void onTmpfs(Path dir, String size, Body body) throws Exception {
        Files.createDirectories(dir);
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()), "cannot mount a tmpfs here");
        try {
            body.run(dir);
        } finally {
            run("umount", dir.toString());
        }
    }

    /** Fills the file system of {@code dir} until about {@code leave} bytes are free. */
    public static void fill(Path dir, long leave) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        Files.write(dir.resolve("filler"), new byte[(int) Math.max(0, free - leave)]);
    }

    /** The names of the temporary files left under {@code dir}. */
    public static List<String> temporaryFiles(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

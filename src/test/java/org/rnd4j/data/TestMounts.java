package org.rnd4j.data;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Small file systems for full-disk tests: a tmpfs mounted where the test runs as root and may mount. */
public final class TestMounts {
    private TestMounts() {}

    /** Mounts a tmpfs of {@code size} on {@code dir}; false where that is not allowed. */
    public static boolean tmpfs(Path dir, String size) {
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    }

    public static void unmount(Path dir) {
        run("umount", dir.toString());
    }

    private static boolean run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package org.rnd4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: short writes continued, a full disk an error naming the file, planted links never followed. */
class SafeFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        SafeFiles.channels = java.util.function.UnaryOperator.identity();
    }

    /** A channel that writes at most {@code chunk} bytes a call and, after {@code capacity} bytes, nothing (a full disk). */
    static WritableByteChannel limited(WritableByteChannel ch, int chunk, long capacity) {
        AtomicLong written = new AtomicLong();
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                long room = capacity - written.get();
                if (room <= 0) return 0;
                int n = (int) Math.min(Math.min(chunk, room), src.remaining());
                ByteBuffer part = src.duplicate();
                part.limit(part.position() + n);
                int w = ch.write(part);
                src.position(src.position() + w);
                written.addAndGet(w);
                return w;
            }

            @Override public boolean isOpen() { return ch.isOpen(); }
            @Override public void close() throws IOException { ch.close(); }
        };
    }

    @Test
    void shortWritesAreContinued() throws Exception {
        SafeFiles.channels = ch -> limited(ch, 1000, Long.MAX_VALUE);
        byte[] data = new byte[155_000];
        new java.util.Random(1).nextBytes(data);
        Path f = dir.resolve("report.html");
        SafeFiles.write(f, data);
        assertThat(Files.readAllBytes(f)).isEqualTo(data);
        assertThat(dir.toFile().list()).containsExactly("report.html");
    }

    @Test
    void aFullDiskKeepsTheOldVersionAndNamesTheFile() throws Exception {
        Path f = dir.resolve("report.html");
        Files.writeString(f, "<html>complete</html>");
        SafeFiles.channels = ch -> limited(ch, 4096, 57_000);
        assertThatThrownBy(() -> SafeFiles.write(f, new byte[155_000])).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot write " + f).hasMessageContaining("no space left on device")
                .hasMessageNotContaining("\n");
        assertThat(Files.readString(f)).isEqualTo("<html>complete</html>");
        assertThat(dir.toFile().list()).containsExactly("report.html");
    }

    @Test
    void plantedLinksAreNeverFollowed() throws Exception {
        Path victim = dir.resolve("victim.txt");
        Files.writeString(victim, "precious");
        Path f = dir.resolve("last.zip");
        // the names earlier versions used for their temporary files, planted as links to the victim
        Files.createSymbolicLink(dir.resolve("last.zip.tmp"), victim);
        Files.createSymbolicLink(dir.resolve(".last.zip.tmp"), victim);
        SafeFiles.write(f, "new checkpoint".getBytes());
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.readString(f)).isEqualTo("new checkpoint");
        // a link at the final name is replaced by the file, its target untouched
        Path link = dir.resolve("report.html");
        Files.createSymbolicLink(link, victim);
        SafeFiles.writeString(link, "report");
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(Files.readString(victim)).isEqualTo("precious");
    }

    @Test
    void devicesAndFoldersAreNotTargets() {
        assertThatThrownBy(() -> SafeFiles.writeString(Path.of("/dev/null"), "x")).hasMessageContaining("/dev/null")
                .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> SafeFiles.writeString(dir, "x")).hasMessageContaining("a directory");
    }

    /** The same on a real full file system (a 256 KB tmpfs), where this machine lets the test mount one. */
    @Test
    void aRealFullDiskKeepsTheOldVersion() throws Exception {
        TestMounts.onTmpfs(dir.resolve("small"), "256k", mnt -> {
            Path f = mnt.resolve("train_log.csv");
            byte[] old = new byte[150_000];
            java.util.Arrays.fill(old, (byte) 'a');
            SafeFiles.write(f, old);
            assertThatThrownBy(() -> SafeFiles.write(f, new byte[200_000])).hasMessageContaining("cannot write " + f)
                    .hasMessageContaining("no space left on device");
            assertThat(Files.readAllBytes(f)).isEqualTo(old);
            assertThat(mnt.toFile().list()).containsExactly("train_log.csv");
        });
    }

    /** Writes a file through SafeFiles that never finishes (for the SIGTERM test below). */
    public static final class EndlessWriter {
        public static void main(String[] args) throws Exception {
            SafeFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                System.out.println("writing");
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            });
        }
    }

    /** SIGTERM during a write: the temporary file is removed and the old version kept. */
    @Test
    void aTerminatedWriteLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("out.png");
        Files.writeString(f, "old");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), EndlessWriter.class.getName(), f.toString()).redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("writing");
            assertThat(dir.toFile().list()).hasSize(2);   // the file and its temporary file
            p.destroy();   // SIGTERM
            assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dir.toFile().list()).containsExactly("out.png");
        assertThat(Files.readString(f)).isEqualTo("old");
    }
}

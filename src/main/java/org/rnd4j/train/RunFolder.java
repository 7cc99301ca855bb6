package org.rnd4j.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The folder a run writes, held for the run: a folder that already holds a run is never reused by
 * a new one (it goes to {@code <name>-2}, …), and {@code <run>/.lock} keeps a second process out.
 */
final class RunFolder implements AutoCloseable {
    static final String LOCK = ".lock";

    private final Path dir;
    private final FileChannel lock;
    private final boolean created;

    private RunFolder(Path dir, FileChannel lock, boolean created) {
        this.dir = dir;
        this.lock = lock;
        this.created = created;
    }

    /** Takes {@code wanted} (or, for a new run, the first {@code wanted-N} that holds no run) and locks it. */
    static RunFolder take(Path wanted, boolean resume, PrintStream out) throws IOException {
        Path dir = wanted;
        if (!resume && holdsRun(dir)) {
            for (int n = 2; holdsRun(dir); n++) dir = wanted.resolveSibling(wanted.getFileName() + "-" + n);
            out.printf(Locale.ROOT, "%s already holds a run (continue it with --resume); this run goes to %s%n", wanted, dir);
        }
        if (resume && !Files.exists(dir.resolve(Trainer.LAST))) {
            throw new IllegalStateException("--resume: no checkpoint " + dir.resolve(Trainer.LAST) + " to resume from");
        }
        org.rnd4j.io.SafeFiles.checkFolder(dir, "output");
        boolean created = !Files.exists(dir);
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IllegalStateException("run folder " + dir + " is in use by another rnd4j run; wait for it or use another name");
        }
        return new RunFolder(dir, ch, created);
    }

    /** Whether {@code dir} has anything a run writes (a crashed run may have left only best.zip or its log). */
    static boolean holdsRun(Path dir) {
        for (String f : new String[]{Trainer.LAST, Trainer.BEST, Trainer.LOG, Trainer.VAL_LOG, "config.yaml", "eval"}) {
            if (Files.exists(dir.resolve(f))) return true;
        }
        return false;
    }

    Path dir() {
        return dir;
    }

    /**
     * Releases the folder. One this run created and left holding nothing but its lock (the run failed before writing
     * anything: a config error found when the model is built) is removed, so a failed start leaves no empty run folder.
     */
    @Override
    public void close() throws IOException {
        try {
            if (created && onlyTheLock()) {
                Files.deleteIfExists(dir.resolve(LOCK));   // while still held, so no other run takes it in between
                lock.close();
                Files.deleteIfExists(dir);                 // fails harmlessly if another process wrote into it meanwhile
            }
        } catch (IOException ignored) {
            // an empty folder left behind is harmless
        } finally {
            lock.close();
        }
    }

    private boolean onlyTheLock() throws IOException {
        try (var s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().equals(LOCK));
        }
    }
}

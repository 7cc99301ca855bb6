package org.rnd4j.train;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.rnd4j.data.SafeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code train_log.csv}: one row per iteration, synced to disk with every checkpoint (so after a
 * crash it holds at least every row up to the last checkpoint); on resume, rows after the
 * checkpoint are dropped, so the resumed log equals an uninterrupted one.
 */
final class TrainLog implements AutoCloseable {
    private final FileOutputStream file;
    private final BufferedWriter w;
    private final long t0 = System.nanoTime();

    private TrainLog(FileOutputStream file) {
        this.file = file;
        this.w = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8));
    }

    static TrainLog open(Path file, long keepUpTo) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add("iteration,loss,lr,seconds");
        if (keepUpTo > 0 && Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String first = line.split(",", 2)[0];
                if (first.matches("\\d+") && Long.parseLong(first) <= keepUpTo) kept.add(line);
            }
        }
        SafeFiles.writeLines(file, kept);
        return new TrainLog(new FileOutputStream(file.toFile(), true));
    }

    void append(long iteration, double loss, double lr) throws IOException {
        w.write(String.format(Locale.ROOT, "%d,%.8g,%.6g,%.3f%n", iteration, loss, lr, (System.nanoTime() - t0) / 1e9));
        if (iteration % 10 == 0) w.flush();
    }

    /** Writes every row so far to disk (called before each checkpoint). */
    void sync() throws IOException {
        w.flush();
        file.getFD().sync();
    }

    @Override
    public void close() throws IOException {
        w.close();
    }
}

package org.rnd4j.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code train_log.csv}: one row per iteration; on resume, rows after the checkpoint are dropped. */
final class TrainLog implements AutoCloseable {
    private final BufferedWriter w;
    private final long t0 = System.nanoTime();

    private TrainLog(BufferedWriter w) {
        this.w = w;
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
        Files.write(file, kept);
        return new TrainLog(Files.newBufferedWriter(file, StandardOpenOption.APPEND));
    }

    void append(long iteration, double loss, double lr) throws IOException {
        w.write(String.format(Locale.ROOT, "%d,%.8g,%.6g,%.3f%n", iteration, loss, lr, (System.nanoTime() - t0) / 1e9));
        if (iteration % 10 == 0) w.flush();
    }

    @Override
    public void close() throws IOException {
        w.close();
    }
}

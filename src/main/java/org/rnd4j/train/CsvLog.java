package org.rnd4j.train;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnd4j.io.SafeFiles;

/**
 * A run's CSV log keyed by iteration ({@code train_log.csv}, {@code val_log.csv}): rows are
 * appended as they come and synced to disk with every checkpoint (so after a crash the file holds
 * at least every row up to the last checkpoint); on resume, rows after the checkpoint are dropped,
 * so a resumed log equals an uninterrupted one.
 */
final class CsvLog implements AutoCloseable {
    private final FileOutputStream file;
    private final BufferedWriter w;
    private final Path path;

    private CsvLog(FileOutputStream file, Path path) {
        this.file = file;
        this.path = path;
        this.w = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8));
    }

    /** Opens {@code path} with {@code header}, keeping the rows of iterations up to {@code keepUpTo}. */
    static CsvLog open(Path path, String header, long keepUpTo) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(header);
        if (keepUpTo > 0 && Files.exists(path)) {
            for (String line : Files.readAllLines(path)) {
                String first = line.split(",", 2)[0];
                if (first.matches("\\d+") && Long.parseLong(first) <= keepUpTo) kept.add(line);
            }
        }
        SafeFiles.writeLines(path, kept);
        return new CsvLog(new FileOutputStream(path.toFile(), true), path);
    }

    /** Appends one row (without its line break); it reaches the file at once, and the disk at the next {@link #sync}. */
    void append(String row) throws IOException {
        try {
            w.write(row);
            w.newLine();
            w.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Writes every row so far to disk (called before each checkpoint). */
    void sync() throws IOException {
        try {
            w.flush();
            file.getFD().sync();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private IOException failed(IOException e) {
        return new IOException("cannot write " + path + ": " + SafeFiles.reason(e), e);
    }

    @Override
    public void close() throws IOException {
        w.close();
    }
}

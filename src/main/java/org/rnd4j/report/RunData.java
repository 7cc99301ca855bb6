package org.rnd4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run folder holds, read back for reports: logs, final evaluation, config, grids, and the
 * standard-set tables {@code rnd4j benchmark} writes to {@code <run>/benchmark} (and {@code benchmark-se} with
 * {@code --self-ensemble}) by default.
 */
record RunData(Path dir, String name, List<double[]> train, List<double[]> val, JsonNode summary, List<String[]> perImage,
               String config, List<String[]> finetune, List<Path> grids, List<String[]> benchmark) {

    /** Largest file a report reads (a CSV log of a very long run stays far below it). */
    static final long MAX_BYTES = 256L << 20;
    /** Largest image a report embeds. */
    static final long MAX_IMAGE_BYTES = 16L << 20;

    static RunData read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("report: " + dir + " is not a folder");
        Path sum = inside(dir, "eval/summary.json", MAX_BYTES), config = inside(dir, "config.yaml", MAX_BYTES);
        Path train = inside(dir, "train_log.csv", MAX_BYTES);
        if (train == null && sum == null) {
            throw new IllegalArgumentException("report: " + dir + " is not a run folder (no train_log.csv or eval/summary.json)");
        }
        List<Path> grids = new ArrayList<>();
        if (Files.isDirectory(dir.resolve("eval/grids"), LinkOption.NOFOLLOW_LINKS)) {
            // images listed from subfolders have their grids in subfolders (eval/grids/a/x.png); links are not followed
            try (var s = Files.walk(dir.resolve("eval/grids"), 16)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".png") && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .sorted().toList()) {
                    grids.add(inside(dir, dir.relativize(p).toString(), MAX_IMAGE_BYTES));
                }
            }
        }
        return new RunData(dir, dir.toAbsolutePath().normalize().getFileName().toString(), numbers(train),
                numbers(inside(dir, "val_log.csv", MAX_BYTES)), sum != null ? new ObjectMapper().readTree(sum.toFile()) : null,
                rows(inside(dir, "eval/results.csv", MAX_BYTES)), config != null ? Files.readString(config) : "",
                rows(inside(dir, "finetune.csv", MAX_BYTES)), grids, benchmark(dir));
    }

    /** The rows of {@code benchmark/benchmark.csv}, then those of {@code benchmark-se/} (the ×8 self-ensemble), so marked. */
    private static List<String[]> benchmark(Path dir) throws IOException {
        List<String[]> all = new ArrayList<>(rows(inside(dir, "benchmark/benchmark.csv", MAX_BYTES)));
        for (String[] r : rows(inside(dir, "benchmark-se/benchmark.csv", MAX_BYTES))) {
            String[] c = r.clone();
            if (c.length > 0) c[0] = c[0] + " (×8 self-ensemble)";
            all.add(c);
        }
        return all;
    }

    /**
     * {@code dir/rel} if it exists, or null; a report reads only regular files of at most {@code maxBytes}
     * inside the run folder, never through a link (a planted link could embed any file of the machine).
     */
    static Path inside(Path dir, String rel, long maxBytes) throws IOException {
        Path p = dir.resolve(rel);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return null;
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                || !p.toRealPath().getParent().startsWith(dir.toRealPath())) {
            throw new IllegalArgumentException("report: " + p + " is not a regular file inside the run folder (a link or a"
                    + " device?); reports read only the run's own files: remove it");
        }
        long size = Files.size(p);
        if (size > maxBytes) {
            throw new IllegalArgumentException("report: " + p + " has " + size + " bytes, more than a report reads (" + maxBytes
                    + ")");
        }
        return p;
    }

    /** Numeric rows of a CSV (header skipped; non-numeric cells become NaN), parsed as they are read. */
    static List<double[]> numbers(Path csv) throws IOException {
        List<double[]> out = new ArrayList<>();
        forEachRow(csv, r -> {
            double[] v = new double[r.length];
            for (int i = 0; i < r.length; i++) {
                try {
                    v[i] = Double.parseDouble(r[i]);
                } catch (NumberFormatException e) {
                    v[i] = Double.NaN;
                }
            }
            out.add(v);
        });
        return out;
    }

    /** Rows of a CSV without its header; empty when the file is null or does not exist. */
    static List<String[]> rows(Path csv) throws IOException {
        List<String[]> out = new ArrayList<>();
        forEachRow(csv, out::add);
        return out;
    }

    private static void forEachRow(Path csv, java.util.function.Consumer<String[]> row) throws IOException {
        if (csv == null || !Files.exists(csv)) return;
        try (java.io.BufferedReader in = Files.newBufferedReader(csv)) {
            in.readLine();
            for (String l; (l = in.readLine()) != null; ) {
                if (!l.isBlank()) row.accept(l.split(",", -1));
            }
        }
    }

    /** The header of a CSV. */
    static String[] header(Path csv) throws IOException {
        List<String> lines = Files.exists(csv) ? Files.readAllLines(csv) : List.of();
        return lines.isEmpty() ? new String[0] : lines.get(0).split(",", -1);
    }

    /** The "# model: …" line the trainer writes into config.yaml. */
    String modelLine() {
        for (String l : config.lines().toList()) {
            if (l.startsWith("# model: ")) return l.substring(9);
        }
        return "";
    }

    /** Column {@code c} of the numeric rows. */
    static double[] column(List<double[]> rows, int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) out[i] = rows.get(i)[c];
        return out;
    }

    /** Summary values by name, in the order of the final table. */
    Map<String, Double> finals() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (summary == null) return m;
        for (String k : new String[]{"psnr", "ssim", "baselinePsnr", "baselineSsim", "interpPsnr", "interpSsim", "consistencyMaxAbs",
                "consistencyPsnr", "cleanConsistencyMaxAbs"}) {
            JsonNode v = summary.get(k);
            m.put(k, v == null || v.isNull() || !v.isNumber() ? Double.NaN : v.asDouble());
        }
        return m;
    }
}

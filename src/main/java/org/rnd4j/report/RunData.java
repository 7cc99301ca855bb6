package org.rnd4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a run folder holds, read back for reports: logs, final evaluation, config, grids. */
record RunData(Path dir, String name, List<double[]> train, List<double[]> val, JsonNode summary, List<String[]> perImage,
               String config, List<String[]> finetune, List<Path> grids) {

    static RunData read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("report: " + dir + " is not a folder");
        if (!Files.exists(dir.resolve("train_log.csv")) && !Files.exists(dir.resolve("eval/summary.json"))) {
            throw new IllegalArgumentException("report: " + dir + " is not a run folder (no train_log.csv or eval/summary.json)");
        }
        Path sum = dir.resolve("eval/summary.json");
        List<Path> grids = new ArrayList<>();
        if (Files.isDirectory(dir.resolve("eval/grids"))) {
            try (var s = Files.list(dir.resolve("eval/grids"))) {
                s.filter(p -> p.toString().endsWith(".png")).sorted().forEach(grids::add);
            }
        }
        return new RunData(dir, dir.getFileName().toString(), numbers(dir.resolve("train_log.csv")), numbers(dir.resolve("val_log.csv")),
                Files.exists(sum) ? new ObjectMapper().readTree(sum.toFile()) : null, rows(dir.resolve("eval/results.csv")),
                Files.exists(dir.resolve("config.yaml")) ? Files.readString(dir.resolve("config.yaml")) : "",
                rows(dir.resolve("finetune.csv")), grids);
    }

    /** Numeric rows of a CSV (header skipped; non-numeric cells become NaN). */
    static List<double[]> numbers(Path csv) throws IOException {
        List<double[]> out = new ArrayList<>();
        for (String[] r : rows(csv)) {
            double[] v = new double[r.length];
            for (int i = 0; i < r.length; i++) {
                try {
                    v[i] = Double.parseDouble(r[i]);
                } catch (NumberFormatException e) {
                    v[i] = Double.NaN;
                }
            }
            out.add(v);
        }
        return out;
    }

    /** Rows of a CSV without its header; empty when the file does not exist. */
    static List<String[]> rows(Path csv) throws IOException {
        List<String[]> out = new ArrayList<>();
        if (!Files.exists(csv)) return out;
        List<String> lines = Files.readAllLines(csv);
        for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!l.isBlank()) out.add(l.split(",", -1));
        }
        return out;
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

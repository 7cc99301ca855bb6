package org.rnd4j.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnd4j.io.SafeFiles;

/**
 * Self-contained HTML reports (every chart and picture inlined, no server, no network), with the
 * charts also written as PNG files beside {@code report.html}:
 * <ul>
 *   <li>a training run: final table against the baselines and consistency, per-image results,
 *       training loss and learning rate, validation PSNR/SSIM against the {@code A†y} baseline,
 *       the side-by-side crops of every validation image, fine-tuning stages, the resolved config;</li>
 *   <li>several runs: their curves overlaid and their finals side by side (RND on vs off);</li>
 *   <li>a search folder: the score against every searched field, and the candidates ranked.</li>
 * </ul>
 */
public final class Report {
    public static final String FILE = "report.html";

    private Report() {}

    /** The report for {@code dirs}: one run, a search, or a comparison written to {@code out} (default: beside the first). */
    public static Path write(List<Path> dirs, Path out) throws IOException {
        if (dirs.isEmpty()) throw new IllegalArgumentException("report: name at least one run folder");
        Path one = dirs.get(0), into = out != null ? out : one;
        if (dirs.size() == 1 && Files.exists(one.resolve("search.yaml"))) return search(one, into);
        if (dirs.size() == 1) return run(one, into);
        List<RunData> runs = new ArrayList<>();
        for (Path d : dirs) runs.add(RunData.read(d));
        Path target = out != null ? out : dirs.get(0).toAbsolutePath().getParent().resolve("compare-"
                + String.join("-", runs.stream().map(RunData::name).toList()));
        return compare(runs, target);
    }

    /**
     * The report that ends a training run (completed or stopped), written by whoever ran it: the
     * path, printed as a line to open, or null with a warning when it cannot be written (the run
     * itself is complete and its checkpoints are saved).
     */
    public static Path forRun(Path dir, java.io.PrintStream out, boolean stopped) {
        try {
            Path file = run(dir);
            out.println((stopped ? "report so far: " : "report: ") + file + " (open it in a browser)");
            return file;
        } catch (IOException | RuntimeException e) {
            out.println("warning: the report could not be written: " + e.getMessage());
            return null;
        }
    }

    /** {@code <run>/report.html} and {@code <run>/report/*.png}. */
    public static Path run(Path dir) throws IOException {
        return run(dir, dir);
    }

    /** The report of run folder {@code dir} as {@code <out>/report.html} and {@code <out>/report/*.png}. */
    public static Path run(Path dir, Path out) throws IOException {
        RunData r = RunData.read(dir);
        Files.createDirectories(out);
        Html h = new Html("rnd4j report: " + r.name());
        h.p("<b>" + esc(r.name()) + "</b> — " + esc(r.modelLine()));
        finalsTable(h, List.of(r));
        if (!r.finetune().isEmpty()) {
            h.h2("Fine-tuning stages");
            h.table(List.of("stage", "PSNR", "SSIM", "max|Ax̂ − y|", "PSNR(Ax̂, y)"), r.finetune());
        }
        Path png = out.resolve("report");
        Files.createDirectories(png);
        h.h2("Training");
        if (!r.train().isEmpty()) {
            double[] it = RunData.column(r.train(), 0), loss = RunData.column(r.train(), 1), lr = RunData.column(r.train(), 2);
            h.img(save(png, "loss.png", Charts.lines("training loss (per-pixel mean)", "iteration", "loss", List.of(
                    new Charts.Series("loss", it, loss, false),
                    new Charts.Series("moving average (50)", it, Charts.smooth(loss, 50), false)), true)), "training loss");
            h.img(save(png, "lr.png", Charts.lines("learning rate", "iteration", "lr",
                    List.of(new Charts.Series("lr", it, lr, false)), false)), "learning rate");
        }
        if (!r.val().isEmpty()) {
            double[] it = RunData.column(r.val(), 0);
            h.img(save(png, "val_psnr.png", Charts.lines("validation PSNR", "iteration", "PSNR (dB)", List.of(
                    new Charts.Series("output", it, RunData.column(r.val(), 1), false),
                    new Charts.Series("A†y", it, RunData.column(r.val(), 3), true)), false)), "validation PSNR");
            h.img(save(png, "val_ssim.png", Charts.lines("validation SSIM", "iteration", "SSIM", List.of(
                    new Charts.Series("output", it, RunData.column(r.val(), 2), false),
                    new Charts.Series("A†y", it, RunData.column(r.val(), 4), true)), false)), "validation SSIM");
        }
        if (!r.perImage().isEmpty()) {
            h.h2("Per image");
            h.table(List.of("image", "PSNR", "SSIM", "A†y PSNR", "A†y SSIM", "max|Ax̂ − y|", "PSNR(Ax̂, y)", "max|Ax̂ − Ax|",
                    "bicubic PSNR", "bicubic SSIM", "colourfulness", "A†y colourfulness", "truth colourfulness"), r.perImage());
        }
        if (!r.benchmark().isEmpty()) {
            h.h2("Standard test sets (rnd4j benchmark: Y channel, border = scale, 8-bit output)");
            h.table(List.of("set", "images", "LR files", "PSNR (dB)", "SSIM", "A†y PSNR", "A†y SSIM", "bicubic PSNR", "bicubic SSIM",
                    "max|Ax̂ − y|"), r.benchmark());
        }
        if (!r.grids().isEmpty()) {
            h.h2("Validation images (centre crops at full resolution)");
            h.raw("<div class=labels>" + String.join("", java.util.Arrays.stream(new String[]{"observation", "A†y", "output",
                    "ground truth", "|error| ×4"}).map(l -> "<span>" + esc(l) + "</span>").toList()) + "</div>");
            for (Path g : r.grids()) {
                String name = r.dir().resolve("eval/grids").relativize(g).toString().replace('\\', '/');
                h.p(esc(name));
                h.img(Files.readAllBytes(g), name);
            }
        }
        h.h2("Config");
        h.pre(r.config());
        Path file = out.resolve(FILE);
        SafeFiles.writeString(file, h.toString());
        return file;
    }

    /** Overlaid curves and a table of finals for several runs. */
    static Path compare(List<RunData> runs, Path out) throws IOException {
        Files.createDirectories(out);
        Html h = new Html("rnd4j comparison: " + String.join(" vs ", runs.stream().map(RunData::name).toList()));
        for (RunData r : runs) h.p("<b>" + esc(r.name()) + "</b> (" + esc(r.dir().toString()) + ") — " + esc(r.modelLine()));
        finalsTable(h, runs);
        List<Charts.Series> loss = new ArrayList<>(), psnr = new ArrayList<>();
        for (RunData r : runs) {
            if (!r.train().isEmpty()) {
                loss.add(new Charts.Series(r.name(), RunData.column(r.train(), 0), Charts.smooth(RunData.column(r.train(), 1), 50), false));
            }
            if (!r.val().isEmpty()) {
                psnr.add(new Charts.Series(r.name(), RunData.column(r.val(), 0), RunData.column(r.val(), 1), false));
            }
        }
        if (!loss.isEmpty()) {
            h.img(save(out, "loss.png", Charts.lines("training loss (moving average of 50)", "iteration", "loss", loss, true)), "loss");
        }
        if (!psnr.isEmpty()) {
            h.img(save(out, "val_psnr.png", Charts.lines("validation PSNR", "iteration", "PSNR (dB)", psnr, false)), "validation PSNR");
        }
        Path file = out.resolve(FILE);
        SafeFiles.writeString(file, h.toString());
        return file;
    }

    /** Score against each searched field, and the candidates ranked. */
    static Path search(Path dir, Path out) throws IOException {
        Files.createDirectories(out);
        Path csv = dir.resolve("results.csv");
        String[] head = RunData.header(csv);
        List<String[]> rows = RunData.rows(csv);
        Html h = new Html("rnd4j search: " + dir.getFileName());
        // index, status, psnr, ssim, consistency, seconds, …fields…, message[, run]
        int message = java.util.Arrays.asList(head).indexOf("message");
        int fields = (message > 0 ? message : head.length - 1) - 6;
        List<String[]> done = rows.stream().filter(r -> r.length > 2 && r[1].equals("completed")).toList();
        h.p(rows.size() + " candidates, " + done.size() + " completed; score = PSNR (dB) on the validation images");
        for (int field = 0; field < fields; field++) {
            final int f = field;
            String name = head[6 + f];
            double[] x = new double[done.size()], y = new double[done.size()];
            List<String> cats = new ArrayList<>();
            boolean numeric = done.stream().allMatch(r -> isNumber(r[6 + f]));
            for (int i = 0; i < done.size(); i++) {
                String v = done.get(i)[6 + f];
                if (numeric) {
                    x[i] = Double.parseDouble(v);
                } else {
                    if (!cats.contains(v)) cats.add(v);
                    x[i] = cats.indexOf(v);
                }
                y[i] = Double.parseDouble(done.get(i)[2]);
            }
            if (done.isEmpty()) continue;
            h.img(save(out, "search_" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png",
                    Charts.scatter(name, name, "PSNR (dB)", x, y, numeric ? null : cats)), name);
        }
        List<String[]> ranked = new ArrayList<>(rows);
        ranked.sort((a, b) -> Double.compare(number(b[2]), number(a[2])));
        h.h2("Candidates, best first");
        h.table(List.of(head), ranked);
        Path file = out.resolve(FILE);
        SafeFiles.writeString(file, h.toString());
        return file;
    }

    private static void finalsTable(Html h, List<RunData> runs) {
        h.h2("Final evaluation");
        List<String[]> rows = new ArrayList<>();
        for (RunData r : runs) {
            Map<String, Double> f = r.finals();
            if (f.isEmpty()) continue;
            rows.add(new String[]{r.name(), fmt(f.get("psnr"), "%.2f"), fmt(f.get("ssim"), "%.4f"), fmt(f.get("baselinePsnr"), "%.2f"),
                    fmt(f.get("baselineSsim"), "%.4f"), fmt(f.get("interpPsnr"), "%.2f"), fmt(f.get("consistencyMaxAbs"), "%.1e"),
                    fmt(f.get("consistencyPsnr"), "%.1f")});
        }
        if (rows.isEmpty()) {
            h.p("no final evaluation yet (eval/summary.json)");
            return;
        }
        h.table(List.of("run", "PSNR (dB)", "SSIM", "A†y PSNR", "A†y SSIM", "bicubic PSNR", "max|Ax̂ − y|", "PSNR(Ax̂, y)"), rows);
    }

    private static String fmt(Double v, String f) {
        return v == null || v.isNaN() ? "—" : String.format(Locale.ROOT, f, v);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(String s) {
        return isNumber(s) ? Double.parseDouble(s) : Double.NEGATIVE_INFINITY;
    }

    private static byte[] save(Path dir, String name, byte[] png) throws IOException {
        SafeFiles.write(dir.resolve(name), png);
        return png;
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A minimal HTML document builder. */
    private static final class Html {
        private final StringBuilder b = new StringBuilder();

        Html(String title) {
            b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title><style>")
                    .append("body{font-family:sans-serif;margin:24px;max-width:1100px;color:#222}")
                    .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;")
                    .append("text-align:right}th{background:#f3f3f3}td:first-child{text-align:left}")
                    .append("img{display:block;margin:6px 0;max-width:100%}pre{background:#f7f7f7;padding:8px;overflow:auto}")
                    .append(".labels span{display:inline-block;width:19%;text-align:center;font-size:90%;color:#555}")
                    .append("</style></head><body><h1>").append(esc(title)).append("</h1>");
        }

        void h2(String s) { b.append("<h2>").append(esc(s)).append("</h2>"); }
        void p(String html) { b.append("<p>").append(html).append("</p>"); }
        void raw(String html) { b.append(html); }
        void pre(String text) { b.append("<pre>").append(esc(text)).append("</pre>"); }

        void img(byte[] png, String alt) {
            b.append("<img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png)).append("\">");
        }

        void table(List<String> head, List<String[]> rows) {
            b.append("<table><tr>");
            head.forEach(x -> b.append("<th>").append(esc(x)).append("</th>"));
            b.append("</tr>");
            for (String[] r : rows) {
                b.append("<tr>");
                for (String c : r) b.append("<td>").append(esc(c)).append("</td>");
                b.append("</tr>");
            }
            b.append("</table>");
        }

        @Override
        public String toString() {
            return b + "</body></html>\n";
        }
    }
}

package org.rnd4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.io.SafeFiles;

/**
 * {@code finetune.csv} in the run folder: validation figures of the source backbone as loaded,
 * of the same backbone with the projection appended (no training), and after fine-tuning.
 */
public final class FineTuneReport {
    public static final String FILE = "finetune.csv";
    static final String HEADER = "stage,psnr,ssim,consistency_max_abs,consistency_psnr";
    private final Path file;

    public FineTuneReport(Path file) {
        this.file = file;
    }

    private static String row(String stage, EvalSummary s) {
        return String.format(Locale.ROOT, "%s,%.4f,%.5f,%.3e,%.2f", stage, s.psnr(), s.ssim(), s.consistencyMaxAbs(), s.consistencyPsnr());
    }

    public void start(EvalSummary source, EvalSummary projected, boolean rnd) throws IOException {
        List<String> lines = new ArrayList<>(List.of(HEADER, row("source backbone", source)));
        if (rnd) lines.add(row("source + RND (not trained)", projected));
        SafeFiles.writeLines(file, lines);
    }

    public void finish(EvalSummary after, long iterations) throws IOException {
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file)) : new ArrayList<>(List.of(HEADER));
        lines.removeIf(l -> l.startsWith("fine-tuned"));
        lines.add(row("fine-tuned " + iterations + " steps", after));
        SafeFiles.writeLines(file, lines);
    }

    /** The CSV as an aligned console table. */
    public String table() throws IOException {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-36s %8s %8s %12s%n", "stage", "PSNR", "SSIM", "max|Ax̂-y|"));
        List<String> lines = Files.readAllLines(file);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            b.append(String.format(Locale.ROOT, "%-36s %8s %8s %12s%n", f[0], f[1], f[2], f[3]));
        }
        return b.toString();
    }
}

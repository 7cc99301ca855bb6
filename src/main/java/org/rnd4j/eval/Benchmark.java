package org.rnd4j.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.data.Image;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.Images;
import org.rnd4j.io.SafeFiles;
import org.rnd4j.operator.BicubicDownsampling;
import org.rnd4j.operator.Degradation;

/**
 * Super-resolution on the standard test sets, measured as the literature measures it: MATLAB's
 * bicubic LR files where the set has them ({@code *_HR.png} / {@code *_LR.png} pairs, the SelfExSR
 * layout, or an {@code image_SRF_<s>} folder of them), else rnd4j's MATLAB-exact bicubic of each HR
 * image; PSNR and SSIM on the Y channel (BT.601), {@code scale} pixels cropped at each border, the
 * output rounded to 8 bits; beside them the {@code A†y} and bicubic-interpolation baselines and
 * {@code max|A x̂ − y|} of the unrounded output.
 */
public final class Benchmark {
    /** One set's result. */
    public record Row(String set, boolean matlabLr, EvalSummary summary) {}

    private final Degradation op;
    private final int scale;
    private final int sizeMultiple;
    private final boolean selfEnsemble;
    private UnaryOperator<Image> conversion = UnaryOperator.identity();

    /** @throws IllegalArgumentException when the model is not a bicubic super-resolution model of {@code scale} */
    public Benchmark(Degradation op, int scale, int sizeMultiple, boolean selfEnsemble) {
        if (!(op instanceof BicubicDownsampling)) {
            throw new IllegalArgumentException("benchmark measures bicubic super-resolution models (task.downsample: bicubic); this"
                    + " checkpoint's operator is " + op.describe());
        }
        if (scale != op.upscale()) {
            throw new IllegalArgumentException("--scale " + scale + " does not match the model's ×" + op.upscale());
        }
        this.op = op;
        this.scale = scale;
        this.sizeMultiple = sizeMultiple;
        this.selfEnsemble = selfEnsemble;
    }

    /**
     * Reads every HR and LR image through {@code conversion} first: the Y of YCbCr for a model trained
     * on it ({@code data.gray} with {@code data.luma: ycbcr}), as VDSR and MemNet are measured.
     */
    public Benchmark readAs(UnaryOperator<Image> conversion) {
        this.conversion = conversion;
        return this;
    }

    /** Evaluates every set; per-image CSVs go to {@code out/<set>/results.csv}, the table to {@code out/benchmark.csv} and {@code .md}. */
    public List<Row> run(UnaryOperator<INDArray> model, List<Path> sets, Path out, PrintStream log) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Planned p : plan(sets, log)) {
            String label = p.label();
            Map<String, Path> lr = p.lr();
            List<Image> hr = new ArrayList<>();
            for (Path f : p.hr()) hr.add(conversion.apply(Images.read(f)));
            Evaluator ev = new Evaluator(op, true, scale, org.rnd4j.infer.Restorer.Tiling.DEFAULT, selfEnsemble, null)
                    .sizeMultiple(sizeMultiple);
            if (!lr.isEmpty()) ev.observations(lr::get).observationsAs(conversion);
            long t0 = System.nanoTime();
            EvalSummary s = ev.evaluate(model, ImageSet.of(hr), out.resolve(label), false);
            rows.add(new Row(label, !lr.isEmpty(), s));
            log.printf(Locale.ROOT, "%-10s %3d images, %s LR: PSNR %.2f dB, SSIM %.4f (A†y %.2f / %.4f, bicubic %.2f / %.4f),"
                            + " max|Ax̂-y| %.1e, %.0f s%n", label, s.images(), lr.isEmpty() ? "rnd4j bicubic" : "MATLAB", s.psnr(), s.ssim(),
                    s.baselinePsnr(), s.baselineSsim(), s.interpPsnr(), s.interpSsim(), s.consistencyMaxAbs(), (System.nanoTime() - t0) / 1e9);
        }
        List<String> csv = new ArrayList<>(List.of("set,images,lr,psnr,ssim,pinv_psnr,pinv_ssim,bicubic_psnr,bicubic_ssim,consistency_max_abs"));
        StringBuilder md = new StringBuilder("| set | images | LR | PSNR | SSIM | A†y | bicubic | max\\|Ax̂ − y\\| |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            EvalSummary s = r.summary();
            csv.add(String.format(Locale.ROOT, "%s,%d,%s,%.4f,%.5f,%.4f,%.5f,%.4f,%.5f,%.3e", r.set(), s.images(), r.matlabLr() ? "matlab" : "rnd4j",
                    s.psnr(), s.ssim(), s.baselinePsnr(), s.baselineSsim(), s.interpPsnr(), s.interpSsim(), s.consistencyMaxAbs()));
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.4f | %.2f / %.4f | %.2f / %.4f | %.1e |%n", r.set(), s.images(),
                    r.matlabLr() ? "MATLAB" : "rnd4j", s.psnr(), s.ssim(), s.baselinePsnr(), s.baselineSsim(), s.interpPsnr(), s.interpSsim(),
                    s.consistencyMaxAbs()));
        }
        Files.createDirectories(out);
        SafeFiles.writeLines(out.resolve("benchmark.csv"), csv);
        SafeFiles.writeString(out.resolve("benchmark.md"), md.toString());
        return rows;
    }

    /** A set, checked and listed before any is evaluated: its label in the table, its HR files and their MATLAB LR files. */
    private record Planned(String label, List<Path> hr, Map<String, Path> lr) {}

    /**
     * Every set checked and listed before the first is evaluated, so that a mistake in the last one (a set given twice, a
     * missing LR file) stops the command before it has written anything; sets with the same folder name are told apart
     * ({@code Set5}, {@code Set5-2}) instead of writing over each other's {@code results.csv}.
     */
    private List<Planned> plan(List<Path> sets, PrintStream log) throws IOException {
        List<Planned> planned = new ArrayList<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        List<String> labels = new ArrayList<>();
        for (Path set : sets) {
            Folder folder = folder(set);
            if (!seen.add(set.toRealPath())) throw new IllegalArgumentException("--sets: " + set + " is given twice");
            String label = setName(set);
            for (int i = 2; labels.contains(label.toLowerCase(Locale.ROOT)); i++) label = setName(set) + "-" + i;
            labels.add(label.toLowerCase(Locale.ROOT));
            if (!label.equals(setName(set))) {
                log.printf(Locale.ROOT, "note: %s shares its name with another set; it is reported as %s%n", set, label);
            }
            Path dir = folder.dir();
            boolean pairs = folder.pairs();
            if (!pairs) {
                log.printf(Locale.ROOT, "%s: no image_SRF_%d folder; the HR images of %s, observed by rnd4j's bicubic%n", label, scale,
                        dir.getFileName());
            }
            Map<String, Path> lr = new HashMap<>();
            List<Path> hr = new ArrayList<>();
            for (Path f : ImageSet.list(dir, "--sets " + set)) {
                String name = f.getFileName().toString();
                if (name.matches("(?i).*_LR\\.[a-z]+")) continue;
                if (pairs && name.matches("(?i).*_HR\\.[a-z]+")) {
                    Path pair = f.resolveSibling(name.replaceFirst("_HR\\.", "_LR.").replaceFirst("_hr\\.", "_lr."));
                    if (!Files.isRegularFile(pair)) {
                        throw new IllegalArgumentException("--sets: " + f + " has no MATLAB LR file " + pair.getFileName() + " beside it");
                    }
                    lr.put(name, pair);
                }
                hr.add(f);
            }
            if (pairs && !lr.isEmpty() && lr.size() != hr.size()) {
                throw new IllegalArgumentException("--sets " + set + ": " + lr.size() + " of " + hr.size() + " images are *_HR/*_LR pairs;"
                        + " a set is either all pairs or all HR images");
            }
            planned.add(new Planned(label, hr, lr));
        }
        return planned;
    }

    /** Where a set's images are, and whether its {@code *_LR} files are this scale's observations. */
    private record Folder(Path dir, boolean pairs) {}

    /**
     * The set's folder: its {@code image_SRF_<scale>} subfolder when it has one (SelfExSR layout); a
     * SelfExSR set without this scale (Urban100 has no ×3) gives the HR images of its largest-scale
     * folder, observed by rnd4j's bicubic: SelfExSR halved Urban100's images for ×2, and the published
     * ×3 figures (bicubic 24.46 dB) are on the full-size ones. Any other folder is read as it is.
     */
    private Folder folder(Path set) {
        if (!Files.isDirectory(set)) throw new IllegalArgumentException("--sets: " + set + " is not a folder");
        Path srf = set.resolve("image_SRF_" + scale);
        if (Files.isDirectory(srf)) return new Folder(srf, true);
        try (var children = Files.list(set)) {
            return children.filter(c -> Files.isDirectory(c) && c.getFileName().toString().matches("image_SRF_\\d{1,3}"))
                    .max(java.util.Comparator.comparingInt(c -> Integer.parseInt(c.getFileName().toString().substring("image_SRF_".length()))))
                    .map(other -> new Folder(other, false)).orElse(new Folder(set, true));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String setName(Path set) {
        Path n = set.toAbsolutePath().normalize().getFileName();
        return n == null ? "set" : n.toString();
    }
}

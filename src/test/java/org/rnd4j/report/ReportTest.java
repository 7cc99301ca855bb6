package org.rnd4j.report;

import static org.rnd4j.TestData.QUIET;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.TestData;
import org.rnd4j.cli.Main;
import org.rnd4j.config.RunConfig;
import org.rnd4j.search.Search;
import org.rnd4j.train.Trainer;

/** A training run leaves val_log.csv, plots, grids and a self-contained report.html with the right numbers; runs and searches compare. */
class ReportTest {

    @TempDir
    static Path dir;
    static Path runA, runB;

    @BeforeAll
    static void twoRuns() throws Exception {
        TestData.folders(dir);
        RunConfig a = TestData.config(dir, "sr", 6, Map.of("output", dir.resolve("on").toString(), "train.validateEvery", "2"));
        RunConfig b = TestData.config(dir, "sr", 6, Map.of("output", dir.resolve("off").toString(), "train.validateEvery", "2",
                "model.rnd", "false"));
        runA = new Trainer(a, "test", QUIET).run(false).runDir();
        runB = new Trainer(b, "test", QUIET).run(false).runDir();
        // the command line writes each run's report when training ends
        assertThat(Report.forRun(runA, QUIET, false)).isEqualTo(runA.resolve(Report.FILE));
        assertThat(Report.forRun(runB, QUIET, false)).isNotNull();
    }

    @Test
    void aRunLeavesItsLogsPlotsGridsAndReport() throws Exception {
        List<String> val = Files.readAllLines(runA.resolve(Trainer.VAL_LOG));
        assertThat(val).hasSize(4).first().asString().startsWith("iteration,psnr,ssim");
        for (String png : List.of("loss.png", "lr.png", "val_psnr.png", "val_ssim.png")) {
            var im = ImageIO.read(runA.resolve("report").resolve(png).toFile());
            assertThat(im.getWidth()).as(png).isEqualTo(Charts.WIDTH);
            assertThat(nonWhite(im)).as(png + " is not blank").isGreaterThan(0.01);
        }
        var grid = ImageIO.read(runA.resolve("eval/grids/v0.png").toFile());
        assertThat(grid.getWidth()).isEqualTo(5 * 48 + 4 * 4);
        assertThat(nonWhite(grid)).isGreaterThan(0.5);

        String html = Files.readString(runA.resolve(Report.FILE));
        assertThat(html).doesNotContain("http://").doesNotContain("https://");   // self-contained
        JsonNode s = new ObjectMapper().readTree(runA.resolve("eval/summary.json").toFile());
        assertThat(html).contains(String.format(Locale.ROOT, "%.2f", s.get("psnr").asDouble()))
                .contains(String.format(Locale.ROOT, "%.4f", s.get("ssim").asDouble()))
                .contains(String.format(Locale.ROOT, "%.2f", s.get("baselinePsnr").asDouble()))
                .contains(String.format(Locale.ROOT, "%.1e", s.get("consistencyMaxAbs").asDouble()));
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        int images = 0;
        while (m.find()) {
            assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))))).isNotNull();
            images++;
        }
        assertThat(images).as("4 charts + 2 grids").isEqualTo(6);
    }

    /** Validation images listed from subfolders have their grids in subfolders; the report shows them, named by path. */
    @Test
    void gridsInSubfoldersAreShownByTheirPath() throws Exception {
        Path run = dir.resolve("nested-run");
        Files.createDirectories(run.resolve("eval/grids/a"));
        for (String f : List.of(Trainer.LOG, Trainer.VAL_LOG, "eval/summary.json", "eval/results.csv")) {
            Files.copy(runA.resolve(f), run.resolve(f));
        }
        Files.copy(runA.resolve("eval/grids/v0.png"), run.resolve("eval/grids/a/x.png"));
        Files.copy(runA.resolve("eval/grids/v0.png"), run.resolve("eval/grids/top.png"));
        String html = Files.readString(Report.forRun(run, QUIET, false));
        assertThat(html).contains("<p>a/x.png</p>").contains("<p>top.png</p>");
    }

    /** {@code rnd4j benchmark}'s table (written to {@code <run>/benchmark} by default) becomes a section of the run's report. */
    @Test
    void aRunsBenchmarkTableIsInItsReport() throws Exception {
        Path run = Files.createDirectories(dir.resolve("with-benchmark"));
        for (String f : List.of("config.yaml", Trainer.VAL_LOG, "eval/summary.json", "eval/results.csv")) {
            Files.createDirectories(run.resolve(f).getParent());
            Files.copy(runA.resolve(f), run.resolve(f));
        }
        Files.createDirectories(run.resolve("benchmark"));
        Files.write(run.resolve("benchmark/benchmark.csv"), List.of(
                "set,images,lr,psnr,ssim,pinv_psnr,pinv_ssim,bicubic_psnr,bicubic_ssim,consistency_max_abs",
                "Set14,14,matlab,28.0912,0.76854,26.0100,0.70100,26.0000,0.70270,4.100e-07"));
        Files.createDirectories(run.resolve("benchmark-se"));
        Files.write(run.resolve("benchmark-se/benchmark.csv"), List.of(
                "set,images,lr,psnr,ssim,pinv_psnr,pinv_ssim,bicubic_psnr,bicubic_ssim,consistency_max_abs",
                "Set14,14,matlab,28.2657,0.77500,26.0100,0.70100,26.0000,0.70270,4.100e-07"));
        String html = Files.readString(Report.run(run));
        assertThat(html).contains("Standard test sets").contains("<td>Set14</td>").contains("<td>28.0912</td>")
                .contains("<td>Set14 (×8 self-ensemble)</td>").contains("<td>28.2657</td>");
        // --out for one run: the report goes there, the run folder's own report.html is left as it was
        Files.delete(run.resolve(Report.FILE));
        Path elsewhere = dir.resolve("elsewhere");
        assertThat(Report.write(List.of(run), elsewhere)).isEqualTo(elsewhere.resolve(Report.FILE));
        assertThat(Files.readString(elsewhere.resolve(Report.FILE))).isEqualTo(html);
        assertThat(elsewhere.resolve("report/val_psnr.png")).exists();
        assertThat(run.resolve(Report.FILE)).doesNotExist();
        assertThat(Files.readString(Report.run(runA))).doesNotContain("Standard test sets");
    }

    static double nonWhite(java.awt.image.BufferedImage im) {
        long n = 0;
        for (int y = 0; y < im.getHeight(); y++)
            for (int x = 0; x < im.getWidth(); x++) if ((im.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) n++;
        return n / (double) (im.getWidth() * im.getHeight());
    }

    @Test
    void reportCommandComparesRunsAndSearches() throws Exception {
        Path out = dir.resolve("cmp");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(o, true));
        int code;
        try {
            code = Main.execute("report", runA.toString(), runB.toString(), "--out", out.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        String html = Files.readString(out.resolve(Report.FILE));
        assertThat(html).contains("<td>on</td>").contains("<td>off</td>");
        assertThat(out.resolve("val_psnr.png")).exists();

        Path search = dir.resolve("search.yaml");
        Files.writeString(search, "name: s\nbase: " + dir.resolve("sr.yaml") + "\noutput: " + dir.resolve("s") + "\n"
                + "set: {train.iterations: 2}\nsearch: {train.lr: {logUniform: [1.0e-4, 1.0e-2]}, model.rnd: {choice: [true, false]}}\n"
                + "maxCandidates: 3\nseed: 2\n");
        Search.load(search, QUIET).run(false);
        Path r = Report.write(List.of(dir.resolve("s")), null);
        assertThat(Files.readString(r)).contains("Candidates, best first");
        assertThat(dir.resolve("s/search_train.lr.png")).exists();
        assertThat(dir.resolve("s/search_model.rnd.png")).exists();
        assertThat(dir.resolve("s/search_message.png")).as("message and run are not searched fields").doesNotExist();
        Path searchReport = Report.write(List.of(dir.resolve("s")), dir.resolve("s-report"));
        assertThat(searchReport).isEqualTo(dir.resolve("s-report").resolve(Report.FILE));
        assertThat(Files.readString(searchReport)).isEqualTo(Files.readString(r));
        assertThat(dir.resolve("s-report/search_train.lr.png")).exists();
    }

    @Test
    void theUiNeedsItsOptionalBuildAndSaysSo() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            boolean present;
            try {
                Class.forName("org.deeplearning4j.ui.api.UIServer");
                present = true;
            } catch (ClassNotFoundException e) {
                present = false;
            }
            int code = Main.execute("ui", runA.toString(), "--seconds", "1");
            if (!present) {
                assertThat(code).isNotZero();
                assertThat(err.toString()).contains("-Pui");
            }
        } finally {
            System.setErr(old);
        }
    }
}

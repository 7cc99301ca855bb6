package org.rnd4j.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.OptimizationResult;
import org.deeplearning4j.arbiter.optimize.api.TaskCreator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.data.DataSource;
import org.deeplearning4j.arbiter.optimize.api.saving.InMemoryResultSaver;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.TerminationCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GeneticSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.CandidateInfo;
import org.deeplearning4j.arbiter.optimize.runner.CandidateStatus;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.listener.StatusListener;
import org.rnd4j.config.ConfigException;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.io.SafeFiles;
import org.rnd4j.model.ModelSource;
import org.rnd4j.train.Trainer;

/**
 * Hyperparameter search on Arbiter's generic engine: Arbiter's generators propose candidates from
 * a {@link SearchSpace}, {@link LocalOptimizationRunner} runs them one at a time, and each
 * candidate is a short real training run through {@link Trainer}. Every finished candidate is a
 * row of {@code results.csv} at once; failures are rows too; {@code --resume} skips rows already
 * there (generators are seeded, so candidates come in the same order) and continues the candidate
 * that was under way from its {@code last.zip}, exactly. Each row names the folder its candidate ran in.
 */
public final class Search {
    /** One candidate's outcome. */
    public record Row(int index, String status, double psnr, double ssim, double consistency, double seconds,
                      Map<String, Object> params, String message, String run) {}

    /** All rows, the best completed one (if any), and the search folder. */
    public record Outcome(List<Row> rows, Optional<Row> best, Path dir) {}

    private final SearchConfig cfg;
    private final String source;
    private final SearchSpace space;
    private final PrintStream out;
    private final Path dir;
    private final Map<Integer, Row> done = new TreeMap<>();
    private ModelSource models = ModelSource.fromConfig();

    private Search(SearchConfig cfg, String source, PrintStream out) {
        this.cfg = cfg;
        this.source = source;
        this.out = out;
        this.space = new SearchSpace(cfg.search(), source);
        this.dir = Path.of(cfg.output());
    }

    /** Loads a search YAML and checks every field path against the base config before anything trains. */
    public static Search load(Path file, PrintStream out) {
        String src = file.toString();
        SearchConfig raw;
        try {
            raw = ConfigLoader.YAML.readValue(Files.readString(file), SearchConfig.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException(src + ": search config not found");
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(src + ": unknown field '" + e.getPropertyName() + "' (known: name, base, set, search,"
                    + " generator, gridPoints, maxCandidates, maxMinutes, score, seed, output)");
        } catch (JsonProcessingException e) {
            throw new ConfigException(src + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(src + ": cannot read: " + e.getMessage());
        }
        if (raw.base() == null) throw new ConfigException(src + ": missing field 'base': expected the path of a training config");
        if (raw.search() == null) throw new ConfigException(src + ": missing field 'search': expected field paths to search");
        String name = raw.name() != null ? raw.name() : "search";
        String gen = raw.generator() != null ? raw.generator() : "random";
        if (!List.of("random", "grid", "genetic").contains(gen)) {
            throw new ConfigException(src + ": field 'generator': expected random, grid or genetic, got '" + gen + "'");
        }
        String score = raw.score() != null ? raw.score() : "psnr";
        if (!List.of("psnr", "ssim").contains(score)) {
            throw new ConfigException(src + ": field 'score': expected psnr or ssim, got '" + score + "'");
        }
        int maxCandidates = raw.maxCandidates() != null ? raw.maxCandidates() : gen.equals("grid") ? Integer.MAX_VALUE : 8;
        if (maxCandidates < 1) throw new ConfigException(src + ": field 'maxCandidates': expected an integer >= 1");
        SearchConfig cfg = new SearchConfig(name, raw.base(), raw.set() != null ? raw.set() : Map.of(), raw.search(), gen,
                raw.gridPoints() != null ? raw.gridPoints() : 3, maxCandidates,
                raw.maxMinutes() != null ? raw.maxMinutes() : 0.0, score, raw.seed() != null ? raw.seed() : 1L,
                raw.output() != null ? raw.output() : "checkpoints/" + name);
        Search s = new Search(cfg, src, out);
        s.candidateConfig(-1, s.space.sample());  // every path and value type is checked here
        return s;
    }

    public SearchConfig config() { return cfg; }

    /** Trains every candidate on the networks {@code models} makes (default: the config's backbone), e.g. a graph built in Java. */
    public Search models(ModelSource models) {
        this.models = models;
        return this;
    }

    private static String text(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : String.valueOf(v);
    }

    RunConfig candidateConfig(int index, Map<String, Object> params) {
        Map<String, String> o = new LinkedHashMap<>();
        cfg.set().forEach((k, v) -> o.put(k, text(v)));
        params.forEach((k, v) -> o.put(k, text(v)));
        o.put("name", cfg.name() + "-c" + index);
        o.put("output", dir.resolve("c" + index).toString());
        try {
            return ConfigLoader.load(Path.of(cfg.base()), o);
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    public Outcome run(boolean resume) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve("results.csv");
        List<String> names = new ArrayList<>(space.leaves().keySet());
        if (resume && Files.exists(csv)) {
            List<String> lines = Files.readAllLines(csv);
            for (String line : lines.subList(1, lines.size())) {
                Row r = parse(line, names);
                done.put(r.index(), r);
            }
            out.printf(Locale.ROOT, "resuming: %d candidates already in %s%n", done.size(), csv);
        } else {
            if (Files.exists(csv)) {
                throw new IllegalStateException(csv + " exists; use --resume to continue that search, or set another 'name'/'output'");
            }
            Files.writeString(csv, "index,status,psnr,ssim,consistency_max_abs,seconds," + String.join(",", names) + ",message,run\n");
        }
        SafeFiles.writeString(dir.resolve("search.yaml"), ConfigLoader.toYaml(cfg));

        CandidateGenerator generator = switch (cfg.generator()) {
            case "grid" -> new GridSearchCandidateGenerator(space, cfg.gridPoints(), GridSearchCandidateGenerator.Mode.Sequential, null);
            case "genetic" -> new GeneticSearchCandidateGenerator.Builder(space, new Maximise()).build();
            default -> new RandomSearchGenerator(space, null);
        };
        generator.setRngSeed(cfg.seed());
        List<TerminationCondition> stop = new ArrayList<>();
        stop.add(new Exhausted(generator));
        if (cfg.maxCandidates() < Integer.MAX_VALUE) stop.add(new MaxCandidatesCondition(cfg.maxCandidates()));
        if (cfg.maxMinutes() > 0) stop.add(new MaxTimeCondition((long) (cfg.maxMinutes() * 60), TimeUnit.SECONDS));
        OptimizationConfiguration oc = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator)
                .dataProvider(new NoData())
                .modelSaver(new InMemoryResultSaver())
                .scoreFunction(new Maximise())
                .terminationConditions(stop)
                .rngSeed(cfg.seed())
                .build();
        out.printf(Locale.ROOT, "search %s: %s over %s, up to %s candidates%s; base %s%n", cfg.name(), cfg.generator(), names,
                cfg.maxCandidates() == Integer.MAX_VALUE ? "all grid" : cfg.maxCandidates(),
                cfg.maxMinutes() > 0 ? " or " + cfg.maxMinutes() + " min" : "", cfg.base());
        IOptimizationRunner runner = new LocalOptimizationRunner(1, oc, new Tasks(csv, names, resume));
        runner.execute();

        List<Row> rows = new ArrayList<>(done.values());
        Optional<Row> best = rows.stream().filter(r -> r.status().equals("completed"))
                .max(Comparator.comparingDouble(r -> cfg.score().equals("ssim") ? r.ssim() : r.psnr()));
        if (best.isPresent()) {
            Path run = dir.resolve(best.get().run());
            SafeFiles.copy(run.resolve("config.yaml"), dir.resolve("best.yaml"));
            SafeFiles.copy(run.resolve(Trainer.BEST), dir.resolve("best.zip"));
        }
        out.print(table(rows, names));
        out.printf(Locale.ROOT, "results: %s; best: %s%n", csv,
                best.map(r -> "candidate " + r.index() + " -> " + dir.resolve("best.yaml") + ", " + dir.resolve("best.zip"))
                        .orElse("none completed"));
        return new Outcome(rows, best, dir);
    }

    private Row runCandidate(int index, Map<String, Object> params, boolean resuming) {
        long t0 = System.nanoTime();
        String folder = "c" + index;
        try {
            RunConfig rc = candidateConfig(index, params);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
            // the candidate an interrupted search was running continues its own checkpoint (before, it started again
            // in c<i>-2 while best.zip could still be taken from the unfinished c<i>)
            boolean continues = resuming && Files.exists(dir.resolve(folder).resolve(Trainer.LAST));
            if (continues) out.printf(Locale.ROOT, "candidate %d: continuing %s%n", index, dir.resolve(folder).resolve(Trainer.LAST));
            Trainer.Result r = new Trainer(rc, source, quiet).models(models).run(continues);
            folder = dir.relativize(r.runDir()).toString();
            org.rnd4j.report.Report.forRun(r.runDir(), quiet, false);
            EvalSummary s = r.finalEval();
            return new Row(index, "completed", s.psnr(), s.ssim(), s.consistencyMaxAbs(), (System.nanoTime() - t0) / 1e9, params, "",
                    folder);
        } catch (Exception | OutOfMemoryError e) {
            String msg = String.valueOf(e.getMessage()).replaceAll("[,\\r\\n]+", ";");
            return new Row(index, "failed", Double.NaN, Double.NaN, Double.NaN, (System.nanoTime() - t0) / 1e9, params, msg, folder);
        }
    }

    private static String csvRow(Row r, List<String> names) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d,%s,%.4f,%.5f,%.3e,%.1f", r.index(), r.status(), r.psnr(),
                r.ssim(), r.consistency(), r.seconds()));
        for (String n : names) b.append(',').append(text(r.params().get(n)));
        return b.append(',').append(r.message()).append(',').append(r.run()).toString();
    }

    private static Row parse(String line, List<String> names) {
        String[] f = line.split(",", -1);
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) p.put(names.get(i), f[6 + i]);
        // a results.csv written before the run column: each candidate ran in c<index>
        return new Row(Integer.parseInt(f[0]), f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                Double.parseDouble(f[5]), p, f.length > 6 + names.size() ? f[6 + names.size()] : "",
                f.length > 7 + names.size() && !f[7 + names.size()].isEmpty() ? f[7 + names.size()] : "c" + f[0]);
    }

    static String table(List<Row> rows, List<String> names) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-4s %-9s %8s %7s %10s %6s", "#", "status", "PSNR", "SSIM",
                "max|Ax-y|", "s"));
        for (String n : names) b.append(String.format(Locale.ROOT, " %14s", n));
        b.append('\n');
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-4d %-9s %8.2f %7.4f %10.1e %6.0f", r.index(), r.status(), r.psnr(), r.ssim(),
                    r.consistency(), r.seconds()));
            for (String n : names) b.append(String.format(Locale.ROOT, " %14s", text(r.params().get(n))));
            b.append('\n');
        }
        return b.toString();
    }

    /** Arbiter task: one candidate = one training run, its row appended as soon as it ends. */
    private final class Tasks implements TaskCreator {
        private final Path csv;
        private final List<String> names;
        /** Whether this is a --resume, whose interrupted candidate continues its last.zip. */
        private final boolean resuming;

        Tasks(Path csv, List<String> names, boolean resuming) {
            this.csv = csv;
            this.names = names;
            this.resuming = resuming;
        }

        @Override
        public Callable<OptimizationResult> create(Candidate candidate, DataProvider dataProvider, ScoreFunction scoreFunction,
                                                   List<StatusListener> statusListeners, IOptimizationRunner runner) {
            return () -> execute(candidate);
        }

        @Override
        public Callable<OptimizationResult> create(Candidate candidate, Class<? extends DataSource> dataSource, Properties props,
                                                   ScoreFunction scoreFunction, List<StatusListener> statusListeners,
                                                   IOptimizationRunner runner) {
            return () -> execute(candidate);
        }

        @SuppressWarnings("unchecked")
        private OptimizationResult execute(Candidate candidate) throws IOException {
            int index = candidate.getIndex();
            long start = System.currentTimeMillis();
            Row row = done.get(index);
            if (row == null) {
                Map<String, Object> params = (Map<String, Object>) candidate.getValue();
                out.printf(Locale.ROOT, "candidate %d: %s ...%n", index, params);
                row = runCandidate(index, params, resuming);
                synchronized (Search.this) {
                    done.put(index, row);
                    Files.writeString(csv, csvRow(row, names) + "\n", java.nio.file.StandardOpenOption.APPEND);
                }
                out.printf(Locale.ROOT, "candidate %d: %s%n", index, row.status().equals("completed")
                        ? String.format(Locale.ROOT, "PSNR %.2f dB, SSIM %.4f, max|Ax-y| %.1e, %.0f s", row.psnr(), row.ssim(),
                        row.consistency(), row.seconds())
                        : "FAILED: " + row.message());
            }
            boolean ok = row.status().equals("completed");
            Double score = ok ? (cfg.score().equals("ssim") ? row.ssim() : row.psnr()) : null;
            CandidateInfo info = new CandidateInfo(index, ok ? CandidateStatus.Complete : CandidateStatus.Failed, score, start, start,
                    System.currentTimeMillis(), candidate.getFlatParameters(), ok ? null : row.message());
            return new OptimizationResult(candidate, score, index, null, info, null);
        }
    }

    /** Scores are computed by the tasks; this only tells Arbiter that higher is better. */
    static final class Maximise implements ScoreFunction {
        @Override public double score(Object model, DataProvider d, Map<String, Object> p) { throw new UnsupportedOperationException(); }
        @Override public double score(Object model, Class<? extends DataSource> d, Properties p) { throw new UnsupportedOperationException(); }
        @Override public boolean minimize() { return false; }
        @Override public List<Class<?>> getSupportedModelTypes() { return List.of(Object.class); }
        @Override public List<Class<?>> getSupportedDataTypes() { return List.of(Object.class); }
    }

    /** Ends the search when the generator has nothing left (a finished grid) and every candidate has returned. */
    static final class Exhausted implements TerminationCondition {
        private final transient CandidateGenerator generator;

        Exhausted(CandidateGenerator generator) {
            this.generator = generator;
        }

        @Override public void initialize(IOptimizationRunner runner) {}

        @Override
        public boolean terminate(IOptimizationRunner runner) {
            return !generator.hasMoreCandidates()
                    && runner.numCandidatesCompleted() + runner.numCandidatesFailed() >= runner.numCandidatesTotal();
        }
    }

    /** Candidates load their own data from the base config. */
    static final class NoData implements DataProvider {
        @Override public Object trainData(Map<String, Object> p) { return null; }
        @Override public Object testData(Map<String, Object> p) { return null; }
        @Override public Class<?> getDataType() { return Object.class; }
    }
}

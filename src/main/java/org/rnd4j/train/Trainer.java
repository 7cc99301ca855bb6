package org.rnd4j.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.Image;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.PatchSampler;
import org.rnd4j.data.Prefetcher;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.eval.Evaluator;
import org.rnd4j.graph.LearnedSamplingGraphs;
import org.rnd4j.graph.Optimizers;
import org.rnd4j.io.SafeFiles;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.model.Model;
import org.rnd4j.model.ModelSource;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;

/**
 * The training loop, handed a model by a {@link ModelSource} (or a checkpoint when resuming): batches from a background {@link Prefetcher}, periodic validation, atomic
 * {@code last.zip} / {@code best.zip} checkpoints with updater state, exact resume, a stop on a
 * non-finite loss that leaves the last good checkpoint alone, and a final evaluation written to
 * {@code <run>/eval}.
 */
public final class Trainer {
    public static final String LAST = "last.zip";
    public static final String BEST = "best.zip";
    public static final String LOG = "train_log.csv";
    public static final String VAL_LOG = "val_log.csv";

    /** How a run ended. */
    public enum Status { COMPLETED, INTERRUPTED }

    /** Outcome of {@link #run}: the trained network, and the losses of the iterations run by this call. */
    public record Result(Status status, long iteration, Path runDir, List<Double> losses, EvalSummary finalEval,
                         EvalSummary firstValidation, ComputationGraph model) {}

    /**
     * How one training iteration is taken: locally, {@code model.fit} on the next batch (default), or
     * elsewhere, e.g. one parameter-averaging round on Apache Spark ({@code rnd4j-spark}).
     */
    public interface Stepper extends AutoCloseable {
        /** Trains {@code model} for iteration {@code it} (0-based) and returns its score. */
        double step(ComputationGraph model, long it, PatchSampler sampler, Prefetcher<MultiDataSet> batches) throws Exception;

        /** One line for the console, e.g. "local" or "Spark local[2], 2 workers". */
        default String describe() {
            return "local";
        }

        @Override
        default void close() {}
    }

    /** Local training: one {@code fit} per batch, batches from the prefetcher. */
    public static final Stepper LOCAL = (model, it, sampler, batches) -> {
        MultiDataSet b = batches.next();
        model.fit(b);
        org.rnd4j.data.Arrays4d.release(b);
        return model.score();
    };

    /** Thrown when the loss stops being finite. */
    public static final class DivergedException extends RuntimeException {
        public DivergedException(String message) {
            super(message);
        }
    }

    private final RunConfig cfg;
    private final String source;
    private final PrintStream out;
    private ModelSource models = ModelSource.fromConfig();
    private Stepper stepper = LOCAL;
    private java.util.function.Function<Path, List<org.deeplearning4j.optimize.api.TrainingListener>> listeners = d -> List.of();
    private volatile boolean stopRequested;
    private long stopAfter = Long.MAX_VALUE;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public Trainer(RunConfig cfg, String source, PrintStream out) {
        this.cfg = cfg;
        this.source = source;
        this.out = out;
    }

    /**
     * Trains the network {@code models} makes instead of the one the config describes, e.g.
     * {@code ModelSource.of(graph)} for a graph built in Java.
     */
    public Trainer models(ModelSource models) {
        this.models = models;
        return this;
    }

    /** Takes the training steps with {@code stepper} (e.g. on Spark) instead of locally. */
    public Trainer stepper(Stepper stepper) {
        this.stepper = stepper;
        return this;
    }

    /** DL4J training listeners for the run folder (e.g. the training UI's StatsListener), attached before the first step. */
    public Trainer listeners(java.util.function.Function<Path, List<org.deeplearning4j.optimize.api.TrainingListener>> listeners) {
        this.listeners = listeners;
        return this;
    }

    /** Asks the loop to save a checkpoint and return at the next iteration boundary (Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    /** Ends this call after {@code iteration} as if interrupted (checkpoint saved, status INTERRUPTED). */
    public Trainer stopAfter(long iteration) {
        this.stopAfter = iteration;
        return this;
    }

    /** Waits until the loop has returned. */
    public boolean awaitStopped(long seconds) throws InterruptedException {
        return stopped.await(seconds, TimeUnit.SECONDS);
    }

    public Path runDir() {
        return Path.of(cfg.output());
    }

    public Result run(boolean resume) throws IOException, InterruptedException {
        try {
            return doRun(resume);
        } finally {
            stopped.countDown();
        }
    }

    private Result doRun(boolean resume) throws IOException, InterruptedException {
        for (String d : cfg.data().train()) org.rnd4j.infer.OutputNames.checkOutside(Path.of(d), "data.train", runDir(), "output");
        org.rnd4j.infer.OutputNames.checkOutside(Path.of(cfg.data().val()), "data.val", runDir(), "output");
        try (RunFolder folder = RunFolder.take(runDir(), resume, out)) {
            Path dir = folder.dir();
            return train(resume, dir, dir.resolve(LAST), dir.resolve(BEST));
        }
    }

    /** Where a run starts: a fresh model, or the state of {@code last.zip}. */
    private record Start(ComputationGraph model, Degradation op, long iteration, double bestScore, long bestIteration,
                         String description, Model.Source source, INDArray average, String data) {}

    /** The data and the evaluator a run reads, all checked before the first step. */
    /** {@code data}: the fingerprints of the training and validation images ({@link ImageSet#fingerprint}), in each checkpoint. */
    private record Inputs(ImageSet train, ImageSet val, PatchSampler sampler, Evaluator evaluator, String data) {}

    /** What the step loop changes as it goes. */
    private static final class Progressed {
        long it;
        double bestScore;
        long bestIteration;
        Status status = Status.COMPLETED;
        final List<Double> losses = new ArrayList<>();
        final LossWatch watch = new LossWatch();
        EvalSummary firstVal, lastVal;

        Progressed(Start s) {
            it = s.iteration();
            bestScore = s.bestScore();
            bestIteration = s.bestIteration();
        }
    }

    private Result train(boolean resume, Path dir, Path last, Path best) throws IOException, InterruptedException {
        Start start = resume ? resumeFrom(last) : fresh();
        Inputs in = inputs(start.op());
        if (start.data() != null && !start.data().equals(in.data())) {
            out.println("warning: the images differ from those this run started with (" + start.data() + "; now " + in.data()
                    + "): the resumed run will not equal an uninterrupted one");
        }
        ComputationGraph model = start.model();
        Degradation op = start.op();
        // before anything is written, so that a refused run leaves no folder
        org.rnd4j.model.MemoryEstimate.check(model.getConfiguration(), cfg, op);
        SafeFiles.writeString(dir.resolve("config.yaml"), "# resolved by rnd4j from " + source + " at " + Instant.now()
                + "; defaults filled in\n# model: " + start.description() + "\n" + ConfigLoader.toYaml(cfg));
        out.printf(Locale.ROOT, "%s: %s, model %s, rnd %s, %,d parameters, %d train / %d val images%n", cfg.name(), op.describe(),
                start.description(), cfg.model().rnd(), model.params().length(), in.train().size(), in.val().size());
        FineTuneReport finetune = start.source() == null ? null : new FineTuneReport(dir.resolve(FineTuneReport.FILE));
        if (finetune != null) {
            finetune.start(in.evaluator().evaluate(start.source().estimate(), in.val(), null, false),
                    in.evaluator().evaluate(model, in.val()), start.source().rnd());
        }
        List<org.deeplearning4j.optimize.api.TrainingListener> extra = listeners.apply(dir);
        if (!extra.isEmpty()) model.addListeners(extra.toArray(new org.deeplearning4j.optimize.api.TrainingListener[0]));

        MovingAverage ema = MovingAverage.of(cfg.train().ema(), model, start.average());
        Progressed p = new Progressed(start);
        try (CsvLog log = CsvLog.open(dir.resolve(LOG), "iteration,loss,lr,seconds", start.iteration());
             CsvLog valLog = CsvLog.open(dir.resolve(VAL_LOG),
                     "iteration,psnr,ssim,baseline_psnr,baseline_ssim,consistency_max_abs,consistency_psnr", start.iteration())) {
            steps(p, model, op, in, ema, log, valLog, last, best);
        }
        if (p.status == Status.INTERRUPTED) {
            Checkpoint.save(model, state(p.it, p.bestScore, p.bestIteration, op, in), last, MovingAverage.array(ema));
            out.printf(Locale.ROOT, "%ninterrupted: saved %s at iteration %d; continue with --resume%n", last, p.it);
            return new Result(p.status, p.it, dir, p.losses, null, p.firstVal, model);
        }
        if (ema != null) ema.swapIn(model);   // with train.ema the final model is the average (as in best.zip)
        Evaluated e = evaluated(model, op, in);
        EvalSummary fin = e.evaluator().evaluate(e.graph(), in.val(), dir.resolve("eval"), cfg.eval().saveImages());
        if (finetune != null) {
            finetune.finish(fin, p.it);
            out.print(finetune.table());
        }
        out.printf(Locale.ROOT, "%ndone: %d iterations. %s on %s%n", p.it, fin.oneLine(), cfg.data().val());
        out.printf(Locale.ROOT, "results: %s (per-image CSV, summary.json, output images); checkpoints: %s, %s (best %s %.4f at %d)%n",
                dir.resolve("eval"), last, best, cfg.train().keepBest(), p.bestScore, p.bestIteration);
        return new Result(p.status, p.it, dir, p.losses, fin, p.firstVal, model);
    }

    private Start resumeFrom(Path last) throws IOException {
        Checkpoint.Loaded loaded = Checkpoint.load(last, true);
        Checkpoint.State st = loaded.state();
        if (st == null) throw new IOException("checkpoint " + last + " has no rnd4j state; it cannot be resumed");
        Degradation op = Operators.create(st.operator());
        out.printf(Locale.ROOT, "resuming %s at iteration %d of %d%n", last, st.iteration(), cfg.train().iterations());
        if (!sameConfig(st.configYaml(), cfg)) {
            out.println("warning: the config differs from the one this checkpoint was trained with" + differences(st.configYaml(), cfg)
                    + "; the model, optimizer and operator come from the checkpoint, data and schedule length from the config");
        }
        warnIfNothingToLearn(op);
        return new Start(loaded.model(), op, st.iteration(), st.bestScore(), st.bestIteration(), "resumed from " + last, null,
                loaded.ema(), st.data());
    }

    /** The model first (a missing backbone plugin is the error to see), before any data is read. */
    private Start fresh() throws IOException {
        Degradation op = Operators.fromTask(cfg.task());
        warnIfNothingToLearn(op);
        Nd4j.getRandom().setSeed(cfg.train().seed());
        Model m = models.create(cfg, op);
        return new Start(m.graph(), op, 0, Double.NEGATIVE_INFINITY, -1, m.description(), m.source(), null, null);
    }

    private void warnIfNothingToLearn(Degradation op) {
        String trivial = op.spec().nothingToLearn();
        if (trivial != null && op.spec().getNoise() == 0) {
            out.println("warning: " + trivial + ": A is invertible, A†y is the image itself and the loss will be 0 whatever the"
                    + " network does; nothing will be learned");
        }
    }

    private Inputs inputs(Degradation op) {
        List<Path> valDirs = List.of(Path.of(cfg.data().val())), trainDirs = cfg.data().train().stream().map(Path::of).toList();
        List<Path> valFiles = ImageSet.files(valDirs, cfg.data().valLimit(), "data.val");
        Set<Path> validating = new HashSet<>();
        for (Path f : valFiles) validating.add(realPath(f));
        List<Path> listed = ImageSet.files(trainDirs, 0, "data.train");
        List<Path> trainFiles = listed.stream().filter(f -> !validating.contains(realPath(f))).toList();
        if (trainFiles.size() < listed.size()) {
            out.printf(Locale.ROOT, "data.train: %d of its %d images are validation images (data.val) and are left out of training%n",
                    listed.size() - trainFiles.size(), listed.size());
        }
        if (trainFiles.isEmpty()) {
            throw new IllegalArgumentException("data.train: every image is also a validation image (data.val); nothing is left to train on");
        }
        ImageSet train = ImageSet.read(trainFiles, trainDirs, cfg.data().skipBadImages(), "data.train", cfg.data().maxPixels());
        ImageSet val = ImageSet.read(valFiles, valDirs, cfg.data().skipBadImages(), "data.val", cfg.data().maxPixels());
        train = train.as(cfg.data());
        val = val.as(cfg.data());
        if (cfg.data().skipBadImages()) train = largeEnough(train, cfg.data().patch());
        PatchSampler sampler = new PatchSampler(train, op, cfg.data().patch(), cfg.data().batch(), cfg.data().flips(),
                cfg.data().mirror(), cfg.data().rot90(), cfg.data().minScale(), cfg.train().seed()).quantize(cfg.data().quantize())
                .candidates(cfg.data().candidates());
        Evaluator evaluator = evaluator(op);
        for (Image im : val.images()) {
            try {
                evaluator.check(im);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("data.val: " + e.getMessage());
            }
        }
        return new Inputs(train, val, sampler, evaluator, "train " + train.fingerprint() + "; val " + val.fingerprint());
    }

    /** The training images a patch fits in; each one left out is named (data.skipBadImages). */
    private ImageSet largeEnough(ImageSet train, int patch) {
        List<Image> kept = new ArrayList<>();
        for (Image im : train.images()) {
            if (PatchSampler.fits(im, patch)) {
                kept.add(im);
            } else {
                out.printf(Locale.ROOT, "data.train: %s is %dx%d, smaller than the training patch %d (data.patch): left out (data.skipBadImages)%n",
                        im.name(), im.width(), im.height(), patch);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("data.train: every image is smaller than the training patch " + patch + " (data.patch)");
        }
        return kept.size() == train.size() ? train : ImageSet.of(kept);
    }

    private static Path realPath(Path f) {
        try {
            return f.toRealPath();
        } catch (IOException e) {
            return f.toAbsolutePath().normalize();
        }
    }

    /** The step loop: steps, the moving average, logs, validation with {@code best.zip}, checkpoints, until done or stopped. */
    private void steps(Progressed p, ComputationGraph model, Degradation op, Inputs in, MovingAverage ema, CsvLog log, CsvLog valLog,
                       Path last, Path best) throws IOException, InterruptedException {
        long pixels = (long) cfg.data().patch() * cfg.data().patch();
        long t0 = System.nanoTime();
        long total = cfg.train().iterations();
        Progress progress = new Progress(out, p.it, total);
        boolean learned = LearnedSamplingGraphs.isLearned(model.getConfiguration());
        if (learned && stepper != LOCAL) {
            throw new IllegalArgumentException("field 'task.learnA': a learned sampling matrix trains locally only, not on " + stepper.describe());
        }
        if (stepper != LOCAL) out.println("training on " + stepper.describe());
        try (Stepper steps = stepper;
             Prefetcher<MultiDataSet> batches = new Prefetcher<>(learned ? Trainer.imageInput(in.sampler()) : in.sampler()::batch, p.it,
                     stepper == LOCAL ? total : p.it,
                     cfg.data().prefetch())) {
            while (p.it < total) {
                if (stopRequested || p.it >= stopAfter) {
                    p.status = Status.INTERRUPTED;
                    return;
                }
                double score;
                try {
                    score = steps.step(model, p.it, in.sampler(), batches);
                } catch (IOException | InterruptedException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("training step " + (p.it + 1) + " failed: " + e.getMessage(), e);
                }
                if (ema != null) ema.update(model);
                org.rnd4j.data.NativeMemory.relieve();
                double loss = score / pixels;
                if (!Double.isFinite(score)) {
                    throw new DivergedException("loss became " + score + " at iteration " + (p.it + 1) + "; stopped without saving, "
                            + (Files.exists(last) ? "the last good checkpoint " + last + " is kept" : "no checkpoint was written yet")
                            + " (try a lower train.lr)");
                }
                long it = ++p.it;
                p.losses.add(loss);
                String spike = p.watch.loss(it, p.losses);
                if (spike != null) progress.warn(spike);
                log.append(String.format(Locale.ROOT, "%d,%.8g,%.6g,%.3f", it, loss, Optimizers.lrAt(cfg.train(), it - 1),
                        (System.nanoTime() - t0) / 1e9));
                boolean validate = it % cfg.train().validateEvery() == 0 || it == total;
                if (validate) {
                    validate(p, model, op, in, ema, valLog, best);
                    String stalled = p.watch.validation(it, p.lastVal.psnr(), p.lastVal.ssim());
                    if (stalled != null) progress.warn(stalled);
                }
                if (it % cfg.train().checkpointEvery() == 0 || it == total) {
                    log.sync();
                    valLog.sync();
                    Checkpoint.save(model, state(it, p.bestScore, p.bestIteration, op, in), last, MovingAverage.array(ema));
                }
                progress.update(it, loss, Optimizers.lrAt(cfg.train(), it - 1), p.lastVal, validate || it % cfg.train().logEvery() == 0);
            }
        }
    }

    /** Evaluates the (averaged) model on the validation images, logs it, and keeps {@code best.zip}. */
    private void validate(Progressed p, ComputationGraph model, Degradation op, Inputs in, MovingAverage ema, CsvLog valLog,
                          Path best) throws IOException {
        INDArray raw = ema == null ? null : ema.swapIn(model);
        Evaluated e = evaluated(model, op, in);
        EvalSummary v = e.evaluator().evaluate(e.graph(), in.val());
        p.lastVal = v;
        valLog.append(String.format(Locale.ROOT, "%d,%.4f,%.5f,%.4f,%.5f,%.3e,%.2f", p.it, v.psnr(), v.ssim(), v.baselinePsnr(),
                v.baselineSsim(), v.consistencyMaxAbs(), v.consistencyPsnr()));
        if (p.firstVal == null) p.firstVal = v;
        double s = cfg.train().keepBest().equals("ssim") ? v.ssim() : v.psnr();
        if (s > p.bestScore) {
            p.bestScore = s;
            p.bestIteration = p.it;
            Checkpoint.save(e.graph(), state(p.it, p.bestScore, p.bestIteration, e.op(), in), best);
        }
        MovingAverage.swapOut(model, raw);
    }

    /** The graph on {@code y} that validation, {@code best.zip} and the final evaluation use, its operator and evaluator. */
    private record Evaluated(ComputationGraph graph, Degradation op, Evaluator evaluator) {}

    /** The model itself or, with a learned sampling matrix, the model on {@code y} with the matrix it has now. */
    private Evaluated evaluated(ComputationGraph model, Degradation op, Inputs in) {
        if (!LearnedSamplingGraphs.isLearned(model.getConfiguration())) return new Evaluated(model, op, in.evaluator());
        LearnedSamplingGraphs.Frozen f = LearnedSamplingGraphs.freeze(model, (org.rnd4j.operator.CompressedSensing) op);
        return new Evaluated(f.graph(), f.operator(), evaluator(f.operator()));
    }

    private Evaluator evaluator(Degradation op) {
        return Evaluator.of(cfg.eval(), op).sizeMultiple(org.rnd4j.backbone.Backbones.sizeMultiple(cfg.model()))
                .observationsAs(ImageSet.conversion(cfg.data()));
    }

    /** Batches whose network input is the ground-truth image (a learned-matrix graph measures it itself). */
    private static java.util.function.LongFunction<MultiDataSet> imageInput(PatchSampler sampler) {
        return i -> {
            MultiDataSet b = sampler.batch(i);
            INDArray x = b.getLabels(0);
            INDArray y = b.getFeatures(0);
            if (y.closeable()) y.close();
            return new org.nd4j.linalg.dataset.MultiDataSet(x.dup(), x);
        };
    }

    private Checkpoint.State state(long it, double bestScore, long bestIt, Degradation op, Inputs in) {
        return new Checkpoint.State(it, bestScore, bestIt, op.spec(), ConfigLoader.toYaml(cfg), in.data());
    }

    /** " (in f: a → b, …)": the fields whose values differ between a stored config and {@code cfg}, or "" if they cannot be told. */
    static String differences(String stored, RunConfig cfg) {
        try {
            java.util.Map<String, String> was = new java.util.TreeMap<>(), now = new java.util.TreeMap<>();
            flatten(ConfigLoader.YAML.readTree(ConfigLoader.toYaml(ConfigLoader.parse(stored, "the checkpoint's config"))), "", was);
            flatten(ConfigLoader.YAML.readTree(ConfigLoader.toYaml(cfg)), "", now);
            java.util.Set<String> keys = new java.util.TreeSet<>(was.keySet());
            keys.addAll(now.keySet());
            List<String> diffs = new ArrayList<>();
            for (String k : keys) {
                if (!java.util.Objects.equals(was.get(k), now.get(k))) diffs.add(k + ": " + was.get(k) + " → " + now.get(k));
            }
            if (diffs.isEmpty()) return "";
            return " (in " + String.join(", ", diffs.subList(0, Math.min(6, diffs.size())))
                    + (diffs.size() > 6 ? " and " + (diffs.size() - 6) + " more" : "") + ")";
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private static void flatten(com.fasterxml.jackson.databind.JsonNode n, String path, java.util.Map<String, String> into) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), into));
        } else {
            into.put(path, n.isNull() ? "null" : n.isValueNode() ? n.asText() : n.toString());
        }
    }

    /** Whether a checkpoint's stored config is {@code cfg} (compared resolved, so an earlier version's layout of the same values matches). */
    private static boolean sameConfig(String stored, RunConfig cfg) {
        String now = ConfigLoader.toYaml(cfg);
        if (stored.equals(now)) return true;
        try {
            return ConfigLoader.toYaml(ConfigLoader.parse(stored, "the checkpoint's config")).equals(now);
        } catch (RuntimeException e) {
            return false;
        }
    }
}

package org.rnd4j.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.PatchSampler;
import org.rnd4j.data.Prefetcher;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.eval.Evaluator;
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
        try (RunFolder folder = RunFolder.take(runDir(), resume, out)) {
            Path dir = folder.dir();
            return train(resume, dir, dir.resolve(LAST), dir.resolve(BEST));
        }
    }

    private Result train(boolean resume, Path dir, Path last, Path best) throws IOException, InterruptedException {
        ComputationGraph model = null;
        Degradation op;
        long start = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        long bestIteration = -1;
        String description = null;
        Model.Source startedFrom = null;
        INDArray savedAverage = null;
        if (resume) {
            Checkpoint.Loaded loaded = Checkpoint.load(last, true);
            model = loaded.model();
            savedAverage = loaded.ema();
            Checkpoint.State st = loaded.state();
            if (st == null) throw new IOException("checkpoint " + last + " has no rnd4j state; it cannot be resumed");
            op = Operators.create(st.operator());
            start = st.iteration();
            bestScore = st.bestScore();
            bestIteration = st.bestIteration();
            description = "resumed from " + last;
            out.printf(Locale.ROOT, "resuming %s at iteration %d of %d%n", last, start, cfg.train().iterations());
            if (!sameConfig(st.configYaml(), cfg)) {
                out.println("warning: the config differs from the one this checkpoint was trained with; the model, optimizer"
                        + " and operator come from the checkpoint, data and schedule length from the config");
            }
        } else {
            op = Operators.fromTask(cfg.task());
        }
        String trivial = op.spec().nothingToLearn();
        if (trivial != null && op.spec().getNoise() == 0) {
            out.println("warning: " + trivial + ": A is invertible, A†y is the image itself and the loss will be 0 whatever the"
                    + " network does; nothing will be learned");
        }
        // the model first (a missing backbone plugin is the error to see), then every input, all before the first step
        if (!resume) {
            Nd4j.getRandom().setSeed(cfg.train().seed());
            Model m = models.create(cfg, op);
            model = m.graph();
            description = m.description();
            startedFrom = m.source();
        }
        ImageSet train = ImageSet.load(cfg.data().train().stream().map(Path::of).toList(), cfg.data().skipBadImages(), 0, "data.train",
                cfg.data().maxPixels());
        ImageSet val = ImageSet.load(List.of(Path.of(cfg.data().val())), cfg.data().skipBadImages(), cfg.data().valLimit(), "data.val",
                cfg.data().maxPixels());
        PatchSampler sampler = new PatchSampler(train, op, cfg.data().patch(), cfg.data().batch(), cfg.data().flips(),
                cfg.data().rot90(), cfg.train().seed());
        Evaluator evaluator = Evaluator.of(cfg.eval(), op).sizeMultiple(org.rnd4j.backbone.Backbones.sizeMultiple(cfg.model()));
        for (org.rnd4j.data.Image im : val.images()) {
            try {
                evaluator.check(im);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("data.val: " + e.getMessage());
            }
        }
        String yaml = "# resolved by rnd4j from " + source + " at " + Instant.now() + "; defaults filled in\n"
                + "# model: " + description + "\n" + ConfigLoader.toYaml(cfg);
        SafeFiles.writeString(dir.resolve("config.yaml"), yaml);

        org.rnd4j.model.MemoryEstimate.check(model.getConfiguration(), cfg, op);
        out.printf(Locale.ROOT, "%s: %s, model %s, rnd %s, %,d parameters, %d train / %d val images%n",
                cfg.name(), op.describe(), description, cfg.model().rnd(), model.params().length(), train.size(), val.size());
        FineTuneReport finetune = startedFrom == null ? null : new FineTuneReport(dir.resolve(FineTuneReport.FILE));
        if (finetune != null) {
            finetune.start(evaluator.evaluate(startedFrom.estimate(), val, null, false), evaluator.evaluate(model, val),
                    startedFrom.rnd());
        }
        List<org.deeplearning4j.optimize.api.TrainingListener> extra = listeners.apply(dir);
        if (!extra.isEmpty()) model.addListeners(extra.toArray(new org.deeplearning4j.optimize.api.TrainingListener[0]));

        MovingAverage ema = MovingAverage.of(cfg.train().ema(), model, savedAverage);
        long pixels = (long) cfg.data().patch() * cfg.data().patch();
        CsvLog log = CsvLog.open(dir.resolve(LOG), "iteration,loss,lr,seconds", start);
        CsvLog valLog = CsvLog.open(dir.resolve(VAL_LOG),
                "iteration,psnr,ssim,baseline_psnr,baseline_ssim,consistency_max_abs,consistency_psnr", start);
        long t0 = System.nanoTime();
        long total = cfg.train().iterations();
        List<Double> losses = new ArrayList<>();
        EvalSummary firstVal = null;
        EvalSummary lastVal = null;
        Progress progress = new Progress(out, start, total);
        Status status = Status.COMPLETED;
        long it = start;
        double stepScore;
        if (stepper != LOCAL) out.println("training on " + stepper.describe());
        try (Stepper steps = stepper;
             Prefetcher<MultiDataSet> batches = new Prefetcher<>(sampler::batch, start, stepper == LOCAL ? total : start,
                     cfg.data().prefetch())) {
            while (it < total) {
                if (stopRequested || it >= stopAfter) {
                    status = Status.INTERRUPTED;
                    break;
                }
                try {
                    stepScore = stepper.step(model, it, sampler, batches);
                } catch (IOException | InterruptedException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("training step " + (it + 1) + " failed: " + e.getMessage(), e);
                }
                if (ema != null) ema.update(model);
                org.rnd4j.data.NativeMemory.relieve();
                double score = stepScore, loss = score / pixels;
                if (!Double.isFinite(score)) {
                    throw new DivergedException("loss became " + score + " at iteration " + (it + 1) + "; stopped without saving, "
                            + (Files.exists(last) ? "the last good checkpoint " + last + " is kept" : "no checkpoint was written yet")
                            + " (try a lower train.lr)");
                }
                it++;
                losses.add(loss);
                log.append(String.format(Locale.ROOT, "%d,%.8g,%.6g,%.3f", it, loss, Optimizers.lrAt(cfg.train(), it - 1),
                        (System.nanoTime() - t0) / 1e9));
                boolean validate = it % cfg.train().validateEvery() == 0 || it == total;
                if (validate) {
                    INDArray raw = ema == null ? null : ema.swapIn(model);
                    lastVal = evaluator.evaluate(model, val);
                    valLog.append(String.format(Locale.ROOT, "%d,%.4f,%.5f,%.4f,%.5f,%.3e,%.2f", it, lastVal.psnr(), lastVal.ssim(),
                            lastVal.baselinePsnr(), lastVal.baselineSsim(), lastVal.consistencyMaxAbs(), lastVal.consistencyPsnr()));
                    if (firstVal == null) firstVal = lastVal;
                    double s = cfg.train().keepBest().equals("ssim") ? lastVal.ssim() : lastVal.psnr();
                    if (s > bestScore) {
                        bestScore = s;
                        bestIteration = it;
                        Checkpoint.save(model, state(it, bestScore, bestIteration, op), best);
                    }
                    MovingAverage.swapOut(model, raw);
                }
                if (it % cfg.train().checkpointEvery() == 0 || it == total) {
                    log.sync();
                    valLog.sync();
                    Checkpoint.save(model, state(it, bestScore, bestIteration, op), last, MovingAverage.array(ema));
                }
                progress.update(it, loss, Optimizers.lrAt(cfg.train(), it - 1), lastVal, validate || it % cfg.train().logEvery() == 0);
            }
        } finally {
            log.close();
            valLog.close();
        }
        if (status == Status.INTERRUPTED) {
            Checkpoint.save(model, state(it, bestScore, bestIteration, op), last, MovingAverage.array(ema));
            out.printf(Locale.ROOT, "%ninterrupted: saved %s at iteration %d; continue with --resume%n", last, it);
            return new Result(status, it, dir, losses, null, firstVal, model);
        }
        if (ema != null) ema.swapIn(model);   // with train.ema the final model is the average (as in best.zip)
        EvalSummary fin = evaluator.evaluate(model, val, dir.resolve("eval"), cfg.eval().saveImages());
        if (finetune != null) {
            finetune.finish(fin, it);
            out.print(finetune.table());
        }
        out.printf(Locale.ROOT, "%ndone: %d iterations. %s on %s%n", it, fin.oneLine(), cfg.data().val());
        out.printf(Locale.ROOT, "results: %s (per-image CSV, summary.json, output images); checkpoints: %s, %s (best %s %.4f at %d)%n",
                dir.resolve("eval"), last, best, cfg.train().keepBest(), bestScore, bestIteration);
        return new Result(status, it, dir, losses, fin, firstVal, model);
    }

    private Checkpoint.State state(long it, double bestScore, long bestIt, Degradation op) {
        return new Checkpoint.State(it, bestScore, bestIt, op.spec(), ConfigLoader.toYaml(cfg));
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

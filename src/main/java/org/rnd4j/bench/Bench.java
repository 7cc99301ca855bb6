package org.rnd4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.PatchSampler;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.layer.internal.RuntimeProfile;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.SuperResolution;

/**
 * The reference workload of the performance issue, run the way the trainer runs it (the rnd4j
 * layer graph, {@code fit} per batch): step times, memory,
 * RND share, data pipeline and inference figures, and a one-line machine-readable RESULT.
 */
public final class Bench {
    /** Workload parameters; {@code patch} is the ground-truth (high-resolution) size. */
    public record Options(int scale, int batch, int patch, int feats, int blocks, int steps, int warmup, int threads,
                          boolean rnd, int inferSize, Path data, long seed) {}

    /** Measured figures. */
    public record Figures(double medianMs, double minMs, double maxMs, double imagesPerS, double peakRssMb, double rndShare,
                          double dataImagesPerS, double inferMs, Host host) {
        public String resultLine() {
            return String.format(Locale.ROOT, "RESULT ms_per_step_median=%.1f images_per_s=%.1f peak_rss_mb=%.0f rnd_share=%.4f "
                    + "data_images_per_s=%.0f infer_ms=%.1f %s", medianMs, imagesPerS, peakRssMb, rndShare, dataImagesPerS, inferMs,
                    host.fields());
        }
    }

    private Bench() {}

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Peak resident set size of this process in MB (Linux {@code VmHWM}), or NaN elsewhere. */
    public static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return Double.NaN;
    }

    public static Figures run(Options o, PrintStream out) throws Exception {
        if (o.threads() > 0) {
            Nd4j.getEnvironment().setMaxThreads(o.threads());
            Nd4j.getEnvironment().setMaxMasterThreads(o.threads());
        }
        SuperResolution op = new SuperResolution(o.scale());
        int lr = o.patch() / o.scale();
        Host host = Host.detect();
        out.println(host.describe());
        out.printf(Locale.ROOT, "workload: SR x%d, conv 3->%d + %d residual blocks + conv %d->%d + pixel shuffle%s, MSE, Adam 1e-4;"
                        + " batch %d, %dx%d -> %dx%d; %d steps after %d warm-up; threads %s%n",
                o.scale(), o.feats(), o.blocks(), o.feats(), 3 * o.scale() * o.scale(), o.rnd() ? " + RND" : "", o.batch(), lr, lr,
                o.patch(), o.patch(), o.steps(), o.warmup(), o.threads() > 0 ? o.threads() : "default");

        Nd4j.getRandom().setSeed(o.seed());
        ComputationGraph model = new ComputationGraph(ReferenceNet.build(o.scale(), o.feats(), o.blocks(), o.rnd(), lr, lr,
                new Adam(1e-4), o.seed()));
        model.init();
        int total = o.warmup() + o.steps();
        double[] ms = new double[o.steps()];
        // Batches are made before each timed step, untimed, as the PyTorch twin does: a background
        // producer would compete with the step for the two cores (the trainer's real pipeline is
        // timed separately below).
        for (int i = 0; i < total; i++) {
            MultiDataSet b = randomBatch(op, o, i);
            if (i == o.warmup()) RuntimeProfile.reset();
            long t0 = System.nanoTime();
            model.fit(b);
            long t1 = System.nanoTime();
            if (i >= o.warmup()) ms[i - o.warmup()] = (t1 - t0) / 1e6;
            org.rnd4j.data.Arrays4d.release(b);
        }
        double med = median(ms), min = Arrays.stream(ms).min().orElse(0), max = Arrays.stream(ms).max().orElse(0);
        out.printf(Locale.ROOT, "train step: median %.1f ms, min %.1f, max %.1f (max/median %.2f), %.1f images/s%n",
                med, min, max, max / med, o.batch() * 1000 / med);
        if (RuntimeProfile.enabled()) {
            out.print("time per step in rnd4j's runtimes (timed steps):\n" + RuntimeProfile.report(o.steps()));
        }

        double rndMs = rndProjectionMs(op, o.batch(), o.patch(), 20);
        double share = o.rnd() ? rndMs / med : 0;
        out.printf(Locale.ROOT, "RND vertex alone (forward + backward, in a workspace, same shapes): %.2f ms = %.1f%% of a step%n",
                rndMs, 100 * share);

        INDArray big = Nd4j.rand(DataType.FLOAT, 1, 3, o.inferSize(), o.inferSize());
        double[] inf = new double[3];
        model.outputSingle(false, big).close();
        model.outputSingle(false, big).close();
        RuntimeProfile.reset();
        for (int i = 0; i < inf.length; i++) {
            long t0 = System.nanoTime();
            INDArray sr = model.outputSingle(false, big);
            inf[i] = (System.nanoTime() - t0) / 1e6;
            sr.close();
        }
        double infMs = median(inf);
        if (RuntimeProfile.enabled()) {
            out.print("time per inference in rnd4j's runtimes:\n" + RuntimeProfile.report(inf.length));
        }
        out.printf(Locale.ROOT, "inference: %dx%d -> %dx%d in %.1f ms (median of 3)%n", o.inferSize(), o.inferSize(),
                o.inferSize() * o.scale(), o.inferSize() * o.scale(), infMs);
        // read here, after what the PyTorch twin also does (train, RND alone, inference), not after the extra figures below
        double rss = peakRssMb();
        out.printf(Locale.ROOT, "peak RSS: %.0f MB%n", rss);

        if (o.rnd()) {
            inGraphShare(model, op, o, out);
        }
        double dataRate = dataImagesPerSecond(op, o, out);
        return new Figures(med, min, max, o.batch() * 1000 / med, rss, share, dataRate, infMs, host);
    }

    /**
     * Prints the RND share of a training step inside the graph (a cross-check): the same network
     * with and without the projection, warmed up, then stepped alternately so machine drift hits
     * both equally.
     */
    private static void inGraphShare(ComputationGraph withRnd, SuperResolution op, Options o, PrintStream out) {
        int lr = o.patch() / o.scale();
        Nd4j.getRandom().setSeed(o.seed());
        ComputationGraph plain = new ComputationGraph(ReferenceNet.build(o.scale(), o.feats(), o.blocks(), false, lr, lr,
                new Adam(1e-4), o.seed()));
        plain.init();
        int n = Math.max(10, o.steps() / 2);
        int warm = Math.min(o.warmup(), 30);  // the code is compiled by now; only the new graph's workspaces need it
        double[] on = new double[n], off = new double[n];
        for (int i = 0; i < warm + n; i++) {
            MultiDataSet b = randomBatch(op, o, 100_000 + i);
            long t0 = System.nanoTime();
            plain.fit(b);
            long t1 = System.nanoTime();
            withRnd.fit(b);
            long t2 = System.nanoTime();
            if (i >= warm) {
                off[i - warm] = (t1 - t0) / 1e6;
                on[i - warm] = (t2 - t1) / 1e6;
            }
        }
        double mOn = median(on), mOff = median(off), share = (mOn - mOff) / mOn;
        out.printf(Locale.ROOT, "cross-check, RND in the graph: step %.1f ms with, %.1f ms without (alternating, %d each) -> %.1f%%"
                + " (step-to-step noise is larger than the RND vertex)%n", mOn, mOff, n, 100 * share);
    }

    private static MultiDataSet randomBatch(SuperResolution op, Options o, long i) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(o.seed() * 1000003 + i);
        float[] d = new float[o.batch() * 3 * o.patch() * o.patch()];
        for (int k = 0; k < d.length; k++) d[k] = (float) r.nextDouble();
        INDArray x = org.rnd4j.data.Arrays4d.of(d, o.batch(), 3, o.patch(), o.patch());
        return new MultiDataSet(op.apply(x), x);
    }

    /**
     * Median time of the RND vertex alone as training runs it: the graph's runtime, forward
     * {@code x_r + A†(y − A x_r)} and backward (gradients for {@code x_r} and {@code y}), its
     * arrays in a reused workspace.
     */
    public static double rndProjectionMs(Degradation op, int batch, int size, int reps) {
        long small = op.observationSize(size);
        INDArray xr = Nd4j.rand(DataType.FLOAT, batch, 3, size, size), g = Nd4j.rand(DataType.FLOAT, batch, 3, size, size);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch, op.observationChannels(3), small, small);
        GraphVertex rnd = new RndVertex(op.spec()).instantiate(null, "rnd", 0, null, false, DataType.FLOAT);
        WorkspaceConfiguration wc = WorkspaceConfiguration.builder().initialSize(0).policyLearning(LearningPolicy.FIRST_LOOP)
                .policyAllocation(AllocationPolicy.OVERALLOCATE).build();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().with(ArrayType.ACTIVATIONS, "BENCH_RND", wc)
                .with(ArrayType.ACTIVATION_GRAD, "BENCH_RND", wc).build();
        double[] t = new double[reps];
        for (int i = -3; i < reps; i++) {
            long t0 = System.nanoTime();
            try (MemoryWorkspace ws = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
                rnd.setInputs(xr, y);
                rnd.doForward(true, mgr);
                rnd.setEpsilon(g);
                rnd.doBackward(false, mgr);
            }
            if (i >= 0) t[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(t);
    }

    private static double dataImagesPerSecond(SuperResolution op, Options o, PrintStream out) {
        long t0 = System.nanoTime();
        ImageSet all = ImageSet.load(List.of(o.data()), false, 0, "bench --data");
        double decodeS = (System.nanoTime() - t0) / 1e9;
        ImageSet images = ImageSet.of(all.images().stream().filter(im -> im.height() >= o.patch() && im.width() >= o.patch()).toList());
        if (images.size() == 0) throw new IllegalArgumentException("bench --data: no image in " + o.data() + " is at least " + o.patch() + " px");
        PatchSampler sampler = new PatchSampler(images, op, o.patch(), o.batch(), true, true, o.seed());
        sampler.batch(0);
        int n = 20;
        long t1 = System.nanoTime();
        for (int i = 1; i <= n; i++) sampler.batch(i);
        double s = (System.nanoTime() - t1) / 1e9;
        double rate = n * o.batch() / s;
        out.printf(Locale.ROOT, "data: decoded %d images from %s once in %.2f s (%.0f images/s); crop + augment + degrade from the %d"
                + " images >= %d px: %.0f patches/s on one thread%n", all.size(), o.data(), decodeS, all.size() / decodeS, images.size(),
                o.patch(), rate);
        return rate;
    }

    /** Micro-benchmark of the projection alone for scales 2, 4, 8 on {@code size×size} images. */
    public static void rndMicro(int batch, int size, PrintStream out) {
        out.printf(Locale.ROOT, "RND projection alone, forward + backward, batch %d, %dx%d:%n", batch, size, size);
        for (int s : new int[]{2, 4, 8}) {
            out.printf(Locale.ROOT, "  x%d: %.2f ms (median of 20)%n", s, rndProjectionMs(new SuperResolution(s), batch, size, 20));
        }
    }
}

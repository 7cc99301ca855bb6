package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnd4j.bench.Bench;
import org.rnd4j.layer.internal.RuntimeProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnd4j bench}: the reference training workload and its figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the reference SR x4 training workload (README, section Performance) and print a RESULT line.",
                "bench/pytorch_bench.py runs the same workload in PyTorch; bench/compare.sh runs both."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--batch", defaultValue = "16", description = "Batch size (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--patch", defaultValue = "96", description = "High-resolution patch size (default ${DEFAULT-VALUE})")
    int patch;
    @Option(names = "--scale", defaultValue = "4", description = "SR scale (default ${DEFAULT-VALUE})")
    int scale;
    @Option(names = "--width", defaultValue = "64", description = "Feature channels (default ${DEFAULT-VALUE})")
    int width;
    @Option(names = "--depth", defaultValue = "4", description = "Residual blocks (default ${DEFAULT-VALUE})")
    int depth;
    @Option(names = "--steps", defaultValue = "40", description = "Timed steps (default ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--warmup", defaultValue = "150", description = "Untimed warm-up steps; the JVM is still compiling hot code (and its compiler threads compete for the cores) during the first ~100 (default ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--threads", defaultValue = "0", description = "ND4J threads (0 = library default)")
    int threads;
    @Option(names = "--rnd", defaultValue = "true", arity = "1", description = "End the network with RND (default ${DEFAULT-VALUE})")
    boolean rnd;
    @Option(names = "--infer-size", defaultValue = "256", description = "Low-resolution size of the inference image (default ${DEFAULT-VALUE})")
    int inferSize;
    @Option(names = "--data", defaultValue = "datasets/t91", description = "Images for the data-pipeline figure (default ${DEFAULT-VALUE})")
    Path data;
    @Option(names = "--micro", description = "Also time the RND projection alone for scales 2, 4, 8 on 256x256 images")
    boolean micro;

    @Option(names = "--profile", description = "Also print the time per step in each kind of rnd4j runtime (forward, backward)")
    boolean profile;

    @Override
    public Integer call() throws Exception {
        Backend.require();
        Errors.atLeast("--batch", batch, 1);
        Errors.atLeast("--scale", scale, 2);
        Errors.atLeast("--patch", patch, scale);
        Errors.atLeast("--width", width, 1);
        Errors.atLeast("--depth", depth, 0);
        Errors.atLeast("--steps", steps, 1);
        Errors.atLeast("--warmup", warmup, 0);
        Errors.atLeast("--threads", threads, 0);
        Errors.atLeast("--infer-size", inferSize, 1);
        if (patch % scale != 0) throw new IllegalArgumentException("--patch " + patch + " is not a multiple of --scale " + scale);
        RuntimeProfile.enable(profile);
        Bench.Figures f = Bench.run(new Bench.Options(scale, batch, patch, width, depth, steps, warmup, threads, rnd, inferSize,
                data, 42), System.out);
        if (micro) Bench.rndMicro(batch, 256, System.out);
        System.out.println(f.resultLine());
        return 0;
    }
}

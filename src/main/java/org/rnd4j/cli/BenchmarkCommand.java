package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.eval.Benchmark;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnd4j benchmark}: a super-resolution model on the standard test sets, by the published protocol. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Evaluate a bicubic super-resolution checkpoint on standard test sets as papers do: MATLAB's LR files when the"
                + " set has *_HR/*_LR pairs (else rnd4j's MATLAB-exact bicubic), Y channel, border = scale, 8-bit output.")
public final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "Model zip written by rnd4j train")
    Path checkpoint;

    @Option(names = "--sets", required = true, split = ",", paramLabel = "DIR",
            description = "Test sets, comma separated: folders of HR images, of *_HR/*_LR pairs, or SelfExSR folders with image_SRF_<s>")
    List<Path> sets;

    @Option(names = "--scale", description = "Must match the model's scale (default: the model's)")
    Integer scale;

    @Option(names = "--self-ensemble", description = "Average the outputs for the 8 flips/rotations (×8 time)")
    boolean selfEnsemble;

    @Option(names = "--out", description = "Where benchmark.csv, benchmark.md and per-set results.csv go (default: <checkpoint"
            + " dir>/benchmark, or benchmark-se with --self-ensemble); if it already holds"
            + " results, they are kept and the new ones go to <out>-2")
    Path out;

    @Option(names = "--overwrite", description = "Replace the results already in --out instead")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        Backend.require();
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, false);
        ComputationGraph model = loaded.model();
        Checkpoint.State state = loaded.state() != null ? loaded.state() : Checkpoint.loadState(checkpoint);
        RunConfig cfg = ConfigLoader.parse(state.configYaml(), checkpoint + " (its stored config)");
        Degradation op = Operators.create(state.operator());
        if (cfg.data().gray() && !org.rnd4j.config.Defaults.LUMA_YCBCR.equals(cfg.data().luma())) {
            throw new IllegalArgumentException(checkpoint + " was trained on rgb2gray luma (data.gray, data.luma: " + cfg.data().luma()
                    + "); benchmark measures on the Y of YCbCr: train the model with data.luma: ycbcr, or use eval");
        }
        Benchmark b = new Benchmark(op, scale != null ? scale : op.upscale(), org.rnd4j.backbone.Backbones.sizeMultiple(cfg.model()),
                selfEnsemble).readAs(org.rnd4j.data.ImageSet.conversion(cfg.data()));
        Path target = ResultFolders.fresh(out != null ? out
                : checkpoint.toAbsolutePath().getParent().resolve(selfEnsemble ? "benchmark-se" : "benchmark"), "benchmark.csv", overwrite);
        for (Path set : sets) org.rnd4j.infer.OutputNames.checkOutside(set, "--sets", target, "--out");
        System.out.printf("%s on %s (Y channel, border %d, 8-bit output%s)%n", checkpoint, Arrays.toString(sets.toArray()),
                op.upscale(), selfEnsemble ? ", self-ensemble" : "");
        b.run(y -> model.outputSingle(false, y), sets, target, System.out);
        System.out.println("results: " + target.resolve("benchmark.md") + ", " + target.resolve("benchmark.csv"));
        return 0;
    }
}

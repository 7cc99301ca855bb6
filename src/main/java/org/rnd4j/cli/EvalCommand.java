package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.ImageSet;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.eval.Evaluator;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;
import org.rnd4j.model.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnd4j eval [CONFIG] --checkpoint PATH [--data DIR] [--out DIR] [--self-ensemble]}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint on whole images: PSNR, SSIM, A†y baseline and consistency max|Ax̂-y| per image.")
public final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
            description = "YAML config whose eval section and data.val are used (default: the config stored in the checkpoint)")
    Path config;

    @Option(names = "--checkpoint", required = true, description = "Model zip, e.g. checkpoints/quickstart/best.zip")
    Path checkpoint;

    @Option(names = "--data", description = "Image folder to evaluate on (default: data.val of the config)")
    Path data;

    @Option(names = "--max-pixels", description = "Refuse images larger than this many pixels (default: data.maxPixels)")
    Long maxPixels;

    @Option(names = "--out", description = "Where to write results.csv, summary.json, images/ (default: <checkpoint dir>/eval-<data folder>)")
    Path out;

    @Option(names = "--self-ensemble", description = "Average the outputs for the 8 flips/rotations of each observation"
            + " (eval.selfEnsemble: ×8 time; refused for cs, whose operator does not commute with them)")
    boolean selfEnsemble;

    @Override
    public Integer call() throws Exception {
        Backend.require();
        Map<String, String> overrides = selfEnsemble ? Map.of("eval.selfEnsemble", "true") : Map.of();
        String with = selfEnsemble ? ", with --self-ensemble" : "";
        RunConfig given = config != null ? ConfigLoader.load(config, overrides, selfEnsemble ? " (with --self-ensemble)" : "") : null;
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, false);
        ComputationGraph model = loaded.model();
        Checkpoint.State state = loaded.state() != null ? loaded.state() : Checkpoint.loadState(checkpoint);
        RunConfig cfg = given != null ? given : ConfigLoader.parse(state.configYaml(), checkpoint + " (its stored config" + with + ")", overrides);
        Degradation op = Operators.create(state.operator());
        Path dir = data != null ? data : Path.of(cfg.data().val());
        // without --data: the validation images the run selected on (data.valLimit, e.g. a split held out of data.train)
        ImageSet images = ImageSet.load(List.of(dir), cfg.data().skipBadImages(), data != null ? 0 : cfg.data().valLimit(),
                data != null ? "--data" : "data.val",
                maxPixels != null ? maxPixels : cfg.data().maxPixels());
        images = images.as(cfg.data());
        Path target = out != null ? out
                : checkpoint.toAbsolutePath().getParent().resolve("eval-" + dir.getFileName());
        EvalSummary s = Evaluator.of(cfg.eval(), op).sizeMultiple(org.rnd4j.backbone.Backbones.sizeMultiple(cfg.model()))
                .observationsAs(ImageSet.conversion(cfg.data())).evaluate(model, images, target, cfg.eval().saveImages());
        System.out.println(s.oneLine());
        System.out.println("results: " + target);
        return 0;
    }
}

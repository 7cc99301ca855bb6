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

    @Option(names = "--data", description = "Image folder to evaluate on (default: data.val of the config); its observations"
            + " are simulated (y = A x) unless --observations gives them")
    Path data;

    @Option(names = "--observations", description = "sr: a folder of given observations named like the images (e.g. MATLAB's"
            + " bicubic LR files), used instead of simulating them (default: eval.observations, when the images are data.val)")
    Path observations;

    @Option(names = "--max-pixels", description = "Refuse images larger than this many pixels (default: data.maxPixels)")
    Long maxPixels;

    @Option(names = "--out", description = "Where to write results.csv, summary.json, images/ (default: <checkpoint dir>/eval-<data"
            + " folder>, -se added with --self-ensemble); if it already holds"
            + " results, they are kept and the new ones go to <out>-2")
    Path out;

    @Option(names = "--overwrite", description = "Replace the results already in --out instead")
    boolean overwrite;

    @Option(names = "--self-ensemble", description = "Average the outputs for the 8 flips/rotations of each observation"
            + " (eval.selfEnsemble: ×8 time; refused for cs, whose operator does not commute with them)")
    boolean selfEnsemble;

    @Override
    public Integer call() throws Exception {
        Backend.require();
        Map<String, String> overrides = selfEnsemble ? Map.of("eval.selfEnsemble", "true") : Map.of();
        String with = selfEnsemble ? ", with --self-ensemble" : "";
        RunConfig given = config != null ? ConfigLoader.load(config, overrides, selfEnsemble ? " (with --self-ensemble)" : "") : null;
        Errors.atLeast("--max-pixels", maxPixels, 1);
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, false);
        ComputationGraph model = loaded.model();
        Checkpoint.State state = loaded.state() != null ? loaded.state() : Checkpoint.loadState(checkpoint);
        RunConfig cfg = given != null ? given : ConfigLoader.parse(state.configYaml(), checkpoint + " (its stored config" + with + ")", overrides);
        Degradation op = Operators.create(state.operator());
        Path dir = data != null ? data : Path.of(cfg.data().val());
        if (data == null && given == null && !java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException("data.val of " + checkpoint + "'s stored config: image folder " + dir
                    + " does not exist here (it names the folder the model was trained with); give the images with --data");
        }
        // without --data: the validation images the run selected on (data.valLimit, e.g. a split held out of data.train)
        ImageSet images = ImageSet.load(List.of(dir), cfg.data().skipBadImages(), data != null ? 0 : cfg.data().valLimit(),
                data != null ? "--data" : "data.val",
                maxPixels != null ? maxPixels : cfg.data().maxPixels());
        images = images.as(cfg.data());
        Path target = ResultFolders.fresh(out != null ? out
                : checkpoint.toAbsolutePath().getParent().resolve("eval-" + dir.getFileName() + (cfg.eval().selfEnsemble() ? "-se" : "")),
                "summary.json", overwrite);
        org.rnd4j.infer.OutputNames.checkOutside(dir, data != null ? "--data" : "data.val", target, "--out");
        EvalSummary s = Evaluator.of(evalSection(cfg, dir), op).sizeMultiple(org.rnd4j.backbone.Backbones.sizeMultiple(cfg.model()))
                .observationsAs(ImageSet.conversion(cfg.data())).evaluate(model, images, target, cfg.eval().saveImages());
        System.out.println(s.oneLine());
        System.out.println("results: " + target);
        return 0;
    }

    /**
     * The config's eval section with the observations that belong to {@code images}: {@code --observations}, else
     * {@code eval.observations} when the images are the config's {@code data.val} (the folder they were made from),
     * else none (simulated): a folder of LR files is never paired by name with other images.
     */
    private org.rnd4j.config.EvalConfig evalSection(RunConfig cfg, Path images) {
        org.rnd4j.config.EvalConfig e = cfg.eval();
        String given;
        if (observations != null) {
            if (!cfg.task().settings().observationsAreImages()) {
                throw new IllegalArgumentException("--observations: only for tasks whose observations are images (sr), not "
                        + cfg.task().type());
            }
            if (!java.nio.file.Files.isDirectory(observations)) {
                throw new IllegalArgumentException("--observations: expected an existing folder of observation images, got '"
                        + observations + "'");
            }
            given = observations.toString();
        } else {
            given = e.observations() != null && sameFolder(images, Path.of(cfg.data().val())) ? e.observations() : null;
        }
        return new org.rnd4j.config.EvalConfig(e.cropBorder(), e.yChannel(), e.saveImages(), e.tilePixels(), e.tileOverlap(),
                e.selfEnsemble(), given);
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return java.nio.file.Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}

package org.rnd4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.Arrays4d;
import org.rnd4j.data.Image;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.Images;
import org.rnd4j.data.StreamedImage;
import org.rnd4j.infer.OutputNames;
import org.rnd4j.infer.Restorer;
import org.rnd4j.model.Checkpoint;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Inpainting;
import org.rnd4j.operator.Noisy;
import org.rnd4j.operator.Operators;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnd4j infer --checkpoint PATH --input IMG|DIR --output DIR}. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Restore images with a trained checkpoint, in strips (memory bounded by the image width).",
                "sr: each input is the low-resolution observation y and is upscaled.",
                "colorization, cs: each input is an image; its observation y = A x is simulated first.",
                "Outputs are PNGs named after the inputs (subfolders kept), 16-bit for 16-bit inputs, with the input's colour"
                        + " profile; a JPEG is turned upright by its Exif orientation first. Inputs are never overwritten,"
                        + " and an existing output only with --overwrite (--skip-existing keeps it and restores the rest)."})
public final class InferCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "Model zip written by rnd4j train")
    Path checkpoint;

    @Option(names = "--input", required = true, description = "An image file or a folder of images (searched recursively)")
    Path input;

    @Option(names = "--output", required = true, description = "Folder for the restored PNGs (not the input folder)")
    Path output;

    @Option(names = "--mask", description = "Inpainting: a mask image (white = known) for a single --input, or a folder of masks"
            + " named like the inputs; without it masks are drawn as in training")
    Path mask;

    @Option(names = "--overwrite", description = "Replace outputs that already exist in --output")
    boolean overwrite;

    @Option(names = "--skip-existing", description = "Keep outputs that already exist in --output and restore only the other"
            + " inputs (to finish an interrupted folder; each output is written whole or not at all)")
    boolean skipExisting;

    @Option(names = "--max-pixels", description = "Refuse inputs larger than this many pixels (default: data.maxPixels of the checkpoint's config)")
    Long maxPixels;

    @Option(names = "--tile-pixels", description = "Output pixels per strip (default: eval.tilePixels of the checkpoint's config)")
    Long tilePixels;

    @Option(names = "--tile-overlap", description = "Rows of context above and below each strip (default: eval.tileOverlap)")
    Integer tileOverlap;

    @Option(names = "--runtime", description = "nd4j (default) or onnx: run the network in ONNX Runtime, as exported with the RND"
            + " projection (needs the mvn -Ponnx build)")
    String runtime = "nd4j";

    @Override
    public Integer call() throws Exception {
        Backend.require();
        Errors.atLeast("--max-pixels", maxPixels, 1);
        Errors.atLeast("--tile-pixels", tilePixels, 1);
        Errors.atLeast("--tile-overlap", tileOverlap, 0);
        if (!runtime.equals("nd4j") && !runtime.equals("onnx")) {
            throw new IllegalArgumentException("--runtime: expected nd4j or onnx, got '" + runtime + "'");
        }
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, false);
        Checkpoint.State state = loaded.state() != null ? loaded.state() : Checkpoint.loadState(checkpoint);
        RunConfig cfg = ConfigLoader.parse(state.configYaml(), checkpoint + " (its stored config)");
        ComputationGraph model = loaded.model();
        Degradation op = Operators.create(state.operator());
        long limit = maxPixels != null ? maxPixels : cfg.data().maxPixels();
        java.util.function.UnaryOperator<INDArray> forward = runtime.equals("onnx") ? org.rnd4j.export.OnnxRuntimeNet.of(model)
                : y -> model.outputSingle(false, y);
        try {
            return restoreAll(cfg, op, forward, limit);
        } finally {
            if (forward instanceof AutoCloseable c) c.close();
        }
    }

    private int restoreAll(RunConfig cfg, Degradation op, java.util.function.UnaryOperator<INDArray> forward, long limit) throws Exception {
        Restorer restorer = new Restorer(forward, op, new Restorer.Tiling(
                tilePixels != null ? tilePixels : cfg.eval().tilePixels(), tileOverlap != null ? tileOverlap : cfg.eval().tileOverlap()));

        int k = org.rnd4j.backbone.Backbones.sizeMultiple(cfg.model());
        ExistingOutputs existing = new ExistingOutputs("infer", overwrite, skipExisting);
        Map<Path, Path> targets = plan(existing);
        Files.createDirectories(output);
        existing.report(output);
        Skipped skipped = new Skipped("infer", targets.size());
        for (Map.Entry<Path, Path> e : targets.entrySet()) {
            Path f = e.getKey(), target = e.getValue();
            boolean sr = op.upscale() >= 2;
            int s = sr ? op.upscale() : 1, m = op.spatialMultiple(k);
            Image im;
            int h, w, bits;
            byte[] profile;
            try {
                Image read = Images.read(f, limit);
                bits = read.bits();                    // a 16-bit input gets a 16-bit output
                profile = read.profile();              // and one with a colour profile, that profile
                im = org.rnd4j.data.ImageSet.conversion(cfg.data()).apply(read);   // a data.gray model's luma
                h = sr ? im.height() * s : im.height() / m * m;
                w = sr ? im.width() * s : im.width() / m * m;
                if (h == 0 || w == 0) {
                    throw new IllegalArgumentException("image " + f + " is " + im.width() + "x" + im.height() + ", smaller than the "
                            + op.describe() + " block " + m);
                }
                if (h % k != 0 || w % k != 0) {
                    throw new IllegalArgumentException("image " + f + " would be restored at " + w + "x" + h + ", but backbone "
                            + cfg.model().backbone() + " needs image sizes in multiples of " + k + "; crop the input first");
                }
            } catch (IOException | IllegalArgumentException ex) {
                skipped.add(f, ex);
                continue;
            }
            int hh = h, ww = w;
            Restorer.Observations obs = sr
                    ? (a, b) -> Arrays4d.of(im.region(a / s, 0, (b - a) / s, im.width()), 1, 3, (b - a) / s, im.width())
                    : (a, b) -> {
                        try {
                            return observe(op, Arrays4d.of(im.region(a, 0, b - a, ww), 1, 3, b - a, ww), a, hh, ww, f);
                        } catch (IOException ex) {
                            throw new java.io.UncheckedIOException(ex);
                        }
                    };
            double[] cons = {0};
            StreamedImage out = new StreamedImage(w, h, im.gray() && !op.restoresColour(), bits, y0 -> {
                Restorer.Strip strip = restorer.strip(obs, y0, h, w);
                cons[0] = Math.max(cons[0], op.applyLike(strip.output(), strip.observation()).subi(strip.observation())
                        .amaxNumber().doubleValue());
                return strip.output().castTo(DataType.FLOAT).dup('c').data().asFloat();
            });
            Images.writePng(out, target, profile);
            System.out.printf(Locale.ROOT, "%s -> %s (%dx%d%s%s, max|Ax̂-y| %.1e)%n", f, target, w, h,
                    im.gray() && !op.restoresColour() ? ", gray" : "", bits == 16 ? ", 16-bit" : "", cons[0]);
        }
        return skipped.finish();
    }

    /** The observation of image rows {@code [a, a + rows)}: simulated (masks, noise drawn from the file name) or with the given mask. */
    private INDArray observe(Degradation op, INDArray x, int a, int h, int w, Path file) throws IOException {
        Degradation base = op instanceof Noisy n ? n.inner() : op;
        if (mask != null && base instanceof Inpainting) {
            Path m = Files.isDirectory(mask) ? mask.resolve(file.getFileName()) : mask;
            Image mi = maskImage(m);
            if (mi.height() < h || mi.width() < w) {
                throw new IllegalArgumentException("--mask " + m + " is " + mi.width() + "x" + mi.height() + ", smaller than the image "
                        + file + " (" + w + "x" + h + ")");
            }
            int rows = (int) x.size(2);
            float[] plane = new float[rows * w];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < w; c++) plane[r * w + c] = mi.sample(0, a + r, c) >= 0.5f ? 1f : 0f;
            return Inpainting.observeWith(x, Arrays4d.of(plane, 1, 1, rows, w));
        }
        return op.observe(x, org.rnd4j.eval.Evaluator.seedOf(file.getFileName().toString()), a, h, w);
    }

    private final Map<Path, Image> masks = new LinkedHashMap<>();

    private Image maskImage(Path m) throws IOException {
        Image cached = masks.get(m);
        if (cached == null) {
            if (!Files.isRegularFile(m)) throw new IllegalArgumentException("--mask: " + m + " does not exist");
            masks.clear();
            cached = Images.read(m);
            masks.put(m, cached);
        }
        return cached;
    }

    /** Input file → output file, checked before anything is written; outputs {@code existing} keeps are left out. */
    private Map<Path, Path> plan(ExistingOutputs existing) throws IOException {
        if (!Files.exists(input)) throw new IllegalArgumentException("--input: " + input + " does not exist");
        OutputNames.checkOutputFolder(input, output);
        List<Path> files = Files.isDirectory(input) ? ImageSet.list(input, "--input") : List.of(input);
        Map<Path, Path> targets = new LinkedHashMap<>();
        List<String> taken = new ArrayList<>();
        for (Path f : files) {
            String rel = Files.isDirectory(input) ? input.relativize(f).toString() : f.getFileName().toString();
            String name = OutputNames.unique(rel, taken);
            Path target = output.resolve(name);
            if (!name.equalsIgnoreCase(rel.replaceFirst("\\.[^./\\\\]+$", "") + ".png")) {
                System.out.printf(Locale.ROOT, "note: %s shares its name with another input; its output is %s%n", f, target);
            }
            OutputNames.checkNotInput(f, target, "infer");
            if (existing.write(target)) targets.put(f, target);
        }
        return targets;
    }
}

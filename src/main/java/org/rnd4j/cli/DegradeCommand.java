package org.rnd4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.Image;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.Images;
import org.rnd4j.eval.Evaluator;
import org.rnd4j.infer.OutputNames;
import org.rnd4j.io.SafeFiles;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnd4j degrade CONFIG --input DIR --output DIR}: the observations {@code y = A x} a config's task makes. */
@Command(name = "degrade", mixinStandardHelpOptions = true,
        description = {"Write the observation y = A x (+ noise) of each image, as the config's task makes it for training and"
                + " evaluation (images cropped to the operator's multiple; masks and noise drawn from the file name).",
                "Image-shaped observations (SR, blur, colorization) are PNGs in the source's bit depth (8 or 16) and colour"
                        + " profile under the same name (gray for colorization and gray sources); inpainting writes the masked"
                        + " image and <name>_mask.png (white = observed); compressed sensing writes the measurements"
                        + " [C*q, H/B, W/B] as float32 NumPy <name>.npy."})
public final class DegradeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config whose task section defines A")
    Path config;

    @Option(names = "--input", required = true, description = "An image or a folder of images (recursive)")
    Path input;

    @Option(names = "--output", required = true, description = "Folder for the observations (not the input folder)")
    Path output;

    @Option(names = "--overwrite", description = "Replace files that already exist in --output")
    boolean overwrite;

    @Option(names = "--skip-existing", description = "Keep files that already exist in --output and write only the others")
    boolean skipExisting;

    @Override
    public Integer call() throws Exception {
        Backend.require();
        RunConfig cfg = ConfigLoader.load(config);
        Degradation op = Operators.fromTask(cfg.task());
        ExistingOutputs existing = new ExistingOutputs("degrade", overwrite, skipExisting);
        if (!Files.exists(input)) throw new IllegalArgumentException("--input: " + input + " does not exist");
        OutputNames.checkOutputFolder(input, output);
        List<Path> files = Files.isDirectory(input) ? ImageSet.list(input, "--input") : List.of(input);
        List<String> taken = new ArrayList<>();
        List<Path[]> plan = new ArrayList<>();
        for (Path f : files) {
            String rel = Files.isDirectory(input) ? input.relativize(f).toString() : f.getFileName().toString();
            String name = OutputNames.unique(rel, taken);
            Path target = output.resolve(isCs(op) ? name.replaceFirst("\\.png$", ".npy") : name);
            OutputNames.checkNotInput(f, target, "degrade");
            if (existing.write(target)) plan.add(new Path[]{f, target});
        }
        existing.report(output);
        Skipped skipped = new Skipped("degrade", plan.size());
        for (Path[] p : plan) {
            Image im;
            int m = op.spatialMultiple(), h, w, bits;
            byte[] profile;
            try {
                Image read = Images.read(p[0], cfg.data().maxPixels());
                bits = read.bits();                    // a 16-bit image's observation is written in 16 bits
                profile = read.profile();              // and in the image's colour profile
                im = ImageSet.conversion(cfg.data()).apply(read);
                h = op.workingSide(im.height(), m);
                w = op.workingSide(im.width(), m);
                if (h == 0 || w == 0) {
                    throw new IllegalArgumentException("image " + p[0] + " is " + im.width() + "x" + im.height() + ", smaller than the "
                            + op.describe() + " block " + m);
                }
            } catch (java.io.IOException | IllegalArgumentException ex) {
                skipped.add(p[0], ex);
                continue;
            }
            // block CS measures the image zero-padded to the block multiple, as evaluation does
            if (op.padsToMultiple()) im = im.padded(h, w);
            INDArray x = im.toBatch(m);
            INDArray y = op.observe(x, Evaluator.seedOf(p[0].getFileName().toString()), 0, h, w);
            Files.createDirectories(p[1].toAbsolutePath().getParent());
            String what;
            if (isCs(op)) {
                SafeFiles.write(p[1], Nd4j.toNpyByteArray(y.slice(0).dup('c')));
                what = "measurements " + java.util.Arrays.toString(y.slice(0).shape());
            } else if (op.maskChannel()) {
                long c = y.size(1) - 1;
                Images.writePng(y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c)), p[1], im.gray(), bits, profile);
                INDArray mask = y.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1));
                Path maskFile = p[1].resolveSibling(p[1].getFileName().toString().replaceFirst("\\.png$", "_mask.png"));
                Images.writePng(Nd4j.concat(1, mask, mask, mask), maskFile, true);
                what = "masked image + " + maskFile.getFileName();
            } else {
                Images.writePng(y, p[1], im.gray() || op.restoresColour(), bits, profile);
                what = y.size(3) + "x" + y.size(2) + (bits == 16 ? ", 16-bit" : "");
            }
            System.out.printf(Locale.ROOT, "%s -> %s (%s)%n", p[0], p[1], what);
        }
        return skipped.finish();
    }

    private static boolean isCs(Degradation op) {
        Degradation base = op instanceof org.rnd4j.operator.Noisy n ? n.inner() : op;
        return base instanceof org.rnd4j.operator.CompressedSensing;
    }
}

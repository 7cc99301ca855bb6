package org.rnd4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.data.Image;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.Images;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;
import org.rnd4j.operator.SuperResolution;
import org.rnd4j.model.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnd4j infer --checkpoint PATH --input IMG|DIR --output DIR}. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Restore images with a trained checkpoint.",
                "sr: each input is the low-resolution observation y and is upscaled.",
                "colorization, cs: each input is an image; its observation y = A x is simulated first."})
public final class InferCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "Model zip written by rnd4j train")
    Path checkpoint;

    @Option(names = "--input", required = true, description = "An image file or a folder of images")
    Path input;

    @Option(names = "--output", required = true, description = "Folder for the restored PNGs")
    Path output;

    @Override
    public Integer call() throws Exception {
        Backend.require();
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, false);
        ComputationGraph model = loaded.model();
        Degradation op = Operators.create((loaded.state() != null ? loaded.state() : Checkpoint.loadState(checkpoint)).operator());
        List<Path> files = Files.isDirectory(input) ? ImageSet.list(input, "--input") : List.of(input);
        Files.createDirectories(output);
        for (Path f : files) {
            Image im = Images.read(f);
            INDArray y = op instanceof SuperResolution ? im.toBatch(1) : op.apply(im.toBatch(op.spatialMultiple()));
            INDArray out = model.outputSingle(false, y);
            double cons = op.apply(out).subi(y).amaxNumber().doubleValue();
            Path target = output.resolve(f.getFileName().toString().replaceFirst("\\.[^.]+$", "") + ".png");
            Images.writePng(out, target);
            System.out.printf(java.util.Locale.ROOT, "%s -> %s (%dx%d, max|Ax̂-y| %.1e)%n", f, target, out.size(3), out.size(2), cons);
        }
        return 0;
    }
}

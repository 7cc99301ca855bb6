package org.rnd4j.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnd4j.data.Image;
import org.rnd4j.data.ImageSet;
import org.rnd4j.data.Images;
import org.rnd4j.operator.Degradation;

/**
 * Runs a model over whole images: {@code y = A x} from the ground truth (cropped to the operator's
 * multiple), output {@code x̂ = model(y)}, metrics per image. Quality is measured on the output
 * clipped and rounded to 8 bits (as saved); consistency on the raw output, so a model without RND
 * shows its own error.
 */
public final class Evaluator {
    private final Degradation op;
    private final boolean yChannel;
    private final int cropBorder;

    public Evaluator(Degradation op, boolean yChannel, int cropBorder) {
        this.op = op;
        this.yChannel = yChannel;
        this.cropBorder = cropBorder;
    }

    public ImageResult evaluate(ComputationGraph model, Image image, Path imageDir) throws IOException {
        return evaluate(y -> model.outputSingle(false, y), image, imageDir);
    }

    /** Evaluates any model given as a function from observation to image estimate. */
    public ImageResult evaluate(UnaryOperator<INDArray> model, Image image, Path imageDir) throws IOException {
        INDArray x = image.toBatch(op.spatialMultiple());
        INDArray y = op.apply(x);
        INDArray out = model.apply(y);
        INDArray base = op.pinv(y);
        INDArray reobserved = op.apply(out);
        double consPsnr = Metrics.psnrRaw(reobserved, y);
        double cons = reobserved.subi(y).amaxNumber().doubleValue();
        INDArray q = Metrics.quantize(out), qb = Metrics.quantize(base);
        ImageResult r = new ImageResult(image.name(), Metrics.psnr(q, x, yChannel, cropBorder), Metrics.ssim(q, x, yChannel, cropBorder),
                Metrics.psnr(qb, x, yChannel, cropBorder), Metrics.ssim(qb, x, yChannel, cropBorder), cons, consPsnr);
        if (imageDir != null) {
            String stem = image.name().replaceFirst("\\.[^.]+$", "");
            Images.writePng(out, imageDir.resolve(stem + ".png"));
        }
        return r;
    }

    /** Evaluates every image; with {@code outDir}, writes results.csv, summary.json and images/. */
    public EvalSummary evaluate(ComputationGraph model, ImageSet images, Path outDir) throws IOException {
        return evaluate((UnaryOperator<INDArray>) y -> model.outputSingle(false, y), images, outDir);
    }

    /** As {@link #evaluate(ComputationGraph, ImageSet, Path)} for any observation → estimate function. */
    public EvalSummary evaluate(UnaryOperator<INDArray> model, ImageSet images, Path outDir) throws IOException {
        List<ImageResult> rows = new ArrayList<>();
        for (Image im : images.images()) {
            rows.add(evaluate(model, im, outDir == null ? null : outDir.resolve("images")));
        }
        EvalSummary s = EvalSummary.of(rows, yChannel, cropBorder);
        if (outDir != null) {
            Files.createDirectories(outDir);
            List<String> lines = new ArrayList<>();
            lines.add(ImageResult.CSV_HEADER);
            rows.forEach(r -> lines.add(r.csv()));
            Files.write(outDir.resolve("results.csv"), lines);
            Files.writeString(outDir.resolve("summary.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n");
        }
        return s;
    }
}

package org.rnd4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnd4j.export.OnnxExport;
import org.rnd4j.io.SafeFiles;
import org.rnd4j.model.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnd4j export}: a checkpoint as an ONNX model, the RND projection included. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a checkpoint as an ONNX model (input y: the observation [N, C, h, w] in [0, 1]; output x: the"
                + " restored image), the RND projection included, for ONNX Runtime, TensorRT, OpenVINO or a browser.")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "Model zip written by rnd4j train")
    Path checkpoint;

    @Option(names = "--output", required = true, description = "The .onnx file to write")
    Path output;

    @Option(names = "--size", paramLabel = "HxW", description = "The observation's height and width (needed for bicubic and blur,"
            + " whose exact A and A† depend on the size; fixes them for other operators)")
    String size;

    @Option(names = "--opset", description = "ONNX opset (13 to 21; default 13)")
    int opset = OnnxExport.DEFAULT_OPSET;

    @Option(names = "--no-rnd", description = "Export the backbone's x_r, without the RND projection")
    boolean noRnd;

    @Option(names = "--overwrite", description = "Replace --output if it exists")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        Backend.require();
        int h = 0, w = 0;
        if (size != null) {
            var m = java.util.regex.Pattern.compile("(\\d{1,5})x(\\d{1,5})").matcher(size);
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
                throw new IllegalArgumentException("--size: expected HxW (e.g. 64x96), got '" + size + "'");
            }
            h = Integer.parseInt(m.group(1));
            w = Integer.parseInt(m.group(2));
        }
        if (Files.isDirectory(output)) throw new IllegalArgumentException("--output " + output + " is a folder; give the .onnx file");
        if (Files.exists(output) && !overwrite) {
            throw new IllegalArgumentException("--output " + output + " exists; add --overwrite to replace it");
        }
        var model = Checkpoint.load(checkpoint, false).model();
        byte[] bytes = OnnxExport.export(model, new OnnxExport.Options(h, w, opset, !noRnd)).toByteArray();
        SafeFiles.write(output, bytes);
        System.out.printf("wrote %s (%,d bytes): input '%s' %s, output '%s'%s%n", output, bytes.length, OnnxExport.INPUT,
                size == null ? "[N, C, h, w]" : "[N, C, " + h + ", " + w + "]", OnnxExport.OUTPUT, noRnd ? " (x_r, no RND)" : " (x̂, RND)");
        return 0;
    }
}

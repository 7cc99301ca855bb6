package org.rnd4j.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.SdConv2d;

/**
 * Reads a convolutional ONNX backbone into a trainable {@link ComputationGraph} of rnd4j layers.
 * The file is parsed with ND4J's ONNX protobuf classes; supported nodes are {@code Conv}
 * (stride 1, symmetric "same" padding, no groups or dilation), {@code Relu} and {@code Add}.
 *
 * <p>Why not SameDiff's importer ({@code samediff-import-onnx}): it adds about 400 MB of natives
 * (TensorFlow, MKL-DNN, DNNL, ONNX Runtime) to every build, its result is an inference graph of
 * constants with NHWC permutes that a {@code ComputationGraph} cannot train, and in M2.1 it cannot
 * import the usual upsamplers (DepthToSpace is mapped with the wrong layout, ConvTranspose and
 * Resize fail).
 */
public final class OnnxReader {
    private OnnxReader() {}

    public static ComputationGraph load(Path file, String input, String output) throws IOException {
        Onnx.GraphProto g;
        try {
            g = Onnx.ModelProto.parseFrom(Files.readAllBytes(file)).getGraph();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("ONNX file " + file + " does not exist");
        } catch (IOException e) {
            throw new IOException("ONNX file " + file + " cannot be parsed: " + e.getMessage(), e);
        }
        Map<String, INDArray> weights = new HashMap<>();
        for (Onnx.TensorProto t : g.getInitializerList()) weights.put(t.getName(), tensor(t, file));
        List<String> inputs = g.getInputList().stream().map(Onnx.ValueInfoProto::getName).filter(n -> !weights.containsKey(n)).toList();
        if (!inputs.contains(input)) {
            throw new IllegalArgumentException("model.init.input: " + file + " has no input '" + input + "'; its inputs are " + inputs);
        }
        var inputShape = g.getInputList().stream().filter(v -> v.getName().equals(input)).findFirst().orElseThrow()
                .getType().getTensorType().getShape();
        if (inputShape.getDimCount() != 4) {
            throw new IllegalArgumentException("ONNX input '" + input + "' in " + file + " has " + inputShape.getDimCount()
                    + " dimensions; expected an image batch [N, C, H, W]");
        }
        long channels = inputShape.getDim(1).getDimValue();
        if (channels < 1 || channels > 4096) {
            throw new IllegalArgumentException("ONNX input '" + input + "' in " + file + " has " + channels + " channels; expected 1..4096");
        }

        Map<String, String> vertexOf = new HashMap<>();   // ONNX tensor -> graph vertex
        Map<String, Long> channelsOf = new HashMap<>();
        vertexOf.put(input, input);
        channelsOf.put(input, channels);
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .updater(new Sgd(0.0)).graphBuilder().addInputs(input);
        Map<String, INDArray[]> params = new HashMap<>();
        boolean found = false;
        for (Onnx.NodeProto n : g.getNodeList()) {
            String out = n.getOutput(0);
            String name = out.equals(output) ? output : sanitize(n.getName().isEmpty() ? out : n.getName());
            String where = "ONNX node '" + n.getName() + "' (" + n.getOpType() + ") in " + file;
            switch (n.getOpType()) {
                case "Conv" -> {
                    INDArray w = weights.get(n.getInput(1));
                    if (w == null || w.rank() != 4) throw new IllegalArgumentException(where + ": weight must be a 4-D initializer");
                    long k = w.size(2);
                    Map<String, List<Long>> a = attributes(n);
                    if (w.size(3) != k || k % 2 == 0) throw new IllegalArgumentException(where + ": only odd square kernels are supported");
                    check(a, "strides", 1, where);
                    check(a, "dilations", 1, where);
                    check(a, "group", 1, where);
                    check(a, "pads", k / 2, where);
                    INDArray bias = n.getInputCount() > 2 ? weights.get(n.getInput(2)) : Nd4j.zeros(DataType.FLOAT, w.size(0));
                    b.addLayer(name, new SdConv2d(w.size(1), w.size(0), (int) k, false), input(vertexOf, n.getInput(0), where));
                    params.put(name, new INDArray[]{w.permute(2, 3, 1, 0).dup('c'), bias.reshape(1, w.size(0))});
                    channelsOf.put(out, w.size(0));
                }
                case "Relu" -> {
                    b.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), input(vertexOf, n.getInput(0), where));
                    channelsOf.put(out, channelsOf.get(n.getInput(0)));
                }
                case "Add" -> {
                    b.addVertex(name, new ResidualAdd(),
                            input(vertexOf, n.getInput(0), where), input(vertexOf, n.getInput(1), where));
                    channelsOf.put(out, channelsOf.get(n.getInput(0)));
                }
                default -> throw new IllegalArgumentException(where + ": op " + n.getOpType()
                        + " is not supported by rnd4j's ONNX reader (supported: Conv, Relu, Add)");
            }
            vertexOf.put(out, name);
            found |= out.equals(output);
        }
        if (!found) {
            throw new IllegalArgumentException("model.init.output: " + file + " has no node output '" + output + "'; its outputs are "
                    + g.getOutputList().stream().map(Onnx.ValueInfoProto::getName).toList());
        }
        b.setInputTypes(InputType.convolutional(16, 16, channels));
        b.setOutputs(output);
        ComputationGraph cg = new ComputationGraph(b.build());
        cg.init();
        for (var e : params.entrySet()) {
            cg.getLayer(e.getKey()).paramTable().get("W").assign(e.getValue()[0]);
            cg.getLayer(e.getKey()).paramTable().get("b").assign(e.getValue()[1]);
        }
        return cg;
    }

    private static String input(Map<String, String> vertexOf, String tensor, String where) {
        String v = vertexOf.get(tensor);
        if (v == null) throw new IllegalArgumentException(where + ": input '" + tensor + "' is not produced by a supported node");
        return v;
    }

    private static String sanitize(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        return t.isEmpty() ? "node" : t;
    }

    private static Map<String, List<Long>> attributes(Onnx.NodeProto n) {
        Map<String, List<Long>> a = new HashMap<>();
        for (Onnx.AttributeProto at : n.getAttributeList()) {
            a.put(at.getName(), at.getIntsCount() > 0 ? at.getIntsList() : List.of(at.getI()));
        }
        return a;
    }

    private static void check(Map<String, List<Long>> a, String key, long expected, String where) {
        List<Long> v = a.get(key);
        if (v != null && v.stream().anyMatch(x -> x != expected)) {
            throw new IllegalArgumentException(where + ": " + key + " " + v + " is not supported (expected " + expected + ")");
        }
    }

    private static INDArray tensor(Onnx.TensorProto t, Path file) {
        if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("ONNX initializer '" + t.getName() + "' in " + file + " is not float32");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long dim : shape) {
            if (dim < 0 || dim > Integer.MAX_VALUE || (count = count * dim) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ONNX initializer '" + t.getName() + "' in " + file + " has dimensions "
                        + java.util.Arrays.toString(shape) + ", which no backbone weight has");
            }
        }
        long stored = !t.getRawData().isEmpty() ? t.getRawData().size() / 4 : t.getFloatDataCount();
        if (stored != count) {
            throw new IllegalArgumentException("ONNX initializer '" + t.getName() + "' in " + file + " declares "
                    + java.util.Arrays.toString(shape) + " (" + count + " values) but holds " + stored);
        }
        float[] d;
        if (!t.getRawData().isEmpty()) {
            ByteBuffer buf = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            d = new float[buf.remaining() / 4];
            buf.asFloatBuffer().get(d);
        } else {
            d = new float[t.getFloatDataCount()];
            for (int i = 0; i < d.length; i++) d[i] = t.getFloatData(i);
        }
        return Nd4j.create(d, shape.length == 0 ? new long[]{1} : shape, 'c');
    }
}

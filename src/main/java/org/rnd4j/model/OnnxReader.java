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
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.rnd4j.layer.BroadcastMul;
import org.rnd4j.layer.ChannelAffine;
import org.rnd4j.layer.ChannelSlice;
import org.rnd4j.layer.Clip;
import org.rnd4j.layer.PRelu;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.layer.Resize;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.SdConv2d;

/**
 * Reads a convolutional ONNX backbone into a trainable {@link ComputationGraph} of rnd4j layers.
 * The file is parsed with ND4J's ONNX protobuf classes and each node becomes a trainable layer or
 * vertex with PyTorch's semantics ({@link #SUPPORTED}): {@code Conv} (stride-1 "same" convolutions
 * as rnd4j's fast {@code SdConv2d}, others as DL4J convolutions with stride, dilation and
 * asymmetric padding; depthwise, or split per group), {@code ConvTranspose} (a DL4J deconvolution cropped by the pads and
 * {@code output_padding}), activations ({@code PRelu} per channel), arithmetic with constants
 * ({@link ChannelAffine}) or between tensors (broadcast {@code Mul}), {@code DepthToSpace} (CRD,
 * PyTorch's PixelShuffle, by reordering the producing convolution's outputs; DCR directly),
 * {@code Resize}/{@code Upsample} by constant scales (nearest, bilinear and bicubic with
 * {@code align_corners=False}), channel {@code Concat} and global average pooling. Anything else is
 * one error naming the node, the op and the supported list.
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

        Map<String, INDArray> constants = new HashMap<>(weights);
        Map<String, Integer> consumers = new HashMap<>();
        for (Onnx.NodeProto n : g.getNodeList()) for (String in : n.getInputList()) consumers.merge(in, 1, Integer::sum);

        Map<String, String> vertexOf = new HashMap<>();   // ONNX tensor -> graph vertex
        Map<String, Long> channelsOf = new HashMap<>();
        vertexOf.put(input, input);
        channelsOf.put(input, channels);
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .updater(new Sgd(0.0)).graphBuilder().addInputs(input);
        Map<String, Params> params = new HashMap<>();
        Map<String, String> convOf = new HashMap<>();     // ONNX tensor -> the Conv vertex that produced it
        Reader state = new Reader(file, b, constants, vertexOf, channelsOf, params, convOf, consumers);
        boolean found = false;
        for (Onnx.NodeProto n : g.getNodeList()) {
            String out = n.getOutputCount() > 0 ? n.getOutput(0) : "";
            String name = out.equals(output) ? output : sanitize(n.getName().isEmpty() ? out : n.getName());
            String where = "ONNX node '" + n.getName() + "' (" + n.getOpType() + ") in " + file;
            if (n.getOutputCount() < 1 || n.getOutput(0).isEmpty()) {
                throw new IllegalArgumentException("ONNX node '" + n.getName() + "' (" + n.getOpType() + ") in " + file + " has no output");
            }
            Map<String, Onnx.AttributeProto> at = new HashMap<>();
            for (Onnx.AttributeProto a : n.getAttributeList()) at.put(a.getName(), a);
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !vertexOf.containsKey(in) && !constants.containsKey(in)) {
                    throw new IllegalArgumentException(where + ": input '" + in + "' is not produced by an earlier node or initializer"
                            + " (the graph must be acyclic and in topological order, as ONNX requires)");
                }
            }
            String in0 = n.getInputCount() > 0 ? n.getInput(0) : null;
            long c0 = in0 == null ? 0 : channelsOf.getOrDefault(in0, 0L);
            Reader r = state.at(n, at, out, name, where, in0, c0);
            java.util.function.Consumer<Reader> mapper = MAPPERS.get(n.getOpType());
            if (mapper == null) {
                throw new IllegalArgumentException(where + ": op " + n.getOpType()
                        + " is not supported by rnd4j's ONNX reader (supported: " + String.join(", ", SUPPORTED) + ")");
            }
            mapper.accept(r);
            if (r.skip) continue;
            vertexOf.put(out, r.name);
            channelsOf.put(out, r.cOut);
            found |= out.equals(output);
        }
        if (!found) {
            throw new IllegalArgumentException("model.init.output: " + file + " has no node output '" + output + "'; its outputs are "
                    + g.getOutputList().stream().map(Onnx.ValueInfoProto::getName).toList());
        }
        b.setInputTypes(InputType.convolutional(16, 16, channels));
        b.setOutputs(vertexOf.get(output));
        ComputationGraph cg = new ComputationGraph(b.build());
        cg.init();
        for (var e : params.entrySet()) e.getValue().assign(cg.getLayer(e.getKey()).paramTable(), e.getKey(), file);
        return cg;
    }

    /** One ungrouped convolution: rnd4j's fast SdConv2d for stride-1 "same" odd kernels, else DL4J's (pads made symmetric first). */
    private static void addConv(ComputationGraphConfiguration.GraphBuilder b, String name, String from, INDArray w, INDArray bias, long[] strides,
                                long[] dil, long[] pads, Map<String, Params> params) {
        long kh = w.size(2), kw = w.size(3);
        boolean same = kh == kw && kh % 2 == 1 && strides[0] == 1 && strides[1] == 1 && dil[0] == 1 && dil[1] == 1
                && pads[0] == kh / 2 && pads[1] == kh / 2 && pads[2] == kh / 2 && pads[3] == kh / 2;
        if (same) {
            b.addLayer(name, new SdConv2d(w.size(1), w.size(0), (int) kh, false), from);
            params.put(name, new Params(Params.Kind.SD_CONV, w, bias));
            return;
        }
        from = symmetric(b, name, from, pads);
        b.addLayer(name, new ConvolutionLayer.Builder((int) kh, (int) kw).nIn(w.size(1)).nOut(w.size(0))
                .stride((int) strides[0], (int) strides[1]).dilation((int) dil[0], (int) dil[1])
                .padding((int) pads[0], (int) pads[1]).convolutionMode(ConvolutionMode.Truncate)
                .activation(Activation.IDENTITY).build(), from);
        params.put(name, new Params(Params.Kind.DL4J, w, bias));
    }

    /** Each op {@link #load} maps, with the method that adds its layers. */
    private static final Map<String, java.util.function.Consumer<Reader>> MAPPERS = new java.util.LinkedHashMap<>();

    static {
        MAPPERS.put("Conv", Reader::conv);
        MAPPERS.put("ConvTranspose", Reader::convTranspose);
        MAPPERS.put("Relu", Reader::activation);
        MAPPERS.put("LeakyRelu", Reader::activation);
        MAPPERS.put("PRelu", Reader::prelu);
        MAPPERS.put("Sigmoid", Reader::activation);
        MAPPERS.put("Tanh", Reader::activation);
        MAPPERS.put("Clip", Reader::clip);
        MAPPERS.put("Add", Reader::arithmetic);
        MAPPERS.put("Sub", Reader::arithmetic);
        MAPPERS.put("Mul", Reader::arithmetic);
        MAPPERS.put("Div", Reader::arithmetic);
        MAPPERS.put("DepthToSpace", Reader::depthToSpace);
        MAPPERS.put("Resize", Reader::resize);
        MAPPERS.put("Upsample", Reader::resize);
        MAPPERS.put("Concat", Reader::concat);
        MAPPERS.put("GlobalAveragePool", Reader::globalAveragePool);
        MAPPERS.put("ReduceMean", Reader::globalAveragePool);
        MAPPERS.put("Constant", Reader::constant);
        MAPPERS.put("Identity", Reader::identity);
        MAPPERS.put("Dropout", Reader::identity);
    }

    /** The ops {@link #load} maps. */
    public static final List<String> SUPPORTED = List.copyOf(MAPPERS.keySet());

    /**
     * The graph under construction and the node being read: each mapper reads the node and adds its
     * layers, and sets the vertex holding the node's output ({@code name}, the node's own by default),
     * its channel count ({@code cOut}, the input's by default), or {@code skip} for a constant.
     */
    private static final class Reader {
        final Path file;
        final ComputationGraphConfiguration.GraphBuilder b;
        final Map<String, INDArray> constants;
        final Map<String, String> vertexOf;
        final Map<String, Long> channelsOf;
        final Map<String, Params> params;
        final Map<String, String> convOf;
        final Map<String, Integer> consumers;
        Onnx.NodeProto n;
        Map<String, Onnx.AttributeProto> at;
        String out, name, where, in0;
        long c0, cOut;
        boolean skip;

        Reader(Path file, ComputationGraphConfiguration.GraphBuilder b, Map<String, INDArray> constants, Map<String, String> vertexOf,
               Map<String, Long> channelsOf, Map<String, Params> params, Map<String, String> convOf, Map<String, Integer> consumers) {
            this.file = file;
            this.b = b;
            this.constants = constants;
            this.vertexOf = vertexOf;
            this.channelsOf = channelsOf;
            this.params = params;
            this.convOf = convOf;
            this.consumers = consumers;
        }

        /** This reader on node {@code n}. */
        Reader at(Onnx.NodeProto n, Map<String, Onnx.AttributeProto> at, String out, String name, String where, String in0, long c0) {
            this.n = n;
            this.at = at;
            this.out = out;
            this.name = name;
            this.where = where;
            this.in0 = in0;
            this.c0 = c0;
            this.cOut = c0;
            this.skip = false;
            return this;
        }

        /** A constant tensor, kept for the nodes that read it. */
        void constant() {
            if (!at.containsKey("value")) throw new IllegalArgumentException(where + ": only Constant with a 'value' tensor is supported");
            constants.put(out, tensor(at.get("value").getT(), file));
            skip = true;
        }

        /** No layer: the output is the input (or the constant) itself. */
        void identity() {
            if (constants.containsKey(in0)) {
                constants.put(out, constants.get(in0));
                skip = true;
                return;
            }
            name = input(vertexOf, in0, where);   // no layer: the output is the input's vertex
        }

        /** Conv: rnd4j's SdConv2d or DL4J's convolution; depthwise, or split per group. */
        void conv() {
            INDArray w = weight(n, constants, where);
            long kh = w.size(2), kw = w.size(3);
            long[] strides = ints(at, "strides", where, 2, 1, 1, 1), dil = ints(at, "dilations", where, 2, 1, 1, 1);
            long[] pads = pads(at, where);
            long group = integer(at, "group", 1);
            boolean depthwise = group > 1 && group == c0 && w.size(1) == 1 && w.size(0) % group == 0;
            if (group < 1 || c0 % group != 0 || w.size(0) % group != 0 || w.size(1) * group != c0) {
                throw new IllegalArgumentException(where + ": group " + group + " does not fit " + c0 + " input and " + w.size(0) + " output channels");
            }
            INDArray bias = bias(n, constants, w.size(0), where);
            String from = input(vertexOf, in0, where);
            if (depthwise) {
                from = symmetric(b, name, from, pads);
                long mult = w.size(0) / group;
                b.addLayer(name, new DepthwiseConvolution2D.Builder((int) kh, (int) kw).nIn(group).nOut(w.size(0))
                        .depthMultiplier((int) mult).stride((int) strides[0], (int) strides[1])
                        .dilation((int) dil[0], (int) dil[1]).padding((int) pads[0], (int) pads[1])
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), from);
                // ONNX [C·m, 1, kh, kw] (output channel i·m + q) -> DL4J [kh, kw, C, m]
                INDArray dw = w.reshape(group, mult, kh, kw).permute(2, 3, 0, 1).dup('c');
                params.put(name, new Params(Params.Kind.DL4J, dw, bias));
            } else if (group > 1) {
                // grouped: each group's input channels through its own convolution, outputs concatenated
                long ci = c0 / group, co = w.size(0) / group;
                String[] parts = new String[(int) group];
                for (int i = 0; i < group; i++) {
                    String part = name + "_g" + i;
                    b.addLayer(part + "_in", new ChannelSlice((int) (i * ci), (int) ((i + 1) * ci - 1)), from);
                    INDArray wi = w.get(NDArrayIndex.interval(i * co, (i + 1) * co), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup('c');
                    INDArray bi = bias.reshape(w.size(0)).get(NDArrayIndex.interval(i * co, (i + 1) * co)).dup();
                    addConv(b, part, part + "_in", wi, bi, strides, dil, pads.clone(), params);
                    parts[i] = part;
                }
                b.addVertex(name, new MergeVertex(), parts);
            } else {
                addConv(b, name, from, w, bias, strides, dil, pads, params);
            }
            if (group == 1) convOf.put(out, name);
            cOut = w.size(0);
        }

        /** ConvTranspose: a DL4J deconvolution cropped by the pads and output_padding. */
        void convTranspose() {
            INDArray w = weight(n, constants, where);
            long kh = w.size(2), kw = w.size(3);
            long group = integer(at, "group", 1);
            if (group != 1) throw new IllegalArgumentException(where + ": group " + group + " is not supported (supported: 1)");
            long[] strides = ints(at, "strides", where, 2, 1, 1, 1), dil = ints(at, "dilations", where, 2, 1, 1, 1);
            long[] op = ints(at, "output_padding", where, 2, 0, 0, 0);
            if (dil[0] != 1 || dil[1] != 1) throw new IllegalArgumentException(where + ": dilations " + List.of(dil[0], dil[1]) + " are not supported (supported: 1)");
            if (at.containsKey("output_shape") || !string(at, "auto_pad", "NOTSET").equals("NOTSET")) {
                throw new IllegalArgumentException(where + ": output_shape and auto_pad are not supported; export with explicit padding");
            }
            long[] pads = ints(at, "pads", where, 4, 0, 0, 0, 0, 0);   // top, left, bottom, right
            long cropBottom = pads[2] - op[0], cropRight = pads[3] - op[1];
            if (cropBottom < 0 || cropRight < 0) {
                throw new IllegalArgumentException(where + ": output_padding " + List.of(op[0], op[1]) + " larger than pads " + List.of(pads[2], pads[3]) + " is not supported");
            }
            INDArray bias = bias(n, constants, w.size(1), where);
            boolean crop = pads[0] != 0 || pads[1] != 0 || cropBottom != 0 || cropRight != 0;
            String deconv = crop ? name + "_full" : name;
            b.addLayer(deconv, new Deconvolution2D.Builder((int) kh, (int) kw).nIn(w.size(0)).nOut(w.size(1))
                    .stride((int) strides[0], (int) strides[1]).padding(0, 0).convolutionMode(ConvolutionMode.Truncate)
                    .activation(Activation.IDENTITY).build(), input(vertexOf, in0, where));
            params.put(deconv, new Params(Params.Kind.DL4J, w, bias));
            if (crop) {
                b.addLayer(name, new Cropping2D((int) pads[0], (int) cropBottom, (int) pads[1], (int) cropRight), deconv);
            }
            cOut = w.size(1);
        }

        /** Relu, LeakyRelu, Sigmoid, Tanh. */
        void activation() {
            org.nd4j.linalg.activations.IActivation act = switch (n.getOpType()) {
                case "Relu" -> Activation.RELU.getActivationFunction();
                case "Sigmoid" -> Activation.SIGMOID.getActivationFunction();
                case "Tanh" -> Activation.TANH.getActivationFunction();
                default -> new ActivationLReLU(real(at, "alpha", 0.01));
            };
            b.addLayer(name, new ActivationLayer.Builder().activation(act).build(), input(vertexOf, in0, where));
        }

        /** PRelu with one slope or one per channel. */
        void prelu() {
            INDArray slope = constants.get(n.getInput(1));
            if (slope == null || slope.length() != 1 && slope.length() != c0) {
                throw new IllegalArgumentException(where + ": the slope must be an initializer with 1 or " + c0 + " values");
            }
            b.addLayer(name, new PRelu(slope.length()), input(vertexOf, in0, where));
            params.put(name, new Params(Params.Kind.PRELU, slope, null));
        }

        /** Clip between constant bounds. */
        void clip() {
            double lo = clipBound(n, at, 1, "min", -Double.MAX_VALUE, constants, where), hi = clipBound(n, at, 2, "max", Double.MAX_VALUE, constants, where);
            if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
                throw new IllegalArgumentException(where + ": bounds min " + lo + " and max " + hi + " are not an interval");
            }
            b.addLayer(name, new Clip(lo, hi), input(vertexOf, in0, where));
        }

        /** Add, Sub, Mul, Div with a constant (per channel) or between tensors. */
        void arithmetic() {
            String op = n.getOpType();
            String x0 = n.getInput(0), x1 = n.getInput(1);
            boolean k0 = constants.containsKey(x0), k1 = constants.containsKey(x1);
            if (k0 && k1) throw new IllegalArgumentException(where + ": both inputs are constants; export with constant folding");
            if (k0 || k1) {
                String t = k0 ? x1 : x0;
                long c = channelsOf.getOrDefault(t, 0L);
                double[] v = channelValues(constants.get(k0 ? x0 : x1), c, where);
                double[] one = {1}, zero = {0};
                ChannelAffine aff = switch (op) {
                    case "Add" -> new ChannelAffine(one, v);
                    case "Sub" -> k1 ? new ChannelAffine(one, negate(v)) : new ChannelAffine(new double[]{-1}, v);
                    case "Mul" -> new ChannelAffine(v, zero);
                    default -> {
                        if (k0) throw new IllegalArgumentException(where + ": a constant divided by a tensor is not supported");
                        double[] inv = new double[v.length];
                        for (int i = 0; i < v.length; i++) inv[i] = 1 / v[i];
                        yield new ChannelAffine(inv, zero);
                    }
                };
                b.addLayer(name, aff, input(vertexOf, t, where));
                cOut = c;
            } else {
                String a0 = input(vertexOf, x0, where), a1 = input(vertexOf, x1, where);
                switch (op) {
                    case "Add" -> b.addVertex(name, new ResidualAdd(), a0, a1);
                    case "Sub" -> b.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Subtract), a0, a1);
                    case "Mul" -> b.addVertex(name, new BroadcastMul(), a0, a1);
                    default -> throw new IllegalArgumentException(where + ": Div of two tensors is not supported");
                }
                cOut = Math.max(c0, channelsOf.getOrDefault(x1, 0L));
            }
        }

        /** DepthToSpace (DCR; CRD by reordering the producing convolution). */
        void depthToSpace() {
            long bs = integer(at, "blocksize", 0);
            if (bs < 1 || bs > 16 || c0 % (bs * bs) != 0) {
                throw new IllegalArgumentException(where + ": attribute 'blocksize' must be an integer in [1, 16] whose square"
                        + " divides the " + c0 + " input channels, got " + (at.containsKey("blocksize") ? bs : "none"));
            }
            int s = (int) bs;
            String mode = string(at, "mode", "DCR");
            if (mode.equals("CRD")) crdToDcr(params, convOf.get(in0), consumers.getOrDefault(in0, 0), s, where);
            else if (!mode.equals("DCR")) throw new IllegalArgumentException(where + ": mode " + mode + " is not supported (supported: CRD, DCR)");
            b.addLayer(name, new PixelShuffle(s), input(vertexOf, in0, where));
            cOut = c0 / ((long) s * s);
        }

        /** Resize/Upsample by constant scales, as PyTorch's interpolations with align_corners=False. */
        void resize() {
            String mode = string(at, "mode", "nearest");
            String ctm = string(at, "coordinate_transformation_mode", n.getOpType().equals("Upsample") ? "asymmetric" : "half_pixel");
            INDArray scales = n.getOpType().equals("Upsample") ? constants.get(n.getInput(1))
                    : n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? constants.get(n.getInput(2)) : null;
            if (scales == null || scales.length() != 4 || scales.getDouble(0) != 1 || scales.getDouble(1) != 1) {
                throw new IllegalArgumentException(where + ": needs constant scales [1, 1, sh, sw] (export with scale_factor, not size)");
            }
            boolean ok = switch (mode) {
                case "nearest" -> ctm.equals("asymmetric")
                        && string(at, "nearest_mode", "floor").equals("floor");
                case "linear" -> ctm.equals("half_pixel") || ctm.equals("pytorch_half_pixel");
                case "cubic" -> (ctm.equals("half_pixel") || ctm.equals("pytorch_half_pixel"))
                        && Math.abs(real(at, "cubic_coeff_a", -0.75) + 0.75) < 1e-6
                        && integer(at, "exclude_outside", 0) == 0;
                default -> false;
            };
            if (!ok) {
                throw new IllegalArgumentException(where + ": mode " + mode + " with coordinate_transformation_mode " + ctm
                        + " is not supported (supported: PyTorch's nearest, bilinear and bicubic with align_corners=False)");
            }
            b.addLayer(name, new Resize(mode, scales.getDouble(2), scales.getDouble(3)), input(vertexOf, in0, where));
        }

        /** Concat along channels. */
        void concat() {
            long axis = integer(at, "axis", 0);
            if (axis != 1) throw new IllegalArgumentException(where + ": axis " + axis + " is not supported (supported: 1, channels)");
            String[] ins = new String[n.getInputCount()];
            cOut = 0;
            for (int i = 0; i < ins.length; i++) {
                ins[i] = input(vertexOf, n.getInput(i), where);
                cOut += channelsOf.getOrDefault(n.getInput(i), 0L);
            }
            b.addVertex(name, new MergeVertex(), ins);
        }

        /** GlobalAveragePool, or ReduceMean over H and W. */
        void globalAveragePool() {
            if (n.getOpType().equals("ReduceMean")) {
                long[] axes = ints(at, "axes");
                boolean keep = integer(at, "keepdims", 1) == 1;
                if (axes == null || axes.length != 2 || Math.min(axes[0], axes[1]) % 4 != 2 || Math.max(axes[0], axes[1]) % 4 != 3 || !keep) {
                    throw new IllegalArgumentException(where + ": only ReduceMean over H and W with keepdims=1 is supported");
                }
            }
            b.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(false).build(), input(vertexOf, in0, where));
        }
    }

    /** A node's weights in ONNX layout until the graph exists. */
    private record Params(Kind kind, INDArray w, INDArray b) {
        enum Kind { SD_CONV, DL4J, PRELU }

        Params withOutputOrder(int[] order) {
            INDArray w2 = Nd4j.pullRows(w.reshape(w.size(0), -1), 1, order).reshape(w.shape());
            INDArray b2 = Nd4j.pullRows(b.reshape(b.length(), 1), 1, order).reshape(b.length());
            return new Params(kind, w2, b2);
        }

        void assign(Map<String, INDArray> table, String layer, Path file) {
            switch (kind) {
                case SD_CONV -> {
                    table.get("W").assign(w.permute(2, 3, 1, 0).dup('c'));
                    table.get("b").assign(b.reshape(1, w.size(0)));
                }
                case DL4J -> {
                    INDArray tw = table.get("W");
                    if (tw.length() != w.length()) {
                        throw new IllegalArgumentException("ONNX weights of " + layer + " in " + file + ": " + java.util.Arrays.toString(w.shape())
                                + " does not fit the layer's " + java.util.Arrays.toString(tw.shape()));
                    }
                    tw.assign(w.reshape(tw.shape()));
                    table.get("b").assign(b.reshape(table.get("b").shape()));
                }
                case PRELU -> table.get("alpha").assign(w.reshape(table.get("alpha").shape()));
            }
        }
    }

    /** PyTorch's PixelShuffle is DepthToSpace CRD; rnd4j's {@link PixelShuffle} is DCR: reorder the producing Conv's outputs. */
    private static void crdToDcr(Map<String, Params> params, String conv, int consumers, int s, String where) {
        if (conv == null || consumers != 1 || !params.containsKey(conv)) {
            throw new IllegalArgumentException(where + ": DepthToSpace in CRD mode (PyTorch's PixelShuffle) is supported after a Conv"
                    + " whose output feeds only it");
        }
        Params p = params.get(conv);
        int total = (int) p.w().size(0), c = total / (s * s);
        int[] order = new int[total];
        for (int ab = 0; ab < s * s; ab++) {
            for (int k = 0; k < c; k++) order[ab * c + k] = k * s * s + ab;   // DCR channel (a·s+b)·C + k <- CRD channel k·s² + a·s + b
        }
        params.put(conv, p.withOutputOrder(order));
    }

    private static double[] channelValues(INDArray k, long channels, String where) {
        long[] s = k.shape();
        long n = k.length();
        boolean perChannel = n == channels && channels > 1 && switch (s.length) {
            case 1 -> true;
            case 3 -> s[1] == 1 && s[2] == 1;
            case 4 -> s[0] == 1 && s[2] == 1 && s[3] == 1;
            default -> false;
        };
        if (n != 1 && !perChannel) {
            throw new IllegalArgumentException(where + ": constant of shape " + java.util.Arrays.toString(s)
                    + " is not supported (supported: a scalar or one value per channel, [1, C, 1, 1])");
        }
        return k.castTo(DataType.DOUBLE).reshape(n).toDoubleVector();
    }

    private static double[] negate(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = -v[i];
        return r;
    }

    private static double clipBound(Onnx.NodeProto n, Map<String, Onnx.AttributeProto> at, int index, String attr, double none,
                                    Map<String, INDArray> constants, String where) {
        if (n.getInputCount() > index && !n.getInput(index).isEmpty()) {
            INDArray v = constants.get(n.getInput(index));
            if (v == null || v.length() != 1) throw new IllegalArgumentException(where + ": the " + attr + " bound must be a constant scalar");
            return v.getDouble(0);
        }
        return real(at, attr, none);
    }

    private static long integer(Map<String, Onnx.AttributeProto> at, String key, long otherwise) {
        return at.containsKey(key) ? at.get(key).getI() : otherwise;
    }

    private static double real(Map<String, Onnx.AttributeProto> at, String key, double otherwise) {
        return at.containsKey(key) ? at.get(key).getF() : otherwise;
    }

    private static String string(Map<String, Onnx.AttributeProto> at, String key, String otherwise) {
        return at.containsKey(key) ? at.get(key).getS().toStringUtf8() : otherwise;
    }

    /** A Conv/ConvTranspose weight: a 4-D constant. */
    private static INDArray weight(Onnx.NodeProto n, Map<String, INDArray> constants, String where) {
        INDArray w = n.getInputCount() > 1 ? constants.get(n.getInput(1)) : null;
        if (w == null || w.rank() != 4) throw new IllegalArgumentException(where + ": weight must be a 4-D initializer");
        return w;
    }

    /** A Conv/ConvTranspose bias: a constant of {@code outputs} values, zeros when absent. */
    private static INDArray bias(Onnx.NodeProto n, Map<String, INDArray> constants, long outputs, String where) {
        if (n.getInputCount() <= 2 || n.getInput(2).isEmpty()) return Nd4j.zeros(DataType.FLOAT, outputs);
        INDArray b = constants.get(n.getInput(2));
        if (b == null || b.length() != outputs) throw new IllegalArgumentException(where + ": bias must be an initializer of " + outputs + " values");
        return b;
    }

    /**
     * DL4J convolutions pad symmetrically: asymmetric {@code pads} ([top, left, bottom, right]) become a
     * zero-padding layer in front, and are then zeroed. Returns the vertex the convolution reads.
     */
    private static String symmetric(ComputationGraphConfiguration.GraphBuilder b, String name, String from, long[] pads) {
        if (pads[0] == pads[2] && pads[1] == pads[3]) return from;
        b.addLayer(name + "_pad", new ZeroPaddingLayer.Builder((int) pads[0], (int) pads[2], (int) pads[1], (int) pads[3]).build(), from);
        java.util.Arrays.fill(pads, 0);
        return name + "_pad";
    }

    /** An attribute of exactly {@code count} integers, each at least {@code min}, or {@code defaults} when absent. */
    private static long[] ints(Map<String, Onnx.AttributeProto> at, String key, String where, int count, long min, long... defaults) {
        long[] v = ints(at, key, defaults);
        if (v.length != count || java.util.Arrays.stream(v).anyMatch(x -> x < min || x > 4096)) {
            throw new IllegalArgumentException(where + ": attribute '" + key + "' must be " + count + " integers in [" + min
                    + ", 4096], got " + java.util.Arrays.toString(v));
        }
        return v;
    }

    private static long[] ints(Map<String, Onnx.AttributeProto> at, String key, long... defaults) {
        if (!at.containsKey(key)) return defaults.length == 0 ? null : defaults;
        return at.get(key).getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** Conv pads as [top, left, bottom, right] (explicit pads or VALID; SAME_UPPER/SAME_LOWER are refused). */
    private static long[] pads(Map<String, Onnx.AttributeProto> at, String where) {
        String auto = string(at, "auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET" -> { return ints(at, "pads", where, 4, 0, 0, 0, 0, 0); }
            case "VALID" -> { return new long[]{0, 0, 0, 0}; }
            default -> throw new IllegalArgumentException(where + ": auto_pad " + auto + " is not supported; export with explicit pads");
        }
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

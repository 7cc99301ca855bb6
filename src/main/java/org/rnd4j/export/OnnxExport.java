package org.rnd4j.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.layer.BroadcastMul;
import org.rnd4j.layer.ChannelAffine;
import org.rnd4j.layer.ChannelSlice;
import org.rnd4j.layer.Clip;
import org.rnd4j.layer.PRelu;
import org.rnd4j.layer.PinvLayer;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.Resize;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.layer.SdConv2d;
import org.rnd4j.operator.Colorization;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Inpainting;
import org.rnd4j.operator.Noisy;
import org.rnd4j.operator.OperatorSpec;
import org.rnd4j.operator.Operators;
import org.rnd4j.operator.Separable;
import org.rnd4j.operator.SuperResolution;

/**
 * Writes an rnd4j network as an ONNX model, the RND projection included: {@code A} and {@code A†}
 * become ONNX nodes (average pooling and nearest upsampling; the exact separable bicubic and blur
 * matrices as MatMuls; colorization and CS as convolutions with the stored weights; inpainting from
 * the mask channel), so {@code A x̂ = y} holds in any ONNX runtime. Input {@value #INPUT}: the
 * observation {@code [N, C, h, w]}, float intensities in [0, 1] (inpainting: the masked image and the
 * mask, 4 channels); output {@value #OUTPUT}: the restored image {@code [N, 3, H, W]}, not clipped.
 * Height and width stay dynamic unless the operator's matrices depend on them (bicubic, blur), where
 * the observation size must be given.
 */
public final class OnnxExport {
    public static final String INPUT = "y";
    public static final String OUTPUT = "x";
    public static final int DEFAULT_OPSET = 13;

    /** @param height observation height, or 0 (dynamic); @param rnd false: the backbone's {@code x_r} instead of {@code x̂} */
    public record Options(int height, int width, int opset, boolean rnd) {}

    private final ComputationGraph net;
    private final Options o;
    private final Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("rnd4j");
    private int counter;
    private Degradation op;

    private OnnxExport(ComputationGraph net, Options o) {
        this.net = net;
        this.o = o;
    }

    /** The ONNX model of {@code net}. @throws IllegalArgumentException one line naming what cannot be exported */
    public static Onnx.ModelProto export(ComputationGraph net, Options o) {
        if (o.opset() < 13 || o.opset() > 21) throw new IllegalArgumentException("--opset must be in [13, 21], got " + o.opset());
        return new OnnxExport(net, o).build();
    }

    private Onnx.ModelProto build() {
        ComputationGraphConfiguration conf = net.getConfiguration();
        if (conf.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("only networks with one input (the observation) can be exported, got " + conf.getNetworkInputs());
        }
        op = operator(conf);
        String estimate = RndGraphs.estimateOf(conf);
        String target = estimate;
        if (!o.rnd()) {
            GraphVertex v = conf.getVertices().get(estimate);
            if (!(v instanceof RndVertex)) throw new IllegalArgumentException("--no-rnd: this network has no RND vertex");
            target = conf.getVertexInputs().get(estimate).get(0);
        }
        Map<String, String> names = new java.util.HashMap<>();
        names.put(conf.getNetworkInputs().get(0), INPUT);
        for (int idx : net.topologicalSortOrder()) {
            String name = net.getVertices()[idx].getVertexName();
            if (names.containsKey(name)) continue;
            GraphVertex v = conf.getVertices().get(name);
            List<String> in = conf.getVertexInputs().get(name).stream().map(i -> {
                String n = names.get(i);
                if (n == null) throw new IllegalArgumentException("vertex '" + name + "' reads '" + i + "', which cannot be exported");
                return n;
            }).toList();
            names.put(name, vertex(name, v, in));
            if (name.equals(target)) break;
        }
        node("Identity", List.of(names.get(target)), OUTPUT);
        g.addInput(valueInfo(INPUT, op.observationChannels(3), o.height(), o.width()));
        g.addOutput(valueInfo(OUTPUT, 3, o.height() == 0 ? 0 : fullSize(o.height()), o.width() == 0 ? 0 : fullSize(o.width())));
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("rnd4j").setGraph(g)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(o.opset())).build();
    }

    /** The spec of the operator the RND vertex (or the A† layer) projects with. */
    private static OperatorSpec operatorSpec(ComputationGraphConfiguration conf) {
        OperatorSpec spec = null;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof RndVertex r) spec = r.getOperator();
            else if (spec == null && v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof PinvLayer p) spec = p.getOperator();
        }
        if (spec == null) throw new IllegalArgumentException("the network has no RND vertex or A† layer: it is not an rnd4j model");
        return spec;
    }

    /** Whether the export of {@code net} depends on the observation size (bicubic, blur: their exact matrices do). */
    public static boolean sizeDependent(ComputationGraph net) {
        return Operators.create(operatorSpec(net.getConfiguration())) instanceof Separable;
    }

    /** The operator the RND vertex (or the A† layer) projects with, if it can be exported. */
    private Degradation operator(ComputationGraphConfiguration conf) {
        OperatorSpec spec = operatorSpec(conf);
        Degradation d = Operators.create(spec);
        if (d instanceof Noisy) {
            throw new IllegalArgumentException("operators with observation noise (task.noise/lambda) cannot be exported yet: " + d.describe());
        }
        if (d instanceof Separable && (o.height() <= 0 || o.width() <= 0)) {
            throw new IllegalArgumentException(d.describe() + ": its exact A and A† matrices depend on the image size; give the"
                    + " observation's size with --size HxW");
        }
        if (!(d instanceof Separable) && !(d instanceof SuperResolution) && !(d instanceof Colorization)
                && !(d instanceof CompressedSensing) && !(d instanceof Inpainting)) {
            throw new IllegalArgumentException("operator " + d.describe() + " (" + spec.getKind() + ") cannot be exported");
        }
        return d;
    }

    /** Image size for an observation size (bicubic: ×scale, blur: ×decimation, others: the same or dynamic). */
    private int fullSize(int obs) {
        for (int n = obs; n <= obs * 16; n++) {
            if (op.observationSize(n) == obs && n % Math.max(1, op.spatialMultiple()) == 0) return n;
        }
        throw new IllegalArgumentException("no image size gives an observation of " + obs + " px for " + op.describe());
    }

    private String vertex(String name, GraphVertex v, List<String> in) {
        if (v instanceof LayerVertex lv) return layer(name, lv.getLayerConf().getLayer(), in);
        if (v instanceof RndVertex) return rnd(in.get(0), in.get(1));
        if (v instanceof ResidualAdd) return add(in.get(0), in.get(1));
        if (v instanceof ElementWiseVertex e && in.size() == 2) {
            switch (e.getOp()) {
                case Add: return add(in.get(0), in.get(1));
                case Subtract: return sub(in.get(0), in.get(1));
                case Product: return mul(in.get(0), in.get(1));
                default: break;
            }
        }
        if (v instanceof org.rnd4j.layer.Blend) {        // x + ρ (p − x)
            float rho = net.getVertex(name).paramTable(false).get("rho").getFloat(0);
            return add(in.get(0), mul(sub(in.get(1), in.get(0)), scalar(rho)));
        }
        if (v instanceof BroadcastMul) return mul(in.get(0), in.get(1));
        if (v instanceof MergeVertex) return node("Concat", in, fresh(name), integer("axis", 1));
        throw unsupported(name, v.getClass().getSimpleName());
    }

    /** What export maps, for the one-line refusal. */
    public static final String SUPPORTED = "SdConv2d, PixelShuffle, the A† layer, the RND vertex, the loss, Blend, SoftThreshold,"
            + " average SubsamplingLayer (the resunet and unfolded backbones); imported ONNX layers (DL4J"
            + " ConvolutionLayer, DepthwiseConvolution2D, Deconvolution2D, Cropping2D, ActivationLayer relu/leakyrelu/sigmoid/tanh,"
            + " GlobalPoolingLayer avg, PRelu, Clip, ChannelAffine, ChannelSlice, Resize, BroadcastMul); vertices ResidualAdd,"
            + " ElementWiseVertex add/subtract/product, MergeVertex";

    private static IllegalArgumentException unsupported(String name, String type) {
        return new IllegalArgumentException("cannot export '" + name + "' (" + type + "): rnd4j export maps " + SUPPORTED
                + "; a SameDiffBlock of your own has no ONNX form");
    }

    private String layer(String name, Layer l, List<String> in) {
        if (l instanceof SdConv2d c) {
            Map<String, INDArray> p = net.getLayer(name).paramTable();
            INDArray w = p.get("W").permute(3, 2, 0, 1).dup('c');          // [k, k, in, out] → [out, in, k, k]
            int k = c.getKernel(), pad = k / 2;
            String out = node("Conv", List.of(in.get(0), constant(w), constant(p.get("b").reshape(c.getNOut()))), fresh(name),
                    ints("kernel_shape", k, k), ints("pads", pad, pad, pad, pad), ints("strides", 1, 1));
            return c.isRelu() ? node("Relu", List.of(out), fresh(name + "_relu")) : out;
        }
        if (l instanceof PixelShuffle s) {
            return node("DepthToSpace", List.of(in.get(0)), fresh(name), integer("blocksize", s.getScale()), text("mode", "DCR"));
        }
        if (l instanceof PinvLayer) return pinv(in.get(0));
        if (l instanceof org.rnd4j.layer.SoftThreshold) {   // relu(z − θ) − relu(−z − θ)
            String theta = scalar(net.getLayer(name).paramTable().get("theta").getFloat(0));
            String pos = node("Relu", List.of(sub(in.get(0), theta)), fresh(name + "_pos"));
            String neg = node("Relu", List.of(sub(node("Neg", List.of(in.get(0)), fresh(name + "_neg")), theta)), fresh(name + "_negrelu"));
            return sub(pos, neg);
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer sl
                && sl.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.AVG
                && sl.getConvolutionMode() != org.deeplearning4j.nn.conf.ConvolutionMode.Same
                && sl.getPadding()[0] == 0 && sl.getPadding()[1] == 0) {
            int[] k = sl.getKernelSize(), st = sl.getStride();
            return node("AveragePool", List.of(in.get(0)), fresh(name), ints("kernel_shape", k[0], k[1]), ints("strides", st[0], st[1]));
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer || l instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer) {
            return in.get(0);
        }
        String x = in.get(0);
        Map<String, INDArray> p = net.getLayer(name).paramTable();
        if (l instanceof DepthwiseConvolution2D c) {   // DL4J [kh, kw, C, m] -> ONNX [C·m, 1, kh, kw], group C
            checkTruncate(name, c.getConvolutionMode());
            INDArray w = p.get("W");
            long kh = w.size(0), kw = w.size(1), ch = w.size(2), m = w.size(3);
            INDArray ow = w.permute(2, 3, 0, 1).dup('c').reshape(ch * m, 1, kh, kw);
            return activation(name, c.getActivationFn(), node("Conv", withBias(List.of(x, constant(ow)), p, ch * m), fresh(name),
                    ints("kernel_shape", kh, kw), ints("strides", c.getStride()[0], c.getStride()[1]),
                    ints("dilations", c.getDilation()[0], c.getDilation()[1]), pads(c.getPadding()), integer("group", ch)));
        }
        if (l instanceof Deconvolution2D c) {          // DL4J's weights are ONNX's [in, out, kh, kw]
            checkTruncate(name, c.getConvolutionMode());
            INDArray w = p.get("W");
            return activation(name, c.getActivationFn(), node("ConvTranspose", withBias(List.of(x, constant(w)), p, w.size(1)),
                    fresh(name), ints("kernel_shape", w.size(2), w.size(3)), ints("strides", c.getStride()[0], c.getStride()[1]),
                    ints("dilations", c.getDilation()[0], c.getDilation()[1]), pads(c.getPadding())));
        }
        if (l instanceof ConvolutionLayer c) {         // DL4J's weights are ONNX's [out, in, kh, kw]
            checkTruncate(name, c.getConvolutionMode());
            INDArray w = p.get("W");
            String out = node("Conv", withBias(List.of(x, constant(w)), p, w.size(0)), fresh(name),
                    ints("kernel_shape", w.size(2), w.size(3)), ints("strides", c.getStride()[0], c.getStride()[1]),
                    ints("dilations", c.getDilation()[0], c.getDilation()[1]), pads(c.getPadding()));
            return activation(name, c.getActivationFn(), out);
        }
        if (l instanceof Cropping2D c) {
            int[] k = c.getCropping();                  // top, bottom, left, right
            return node("Slice", List.of(x, longs(k[0], k[2]), longs(k[1] == 0 ? Long.MAX_VALUE : -k[1], k[3] == 0 ? Long.MAX_VALUE : -k[3]),
                    longs(2, 3)), fresh(name));
        }
        if (l instanceof ActivationLayer a) return activation(name, a.getActivationFn(), x);
        if (l instanceof GlobalPoolingLayer gp && gp.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.AVG
                && !gp.isCollapseDimensions()) {
            return node("GlobalAveragePool", List.of(x), fresh(name));
        }
        if (l instanceof PRelu pr) {
            return node("PRelu", List.of(x, constant(p.get("alpha").reshape(pr.getChannels(), 1, 1))), fresh(name));
        }
        if (l instanceof Clip c) {
            return node("Clip", List.of(x, scalar((float) c.getLo()), scalar((float) c.getHi())), fresh(name));
        }
        if (l instanceof ChannelAffine a) {
            return add(mul(x, perChannel(a.getScale())), perChannel(a.getShift()));
        }
        if (l instanceof ChannelSlice c) {
            return node("Slice", List.of(x, longs(c.getFrom()), longs(c.getTo() + 1L), longs(1)), fresh(name));
        }
        if (l instanceof Resize r) {
            List<Onnx.AttributeProto> at = new ArrayList<>(List.of(text("mode", r.getMode())));
            switch (r.getMode()) {
                case "nearest" -> {
                    at.add(text("coordinate_transformation_mode", "asymmetric"));
                    at.add(text("nearest_mode", "floor"));
                }
                case "cubic" -> {
                    at.add(text("coordinate_transformation_mode", "half_pixel"));
                    at.add(real("cubic_coeff_a", -0.75f));
                }
                default -> at.add(text("coordinate_transformation_mode", "half_pixel"));
            }
            return node("Resize", List.of(x, "", constant(new float[]{1, 1, (float) r.getScaleH(), (float) r.getScaleW()}, 4)),
                    fresh(name), at.toArray(new Onnx.AttributeProto[0]));
        }
        throw unsupported(name, l.getClass().getSimpleName());
    }

    private static void checkTruncate(String name, org.deeplearning4j.nn.conf.ConvolutionMode mode) {
        if (mode != null && mode != org.deeplearning4j.nn.conf.ConvolutionMode.Truncate) {
            throw new IllegalArgumentException("cannot export '" + name + "': convolution mode " + mode + " (only Truncate, with explicit"
                    + " padding, as rnd4j's ONNX import writes it)");
        }
    }

    private List<String> withBias(List<String> in, Map<String, INDArray> p, long out) {
        if (!p.containsKey("b")) return in;
        List<String> all = new ArrayList<>(in);
        all.add(constant(p.get("b").reshape(out)));
        return all;
    }

    private String activation(String name, org.nd4j.linalg.activations.IActivation fn, String x) {
        if (fn == null || fn instanceof org.nd4j.linalg.activations.impl.ActivationIdentity) return x;
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationReLU) return node("Relu", List.of(x), fresh(name));
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationSigmoid) return node("Sigmoid", List.of(x), fresh(name));
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationTanH) return node("Tanh", List.of(x), fresh(name));
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationLReLU lr) {
            return node("LeakyRelu", List.of(x), fresh(name), real("alpha", (float) lr.getAlpha()));
        }
        throw new IllegalArgumentException("cannot export '" + name + "': activation " + fn + " (supported: identity, relu, leakyrelu,"
                + " sigmoid, tanh)");
    }

    private static Onnx.AttributeProto pads(int[] p) {
        return ints("pads", p[0], p[1], p[0], p[1]);
    }

    /** A per-channel constant {@code [1, C, 1, 1]}, or a scalar for one value. */
    private String perChannel(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return v.length == 1 ? constant(f) : constant(f, 1, v.length, 1, 1);
    }

    private String scalar(float v) {
        return constant(new float[]{v});
    }

    // ---- the operator as ONNX nodes

    /** {@code x̂ = A†y + (I − A†A) x_r}. */
    private String rnd(String xr, String y) {
        if (op instanceof Inpainting) {
            String m = channels(y, 3, 4);
            return add(pinv(y), sub(xr, mul(xr, m)));
        }
        return add(xr, pinv(sub(y, apply(xr))));   // x_r + A†(y − A x_r): one A and one A†, the order rnd4j projects in
    }

    private String apply(String x) {
        if (op instanceof SuperResolution sr) {
            int s = sr.upscale();
            return node("AveragePool", List.of(x), fresh("A"), ints("kernel_shape", s, s), ints("strides", s, s));
        }
        if (op instanceof Separable sep) {
            double[][][] h = sep.matrices(fullSize(o.height())), w = sep.matrices(fullSize(o.width()));
            return node("MatMul", List.of(node("MatMul", List.of(constant(h[0]), x), fresh("A_rows")), constant(transpose(w[0]))), fresh("A"));
        }
        if (op instanceof Colorization c) return conv1x1(x, c.convolutionWeights()[0], "A");
        if (op instanceof CompressedSensing cs) {
            INDArray w = cs.convolutionWeights()[0].permute(3, 2, 0, 1).dup('c');
            int b = cs.block();
            return node("Conv", List.of(x, constant(w)), fresh("A"), ints("kernel_shape", b, b), ints("strides", b, b));
        }
        throw new IllegalStateException(op.describe());
    }

    private String pinv(String y) {
        if (op instanceof SuperResolution sr) {
            int s = sr.upscale();
            return node("Resize", List.of(y, "", constant(new float[]{1, 1, s, s}, 4)), fresh("pinv"), text("mode", "nearest"),
                    text("coordinate_transformation_mode", "asymmetric"), text("nearest_mode", "floor"));
        }
        if (op instanceof Separable sep) {
            double[][][] h = sep.matrices(fullSize(o.height())), w = sep.matrices(fullSize(o.width()));
            return node("MatMul", List.of(node("MatMul", List.of(constant(h[1]), y), fresh("pinv_rows")), constant(transpose(w[1]))),
                    fresh("pinv"));
        }
        if (op instanceof Colorization c) return conv1x1(y, c.convolutionWeights()[1], "pinv");
        if (op instanceof CompressedSensing cs) {
            String blocks = conv1x1(y, cs.convolutionWeights()[1], "pinv_blocks");
            return node("DepthToSpace", List.of(blocks), fresh("pinv"), integer("blocksize", cs.block()), text("mode", "DCR"));
        }
        if (op instanceof Inpainting) return mul(channels(y, 0, 3), channels(y, 3, 4));
        throw new IllegalStateException(op.describe());
    }

    private String conv1x1(String x, INDArray yxio, String name) {
        return node("Conv", List.of(x, constant(yxio.permute(3, 2, 0, 1).dup('c'))), fresh(name), ints("kernel_shape", 1, 1));
    }

    private String channels(String y, long from, long to) {
        return node("Slice", List.of(y, longs(from), longs(to), longs(1)), fresh("slice"));
    }

    private String add(String a, String b) { return node("Add", List.of(a, b), fresh("add")); }
    private String sub(String a, String b) { return node("Sub", List.of(a, b), fresh("sub")); }
    private String mul(String a, String b) { return node("Mul", List.of(a, b), fresh("mul")); }

    // ---- protobuf helpers

    private String fresh(String base) {
        return base + "_" + (counter++);
    }

    private String node(String type, List<String> inputs, String output, Onnx.AttributeProto... attrs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(type).setName(output).addOutput(output);
        inputs.forEach(n::addInput);
        for (Onnx.AttributeProto a : attrs) n.addAttribute(a);
        g.addNode(n);
        return output;
    }

    private String constant(INDArray a) {
        INDArray f = a.castTo(DataType.FLOAT).dup('c');
        return constant(f.data().asFloat(), f.shape());
    }

    private String constant(double[][] m) {
        float[] v = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) v[i * m[0].length + j] = (float) m[i][j];
        return constant(v, m.length, m[0].length);
    }

    private String constant(float[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        b.flip();
        String name = fresh("const");
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(b));
        for (long d : shape) t.addDims(d);
        g.addInitializer(t);
        return name;
    }

    /** An int64 vector. */
    private String longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        b.flip();
        String name = fresh("const");
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.INT64.getNumber())
                .setRawData(ByteString.copyFrom(b)).addDims(v.length);
        g.addInitializer(t);
        return name;
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) t[j][i] = m[i][j];
        return t;
    }

    private static Onnx.AttributeProto ints(String name, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    private static Onnx.AttributeProto integer(String name, long v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static Onnx.AttributeProto real(String name, float v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static Onnx.AttributeProto text(String name, String v) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    /** A float tensor {@code [N, c, h, w]}; a size of 0 is dynamic. */
    private static Onnx.ValueInfoProto valueInfo(String name, long c, int h, int w) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(c));
        s.addDim(h > 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(h)
                : Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(name.equals(INPUT) ? "h" : "H"));
        s.addDim(w > 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(w)
                : Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(name.equals(INPUT) ? "w" : "W"));
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder().setTensorType(
                Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber()).setShape(s))).build();
    }
}

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
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.layer.PinvLayer;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.layer.ResidualAdd;
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

    /** The operator the RND vertex (or the A† layer) projects with. */
    private Degradation operator(ComputationGraphConfiguration conf) {
        OperatorSpec spec = null;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof RndVertex r) spec = r.getOperator();
            else if (spec == null && v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof PinvLayer p) spec = p.getOperator();
        }
        if (spec == null) throw new IllegalArgumentException("the network has no RND vertex or A† layer: it is not an rnd4j model");
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
        if (v instanceof ResidualAdd || v instanceof ElementWiseVertex e && e.getOp() == ElementWiseVertex.Op.Add) {
            return add(in.get(0), in.get(1));
        }
        throw new IllegalArgumentException("cannot export vertex '" + name + "' (" + v.getClass().getSimpleName()
                + "): rnd4j export maps SdConv2d, PixelShuffle, ResidualAdd, the A† layer, the RND vertex and the loss");
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
        if (l instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer || l instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer) {
            return in.get(0);
        }
        throw new IllegalArgumentException("cannot export layer '" + name + "' (" + l.getClass().getSimpleName()
                + "): rnd4j export maps SdConv2d, PixelShuffle, ResidualAdd, the A† layer, the RND vertex and the loss");
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
        return node("Slice", List.of(y, constantLong(from), constantLong(to), constantLong(1)), fresh("slice"));
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

    private String constantLong(long v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        b.flip();
        String name = fresh("const");
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.INT64.getNumber())
                .setRawData(ByteString.copyFrom(b)).addDims(1);
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

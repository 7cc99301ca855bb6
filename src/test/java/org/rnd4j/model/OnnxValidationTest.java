package org.rnd4j.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed attributes and graphs of an ONNX file end in one line naming the node and the attribute, before anything is built. */
class OnnxValidationTest {
    @TempDir
    Path tmp;

    /** espcn.onnx (Conv, Tanh, DepthToSpace) with {@code edit} applied to its graph. */
    private Path edited(String name, UnaryOperator<Onnx.GraphProto.Builder> edit) throws Exception {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(OnnxReaderTest.DIR.resolve("espcn.onnx")));
        Onnx.ModelProto.Builder b = m.toBuilder();
        b.setGraph(edit.apply(m.getGraph().toBuilder()));
        Path f = tmp.resolve(name + ".onnx");
        Files.write(f, b.build().toByteArray());
        return f;
    }

    private static int first(Onnx.GraphProto.Builder g, String op) {
        for (int i = 0; i < g.getNodeCount(); i++) if (g.getNode(i).getOpType().equals(op)) return i;
        throw new IllegalStateException("no " + op);
    }

    private static Onnx.GraphProto.Builder attr(Onnx.GraphProto.Builder g, String op, String key, Onnx.AttributeProto value) {
        int i = first(g, op);
        Onnx.NodeProto.Builder n = g.getNode(i).toBuilder();
        for (int k = n.getAttributeCount() - 1; k >= 0; k--) if (n.getAttribute(k).getName().equals(key)) n.removeAttribute(k);
        if (value != null) n.addAttribute(value);
        return g.setNode(i, n);
    }

    private static Onnx.AttributeProto ints(String key, long... v) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(key).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long x : v) a.addInts(x);
        return a.build();
    }

    private static Onnx.AttributeProto integer(String key, long v) {
        return Onnx.AttributeProto.newBuilder().setName(key).setType(Onnx.AttributeProto.AttributeType.INT).setI(v).build();
    }

    private void refused(Path f, String... expected) {
        var t = assertThatThrownBy(() -> OnnxReader.load(f, "x", "xr")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.getFileName().toString()).hasMessageNotContaining("\n");
        for (String e : expected) t.hasMessageContaining(e);
    }

    @Test
    void depthToSpaceNeedsAPositiveBlocksize() throws Exception {
        refused(edited("d2s-none", g -> attr(g, "DepthToSpace", "blocksize", null)), "DepthToSpace", "'blocksize'", "none");
        refused(edited("d2s-zero", g -> attr(g, "DepthToSpace", "blocksize", integer("blocksize", 0))), "'blocksize'", "got 0");
        refused(edited("d2s-neg", g -> attr(g, "DepthToSpace", "blocksize", integer("blocksize", -2))), "'blocksize'", "got -2");
    }

    @Test
    void convolutionAttributesHaveTheirLengthsAndRanges() throws Exception {
        refused(edited("strides", g -> attr(g, "Conv", "strides", ints("strides", 1))), "(Conv)", "'strides'", "[1]");
        refused(edited("pads", g -> attr(g, "Conv", "pads", ints("pads", 1, 1))), "'pads'", "4 integers");
        refused(edited("dilations", g -> attr(g, "Conv", "dilations", ints("dilations", 0, 0))), "'dilations'", "[0, 0]");
    }

    @Test
    void graphsMustBeWellFormed() throws Exception {
        refused(edited("no-output", g -> g.setNode(first(g, "Tanh"), g.getNode(first(g, "Tanh")).toBuilder().clearOutput())),
                "Tanh", "has no output");
        refused(edited("cycle", g -> {
            java.util.List<Onnx.NodeProto> nodes = new java.util.ArrayList<>(g.getNodeList());
            java.util.Collections.reverse(nodes);
            return g.clearNode().addAllNode(nodes);
        }), "not produced by an earlier node", "acyclic");
    }

    /** x [1, c, 8, 8] → Conv (3 outputs, 3×3, pads 1) → optional Clip(min, max) → xr. */
    private Path tiny(String name, int c, Double min, Double max) throws Exception {
        Onnx.TensorProto.Builder w = Onnx.TensorProto.newBuilder().setName("w").setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(java.util.List.of(3L, (long) c, 3L, 3L));
        for (int i = 0; i < 27 * c; i++) w.addFloatData(0.01f * (i % 7));
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (long d : new long[]{1, c, 8, 8}) shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().addInitializer(w)
                .addInput(Onnx.ValueInfoProto.newBuilder().setName("x").setType(Onnx.TypeProto.newBuilder()
                        .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))))
                .addNode(Onnx.NodeProto.newBuilder().setName("conv").setOpType("Conv").addInput("x").addInput("w")
                        .addOutput(min == null ? "xr" : "c").addAttribute(ints("pads", 1, 1, 1, 1)));
        if (min != null) {
            g.addNode(Onnx.NodeProto.newBuilder().setName("clip").setOpType("Clip").addInput("c").addOutput("xr")
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName("min").setType(Onnx.AttributeProto.AttributeType.FLOAT)
                            .setF(min.floatValue()))
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName("max").setType(Onnx.AttributeProto.AttributeType.FLOAT)
                            .setF(max.floatValue())));
        }
        Path f = tmp.resolve(name + ".onnx");
        Files.write(f, Onnx.ModelProto.newBuilder().setGraph(g).build().toByteArray());
        return f;
    }

    @Test
    void clipBoundsMustBeAnInterval() throws Exception {
        org.assertj.core.api.Assertions.assertThat(OnnxReader.load(tiny("clip-ok", 3, 0.0, 1.0), "x", "xr")).isNotNull();
        refused(tiny("clip-nan", 3, Double.NaN, 1.0), "(Clip)", "not an interval");
        refused(tiny("clip-reversed", 3, 1.0, 0.0), "(Clip)", "not an interval");
    }

    /** A 1-channel network fine-tuned on a 3-channel task: one line naming the source, not DL4J's exception class. */
    @Test
    void aNetworkForOtherChannelsIsRefusedInOneLine() throws Exception {
        org.rnd4j.TestData.folders(tmp);
        Path net = tiny("gray", 1, null, null);
        org.rnd4j.TestData.finetune(tmp, "ft-gray", "{from: " + net + ", input: x, output: xr, feed: pinv}", 2, true);
        org.rnd4j.Cli.Run r = org.rnd4j.Cli.run("train", tmp.resolve("ft-gray.yaml").toString());
        org.assertj.core.api.Assertions.assertThat(r.code()).isNotZero();
        org.assertj.core.api.Assertions.assertThat(r.err().strip()).startsWith("rnd4j: ").contains("gray.onnx")
                .doesNotContain("unexpected error").doesNotContain("\n");
    }
}

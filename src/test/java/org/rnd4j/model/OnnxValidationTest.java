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
}

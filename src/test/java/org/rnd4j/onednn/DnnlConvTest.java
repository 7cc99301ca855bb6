package org.rnd4j.onednn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The direct oneDNN convolution against libnd4j's {@code conv2d}/{@code conv2d_bp} (the path it
 * replaces, itself checked against SameDiff and finite differences in EagerExecutionTest), for
 * arrays in dense NCHW memory, NHWC-backed views and views with an offset, as ConvRuntime hands
 * them over; twice per layer object, so reused primitives are covered.
 */
class DnnlConvTest {

    static Stream<Arguments> cases() {
        // nIn, nOut, kernel, batch, size, input layout, output-gradient layout, input-gradient layout
        return Stream.of(
                Arguments.of(64, 64, 3, 16, 24, "nhwc", "nhwc", "nchw"),   // the benchmark's shape: Winograd forward on AVX-512
                Arguments.of(16, 16, 3, 2, 12, "nhwc", "nhwc", "nchw"),
                Arguments.of(16, 16, 3, 2, 12, "nchw", "nchw", "nhwc"),
                Arguments.of(3, 16, 3, 2, 10, "nchw", "nchw", "nchw"),
                Arguments.of(16, 12, 5, 1, 9, "offset", "nhwc", "nhwc"),
                Arguments.of(8, 4, 1, 3, 7, "nhwc", "offset", "nchw"));
    }

    static INDArray array(String layout, long n, long c, long h, long w, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return switch (layout) {
            case "nhwc" -> Nd4j.rand(DataType.FLOAT, n, h, w, c).subi(0.5).permute(0, 3, 1, 2);
            case "nchw" -> Nd4j.rand(DataType.FLOAT, n, c, h, w).subi(0.5);
            // a view that does not start at its buffer's first element
            case "offset" -> Nd4j.rand(DataType.FLOAT, n + 1, c, h, w).subi(0.5).get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(1, n + 1));
            default -> throw new IllegalArgumentException(layout);
        };
    }

    @ParameterizedTest(name = "{0}->{1} k{2} x:{5} gO:{6} dx:{7}")
    @MethodSource("cases")
    void matchesLibnd4j(int nIn, int nOut, int k, int n, int size, String xLayout, String gLayout, String dxLayout) {
        assertThat(DnnlConv.usable(Nd4j.ones(DataType.FLOAT, 1))).as("oneDNN loads on this machine").isTrue();
        DnnlConv conv = new DnnlConv(nIn, nOut, k, false);
        for (int round = 0; round < 2; round++) {
            INDArray x = array(xLayout, n, nIn, size, size, 1 + round);
            INDArray gO = array(gLayout, n, nOut, size, size, 2 + round);
            Nd4j.getRandom().setSeed(3 + round);
            INDArray w = Nd4j.rand(DataType.FLOAT, k, k, nIn, nOut).subi(0.5);
            INDArray b = Nd4j.rand(DataType.FLOAT, nOut);
            int[] args = {k, k, 1, 1, 0, 0, 1, 1, 1, 1, 0};
            INDArray xNhwc = x.permute(0, 2, 3, 1).dup('c');
            INDArray gNhwc = gO.permute(0, 2, 3, 1).dup('c');
            INDArray zRef = Nd4j.create(DataType.FLOAT, n, size, size, nOut);
            INDArray dxRef = Nd4j.create(DataType.FLOAT, n, size, size, nIn);
            INDArray gwRef = Nd4j.create(DataType.FLOAT, k, k, nIn, nOut);
            INDArray gbRef = Nd4j.create(DataType.FLOAT, nOut);
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(xNhwc, w, b).addOutputs(zRef).addIntegerArguments(args).build());
            Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(xNhwc, w, b, gNhwc).addOutputs(dxRef, gwRef, gbRef)
                    .addIntegerArguments(args).build());

            INDArray z = Nd4j.create(DataType.FLOAT, n, size, size, nOut).permute(0, 3, 1, 2);
            conv.forward(x, w, b, z);
            INDArray dx = array(dxLayout, n, nIn, size, size, 9).assign(Float.NaN);
            // the parameter gradients are views into DL4J's flattened gradient array
            INDArray flat = Nd4j.create(DataType.FLOAT, 5 + (long) k * k * nIn * nOut + nOut).assign(Float.NaN);
            INDArray gw = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 5 + (long) k * k * nIn * nOut))
                    .reshape('c', k, k, nIn, nOut);
            INDArray gb = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(5 + (long) k * k * nIn * nOut, flat.length()));
            conv.backward(x, w, gO, dx, gw, gb);

            assertThat(rel(z, zRef.permute(0, 3, 1, 2))).as("output").isLessThan(1e-5);
            assertThat(rel(dx, dxRef.permute(0, 3, 1, 2))).as("input gradient").isLessThan(1e-5);
            // sums over batch and pixels (9216 terms in the first case), in another order with Winograd
            assertThat(rel(gw, gwRef)).as("weight gradient").isLessThan(1e-4);
            assertThat(rel(gb, gbRef)).as("bias gradient").isLessThan(1e-4);
            assertThat(flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)).isNaN().all()).as("nothing written before the view").isTrue();
        }
        // oneDNN's reference kernel is what a poor layout choice falls to (the NCHW head convolution did)
        assertThat(conv.forwardImpls()).doesNotContain("ref:");
    }

    @ParameterizedTest(name = "gradient layout {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"nhwc", "nchw"})
    void reluIsFusedIntoTheForwardAndMasksTheGradient(String gLayout) {
        assertThat(DnnlConv.usable(Nd4j.ones(DataType.FLOAT, 1))).as("oneDNN loads on this machine").isTrue();
        DnnlConv conv = new DnnlConv(8, 16, 3, true);
        INDArray x = array("nhwc", 2, 8, 10, 10, 11);
        Nd4j.getRandom().setSeed(12);
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, 8, 16).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 16).subi(0.5);
        INDArray zRef = Nd4j.create(DataType.FLOAT, 2, 10, 10, 16);
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x.permute(0, 2, 3, 1).dup('c'), w, b).addOutputs(zRef)
                .addIntegerArguments(3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 0).build());
        INDArray z = Nd4j.create(DataType.FLOAT, 2, 10, 10, 16).permute(0, 3, 1, 2);
        conv.forward(x, w, b, z);
        INDArray relu = org.nd4j.linalg.ops.transforms.Transforms.relu(zRef.permute(0, 3, 1, 2), true);
        assertThat(rel(z, relu)).as("relu(conv)").isLessThan(1e-5);
        assertThat(z.lt(0).any()).isFalse();
        assertThat(z.eq(0).any()).as("some outputs are clipped").isTrue();

        INDArray delta = array(gLayout, 2, 16, 10, 10, 13);
        INDArray masked = Nd4j.create(DataType.FLOAT, 2, 10, 10, 16).permute(0, 3, 1, 2).assign(Float.NaN);
        if (conv.reluBackward(z, delta, masked)) {
            assertThat(rel(masked, delta.mul(z.gt(0).castTo(DataType.FLOAT)))).isLessThan(1e-7);
        } else {
            assertThat(gLayout).as("only mixed layouts fall back").isEqualTo("nchw");
            assertThat(masked.isNaN().all()).as("untouched when declined").isTrue();
        }
    }

    @org.junit.jupiter.api.Test
    void primitivesOfOldShapesAreDroppedAndRemade() {
        assertThat(DnnlConv.usable(Nd4j.ones(DataType.FLOAT, 1))).isTrue();
        DnnlConv conv = new DnnlConv(4, 4, 3, false);
        Nd4j.getRandom().setSeed(21);
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 3, 4, 4).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 4);
        // more sizes than the cache keeps, then the first again
        for (int size : new int[]{5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 5}) {
            INDArray x = array("nchw", 1, 4, size, size, size);
            INDArray ref = Nd4j.create(DataType.FLOAT, 1, size, size, 4);
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x.permute(0, 2, 3, 1).dup('c'), w, b).addOutputs(ref)
                    .addIntegerArguments(3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 0).build());
            INDArray z = Nd4j.create(DataType.FLOAT, 1, size, size, 4).permute(0, 3, 1, 2);
            conv.forward(x, w, b, z);
            assertThat(rel(z, ref.permute(0, 3, 1, 2))).as("size " + size).isLessThan(1e-5);
        }
    }

    private static double rel(INDArray a, INDArray ref) {
        return a.sub(ref).amaxNumber().doubleValue() / Math.max(1e-12, ref.amaxNumber().doubleValue());
    }
}

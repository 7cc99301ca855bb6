package org.rnd4j.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.operator.Colorization;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.SuperResolution;

/** The RND vertex inside real ComputationGraphs: exact consistency while training, serialisation, cloning. */
class RndVertexTest {

    static Stream<Arguments> tasks() {
        return Stream.of(
                Arguments.of("edsr", new SuperResolution(4), 32),
                Arguments.of("resnet", new Colorization(new double[]{0.299, 0.587, 0.114}), 16),
                Arguments.of("resnet", CompressedSensing.seeded(8, 0.25, 5, 3), 32));
    }

    static double consistency(Degradation op, INDArray xhat, INDArray y) {
        return op.apply(xhat).sub(y).amaxNumber().doubleValue();
    }

    static ComputationGraph graph(String name, Degradation op, int size, boolean rnd) {
        ComputationGraphConfiguration conf = org.rnd4j.TestData.backbone(name, op, 8, 1, rnd,
                op.observationSize(size), op.observationSize(size), new Adam(1e-3), 12345);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    static MultiDataSet batch(Degradation op, int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        // smooth-ish images: upsampled noise, so the task is learnable
        INDArray x = new SuperResolution(4).pinv(Nd4j.rand(DataType.FLOAT, 4, 3, size / 4, size / 4));
        return new MultiDataSet(op.apply(x), x);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tasks")
    void graphTrainsWithExactConsistency(String name, Degradation op, int size) {
        ComputationGraph g = graph(name, op, size, true);
        MultiDataSet data = batch(op, size, 1);
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            g.fit(data);
            losses.add(g.score());
        }
        assertThat(losses.get(losses.size() - 1)).as("loss after 15 steps vs first").isLessThan(losses.get(0));
        INDArray y = data.getFeatures(0);
        INDArray xhat = g.outputSingle(y);
        assertThat(consistency(op, xhat, y)).isLessThan(1e-5);
        // a different spatial size at inference
        MultiDataSet other = batch(op, size * 2, 2);
        INDArray y2 = other.getFeatures(0);
        assertThat(consistency(op, g.outputSingle(y2), y2)).isLessThan(1e-5);
    }

    @Test
    void withoutRndTheBackboneIsNotConsistent() {
        Degradation op = new SuperResolution(4);
        ComputationGraph g = graph("edsr", op, 32, false);
        INDArray y = batch(op, 32, 1).getFeatures(0);
        assertThat(consistency(op, g.outputSingle(y), y)).isGreaterThan(1e-3);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tasks")
    void survivesModelSerializerAndClone(String name, Degradation op, int size, @TempDir Path dir) throws Exception {
        ComputationGraph g = graph(name, op, size, true);
        MultiDataSet data = batch(op, size, 3);
        g.fit(data);
        File f = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, true);
        ComputationGraph cloned = g.clone();
        INDArray y = data.getFeatures(0);
        INDArray out = g.outputSingle(y);
        assertThat(restored.outputSingle(y).equalsWithEps(out, 0)).isTrue();
        assertThat(cloned.outputSingle(y).equalsWithEps(out, 0)).isTrue();
        // training continues identically after restore (updater state included)
        g.fit(data);
        restored.fit(data);
        assertThat(restored.score()).isEqualTo(g.score());
        assertThat(consistency(op, restored.outputSingle(y), y)).isLessThan(1e-5);
        assertThat(restored.getConfiguration().getVertices().get(RndGraphs.ESTIMATE))
                .isEqualTo(g.getConfiguration().getVertices().get(RndGraphs.ESTIMATE));
    }

    @Test
    void mismatchedObservationIsRejectedWithBothShapes() {
        Degradation op = new SuperResolution(4);
        assertThatThrownBy(() -> Shapes.checkObservationMatches(op,
                org.deeplearning4j.nn.conf.inputs.InputType.convolutional(64, 64, 3),
                org.deeplearning4j.nn.conf.inputs.InputType.convolutional(32, 32, 3), "RND vertex"))
                .hasMessageContaining("3x64x64").hasMessageContaining("3x32x32").hasMessageContaining("3x16x16");
    }
}

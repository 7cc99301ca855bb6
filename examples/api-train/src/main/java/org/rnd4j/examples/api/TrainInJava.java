package org.rnd4j.examples.api;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.Adam;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.ImageSet;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.eval.Evaluator;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.layer.*;
import org.rnd4j.model.ModelSource;
import org.rnd4j.operator.Degradation;
import org.rnd4j.operator.Operators;
import org.rnd4j.train.Trainer;

/** Builds a ×4 SR network in Java, trains it with RND through the API, evaluates it. Args: [datasets folder] [steps] [output]. */
public final class TrainInJava {
    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "datasets", out = args.length > 2 ? args[2] : "checkpoints/api-example";
        RunConfig cfg = ConfigLoader.parse("""
                name: api-example
                task: {type: sr, scale: 4}
                data: {train: [%s/t91], val: %s/set5, patch: 64, batch: 8}
                train: {iterations: %s, lr: 1.0e-3}
                output: %s
                """.formatted(data, data, args.length > 1 ? args[1] : "300", out), "TrainInJava");
        Degradation op = Operators.fromTask(cfg.task());

        GraphBuilder g = RndGraphs.start(op, 16, 16, new Adam(1e-3), 0, 42);   // input "y": the 16×16 observation
        g.addLayer("upsampled", new PinvLayer(op.spec()), RndGraphs.INPUT);       // A†y, 64×64
        g.addLayer("c1", new SdConv2d(3, 32, 3, true), RndGraphs.INPUT);
        g.addLayer("c2", new SdConv2d(32, 32, 3, true), "c1");
        g.addLayer("c3", new SdConv2d(32, 3 * 16, 3, false).initScale(0.1), "c2");
        g.addLayer("shuffle", new PixelShuffle(4), "c3");
        g.addVertex("xr", new ResidualAdd(), "shuffle", "upsampled");
        ComputationGraph net = new ComputationGraph(RndGraphs.finish(g, op, "xr", true));   // + RND + loss
        net.init();

        Trainer.Result r = new Trainer(cfg, "TrainInJava", System.out).models(ModelSource.of(net)).run(false);

        ImageSet set5 = ImageSet.load(List.of(Path.of(data, "set5")), false, 0, "set5");
        EvalSummary s = new Evaluator(op, true, 4).evaluate(r.model(), set5);
        System.out.printf("Set5 x4: PSNR %.2f dB (A†y %.2f), max|Ax̂-y| = %.2e%n", s.psnr(), s.baselinePsnr(),
                s.consistencyMaxAbs());
    }
}

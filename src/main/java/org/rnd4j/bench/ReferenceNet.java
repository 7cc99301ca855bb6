package org.rnd4j.bench;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.learning.config.IUpdater;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.layer.PixelShuffle;
import org.rnd4j.layer.ResidualAdd;
import org.rnd4j.layer.SdConv2d;
import org.rnd4j.operator.SuperResolution;

/**
 * The benchmark's reference SR network: conv 3→F + ReLU, {@code blocks} residual blocks (conv,
 * ReLU, conv, skip), conv F→3s², pixel shuffle, RND, MSE. Its PyTorch twin is
 * {@code bench/pytorch_bench.py}.
 */
public final class ReferenceNet {
    private ReferenceNet() {}

    public static ComputationGraphConfiguration build(int scale, int feats, int blocks, boolean rnd, long obsH, long obsW,
                                                      IUpdater updater, long seed) {
        SuperResolution op = new SuperResolution(scale);
        ComputationGraphConfiguration.GraphBuilder g = RndGraphs.start(op, obsH, obsW, updater, 0, seed);
        g.addLayer("head", new SdConv2d(3, feats, 3, true), RndGraphs.INPUT);
        String x = "head";
        for (int i = 0; i < blocks; i++) {
            g.addLayer("b" + i + "_c1", new SdConv2d(feats, feats, 3, true), x);
            g.addLayer("b" + i + "_c2", new SdConv2d(feats, feats, 3, false), "b" + i + "_c1");
            g.addVertex("b" + i, new ResidualAdd(), "b" + i + "_c2", x);
            x = "b" + i;
        }
        g.addLayer("up", new SdConv2d(feats, 3L * scale * scale, 3, false), x);
        g.addLayer(rnd ? "xr" : RndGraphs.ESTIMATE, new PixelShuffle(scale), "up");
        return RndGraphs.finish(g, op, rnd ? "xr" : RndGraphs.ESTIMATE, rnd);
    }
}

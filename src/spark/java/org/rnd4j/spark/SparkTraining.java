package org.rnd4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rnd4j.config.DistributedConfig;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.PatchSampler;
import org.rnd4j.data.Prefetcher;
import org.rnd4j.train.Trainer;

/**
 * Data-parallel training on Apache Spark through DL4J's {@link SparkComputationGraph} and
 * {@link ParameterAveragingTrainingMaster}: every training iteration is one averaging round.
 * The driver makes the round's {@code workers × averagingFrequency} batches with rnd4j's sampler
 * (batch {@code i} is the same batch local training would see), Spark spreads them over the
 * workers, each worker fits {@code averagingFrequency} batches of {@code data.batch} examples on
 * its copy of the network (rnd4j's layers and RND vertex travel as the graph's JSON), and the
 * parameters and updater state are averaged back into the driver's network — the one the
 * trainer validates, checkpoints and evaluates, exactly as in local training.
 */
public final class SparkTraining implements Trainer.Stepper {
    private final DistributedConfig cfg;
    private final int batch;
    private final String appName;
    private JavaSparkContext sc;
    private SparkComputationGraph net;
    private ComputationGraph model;

    private SparkTraining(RunConfig run) {
        this.cfg = run.train().distributed();
        this.batch = run.data().batch();
        this.appName = "rnd4j " + run.name();
    }

    /** The stepper for a config with {@code train.distributed}, called by the trainer's command line by reflection. */
    public static Trainer.Stepper stepper(RunConfig run) {
        if (run.train().distributed() == null) throw new IllegalArgumentException("train.distributed is not set");
        return new SparkTraining(run);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Spark %s: %d workers, averaging every %d steps, batches of %d", cfg.master(), cfg.workers(),
                cfg.averagingFrequency(), batch);
    }

    private void start(ComputationGraph model) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!cfg.master().isBlank()) conf.setMaster(cfg.master());
        conf.setIfMissing("spark.ui.enabled", "false");
        sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        ParameterAveragingTrainingMaster tm = new ParameterAveragingTrainingMaster.Builder(cfg.workers(), batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(cfg.averagingFrequency())
                .workerPrefetchNumBatches(cfg.prefetch())
                .saveUpdater(true)
                .rddTrainingApproach(org.deeplearning4j.spark.api.RDDTrainingApproach.Direct)
                .build();
        net = new SparkComputationGraph(sc, model, tm);
        this.model = model;
    }

    @Override
    public double step(ComputationGraph model, long it, PatchSampler sampler, Prefetcher<MultiDataSet> batches) {
        if (net == null || this.model != model) start(model);
        int k = cfg.workers() * cfg.averagingFrequency();
        List<MultiDataSet> round = new ArrayList<>(k);
        for (int j = 0; j < k; j++) round.add(sampler.batch(it * k + j));
        JavaRDD<MultiDataSet> rdd = sc.parallelize(round, cfg.workers());
        ComputationGraph averaged = net.fitMultiDataSet(rdd);
        if (averaged != model) {
            model.setParams(averaged.params());
            if (averaged.getUpdater() != null && averaged.getUpdater().getStateViewArray() != null) {
                model.getUpdater().getStateViewArray().assign(averaged.getUpdater().getStateViewArray());
            }
        }
        return net.getScore();
    }

    @Override
    public void close() {
        if (sc != null) sc.stop();
        sc = null;
        net = null;
    }
}

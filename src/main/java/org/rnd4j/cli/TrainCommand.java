package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.report.Report;
import org.rnd4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnd4j train CONFIG [--resume] [--set key=value ...]}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the model a YAML config describes, then evaluate it on data.val. Ctrl-C saves a checkpoint.")
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config, e.g. configs/quickstart.yaml")
    Path config;

    @Option(names = "--resume", description = "Continue the run from <output>/last.zip")
    boolean resume;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Train on Apache Spark (e.g. local[2], spark://host:7077):"
            + " sets train.distributed.master; needs the Spark build, mvn -Pspark package")
    String spark;

    @Option(names = "--ui", description = "Record statistics for DL4J's training UI in <run>/ui-stats.bin (serve them with rnd4j ui RUN_DIR;"
            + " needs the optional UI build, mvn -Pui package)")
    boolean ui;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config field, e.g. --set train.iterations=200")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** rnd4j's Spark module (src/spark, built with -Pspark), reached by reflection so the default build has no Spark. */
    static Trainer.Stepper sparkStepper(RunConfig cfg) {
        try {
            Class<?> c = Class.forName("org.rnd4j.spark.SparkTraining", true, Thread.currentThread().getContextClassLoader());
            return (Trainer.Stepper) c.getMethod("stepper", RunConfig.class).invoke(null, cfg);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("train.distributed needs rnd4j's Spark module: build with mvn -B -q -Pspark -DskipTests package"
                    + " (or submit target/rnd4j-spark.jar with spark-submit)");
        } catch (ReflectiveOperationException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot start Spark training: " + c.getMessage(), c);
        }
    }

    @Override
    public Integer call() throws Exception {
        Backend.require();
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (spark != null) all.put("train.distributed.master", spark);
        RunConfig cfg = ConfigLoader.load(config, all);
        Trainer trainer = new Trainer(cfg, config.toString(), System.out);
        if (cfg.train().distributed() != null) trainer.stepper(sparkStepper(cfg));
        if (ui) {
            TrainingUi.require();   // fails now, with the fix, if the UI is not built
            trainer.listeners(dir -> java.util.List.of(TrainingUi.listener(dir)));
        }
        // Ctrl-C: stop after the step under way, save, and write the report before the JVM exits
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                finished.await(120, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "rnd4j-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Trainer.Result r = trainer.run(resume);
            Report.forRun(r.runDir(), System.out, r.status() != Trainer.Status.COMPLETED);
            return r.status() == Trainer.Status.COMPLETED ? 0 : 130;
        } finally {
            finished.countDown();
            if (ui) TrainingUi.closeStorages();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running (Ctrl-C)
            }
        }
    }
}

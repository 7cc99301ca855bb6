package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
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

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config field, e.g. --set train.iterations=200")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Backend.require();
        RunConfig cfg = ConfigLoader.load(config, overrides);
        Trainer trainer = new Trainer(cfg, config.toString(), System.out);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                trainer.awaitStopped(120);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "rnd4j-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Trainer.Result r = trainer.run(resume);
            return r.status() == Trainer.Status.COMPLETED ? 0 : 130;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running (Ctrl-C)
            }
        }
    }
}

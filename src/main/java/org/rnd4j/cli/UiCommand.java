package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnd4j ui RUN_DIR [--port 9000]}: DL4J's training UI for a run trained with {@code --ui}. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Serve DL4J's training UI for a run trained with --ui (needs the optional UI build: mvn -Pui package).")
public final class UiCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run folder holding ui-stats.bin")
    Path run;

    @Option(names = "--port", defaultValue = "9000", description = "HTTP port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this many seconds (0 = until Ctrl-C)")
    int seconds;

    @Override
    public Integer call() throws Exception {
        int p = TrainingUi.serve(run, port);
        System.out.println("DL4J training UI for " + run + " at http://localhost:" + p + "/train (Ctrl-C to stop)");
        try {
            if (seconds > 0) Thread.sleep(seconds * 1000L);
            else Thread.currentThread().join();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } finally {
            TrainingUi.stop();
        }
        return 0;
    }
}

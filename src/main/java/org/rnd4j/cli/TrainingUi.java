package org.rnd4j.cli;

import java.nio.file.Path;
import org.deeplearning4j.optimize.api.TrainingListener;

/**
 * DL4J's training UI (deeplearning4j-ui 1.0.0-M2.1), loaded only when asked for: {@code train --ui}
 * records statistics with a {@code StatsListener} into {@value #FILE} in the run folder, and
 * {@code rnd4j ui RUN_DIR} serves them. The UI's jars (vert.x and friends, ~80 MB) are an optional
 * part of the build ({@code mvn -Pui package} puts them in {@code target/lib-ui}), reached by
 * reflection so the default build neither needs nor loads them.
 */
final class TrainingUi {
    static final String FILE = "ui-stats.bin";
    static final String HINT = "the training UI is an optional part of rnd4j; build it with mvn -B -q -Pui -DskipTests package"
            + " (it adds target/lib-ui, which ./rnd4j then puts on the class path)";

    /** Storages opened by {@link #listener}: MapDB locks the file until it is closed. */
    private static final java.util.List<Object> OPEN = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TrainingUi() {}

    /** Closes the statistics files of finished runs, so that {@code ui} (or another run) can open them. */
    static void closeStorages() {
        for (Object c : OPEN) {
            try {
                c.getClass().getMethod("close").invoke(c);
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // already closed
            }
            OPEN.remove(c);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(HINT);
        }
    }

    /** Fails with {@link #HINT} when the UI's jars are not on the class path; touches no file. */
    static void require() {
        load("org.deeplearning4j.ui.model.storage.FileStatsStorage");
        load("org.deeplearning4j.ui.model.stats.StatsListener");
    }

    /** A StatsListener writing to {@code <run>/ui-stats.bin}. */
    static TrainingListener listener(Path runDir) {
        try {
            Class<?> storage = load("org.deeplearning4j.ui.model.storage.FileStatsStorage");
            Class<?> router = load("org.deeplearning4j.core.storage.StatsStorageRouter");
            Object s = storage.getConstructor(java.io.File.class).newInstance(runDir.resolve(FILE).toFile());
            OPEN.add(s);
            return (TrainingListener) load("org.deeplearning4j.ui.model.stats.StatsListener").getConstructor(router).newInstance(s);
        } catch (ReflectiveOperationException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot start the training UI listener in " + runDir + ": " + c);
        }
    }

    /** Serves the statistics of a run on {@code port}; returns the server's port. */
    static int serve(Path runDir, int port) {
        Path file = runDir.resolve(FILE);
        boolean recorded = java.nio.file.Files.isRegularFile(file);
        try {
            load("org.deeplearning4j.ui.api.UIServer");
        } catch (IllegalStateException noUi) {
            // both are needed: say both, the build first (training with --ui needs it too)
            throw new IllegalStateException(noUi.getMessage() + (recorded ? "" : "; then train with --ui, since " + file
                    + " does not exist"));
        }
        if (!recorded) {
            throw new IllegalArgumentException("ui: " + file + " does not exist; train with --ui to record the statistics");
        }
        try {
            System.setProperty("org.deeplearning4j.ui.port", String.valueOf(port));
            Class<?> serverC = load("org.deeplearning4j.ui.api.UIServer");
            Class<?> storage = load("org.deeplearning4j.ui.model.storage.FileStatsStorage");
            Object stats = storage.getConstructor(java.io.File.class).newInstance(file.toFile());
            Object server = serverC.getMethod("getInstance").invoke(null);
            serverC.getMethod("attach", load("org.deeplearning4j.core.storage.StatsStorage")).invoke(server, stats);
            return (Integer) serverC.getMethod("getPort").invoke(server);
        } catch (ReflectiveOperationException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot start DL4J's training UI on port " + port + ": " + c.getMessage());
        }
    }

    static void stop() {
        try {
            load("org.deeplearning4j.ui.api.UIServer").getMethod("stopInstance").invoke(null);
        } catch (ReflectiveOperationException | IllegalStateException ignored) {
            // nothing was started
        }
    }
}

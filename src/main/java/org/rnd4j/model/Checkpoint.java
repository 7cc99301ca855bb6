package org.rnd4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.rnd4j.operator.OperatorSpec;

/**
 * A model zip (DL4J {@link ModelSerializer} format, with updater state) plus the rnd4j state
 * needed to continue or reuse it: the iteration, best score, operator and resolved config.
 * Writes go to a temporary file that is renamed into place, so a crash never leaves a half
 * checkpoint.
 */
public final class Checkpoint {
    public static final String STATE_KEY = "rnd4j-state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is stored beside the network. */
    public record State(long iteration, double bestScore, long bestIteration, OperatorSpec operator, String configYaml) {}

    private Checkpoint() {}

    public static void save(ComputationGraph model, State state, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ModelSerializer.writeModel(model, tmp.toFile(), true);
        ModelSerializer.addObjectToFile(tmp.toFile(), STATE_KEY, JSON.writeValueAsString(state));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ComputationGraph loadModel(Path file) throws IOException {
        File f = file.toFile();
        if (!f.isFile()) {
            throw new IOException("checkpoint " + file + " does not exist");
        }
        try {
            return ModelSerializer.restoreComputationGraph(f, true);
        } catch (Exception e) {
            throw new IOException("checkpoint " + file + " is not a readable rnd4j/DL4J model zip: " + e.getMessage(), e);
        }
    }

    public static State loadState(Path file) throws IOException {
        try {
            String json = ModelSerializer.getObjectFromFile(file.toFile(), STATE_KEY);
            return JSON.readValue(json, State.class);
        } catch (RuntimeException e) {
            throw new IOException("checkpoint " + file + " has no rnd4j state (" + STATE_KEY + "); was it written by rnd4j?", e);
        }
    }
}

package org.rnd4j.layer;

/**
 * How rnd4j's layers run inside a {@code ComputationGraph}. Each layer is defined once in SameDiff
 * ({@code defineLayer}/{@code defineVertex}, also what {@link Rnd#project} builds for SameDiff
 * graphs) and, by default, executed by a hand-written eager forward/backward on DL4J's
 * workspaces: DL4J runs every SameDiff layer in its own session and recomputes the forward pass
 * during backprop, which cost about 40 % of a training step (see the README's benchmark).
 * {@code -Drnd4j.execution=samediff} runs the SameDiff definitions instead; tests check that both
 * give the same outputs and gradients.
 */
public final class Execution {
    public static final String PROPERTY = "rnd4j.execution";

    private Execution() {}

    /** True when layers built now should run their SameDiff definition. */
    public static boolean sameDiff() {
        String v = System.getProperty(PROPERTY, "eager");
        if (v.equalsIgnoreCase("samediff")) {
            return true;
        }
        if (v.equalsIgnoreCase("eager")) {
            return false;
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + " is not known; expected eager or samediff");
    }
}

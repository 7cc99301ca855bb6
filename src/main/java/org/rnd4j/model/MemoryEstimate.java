package org.rnd4j.model;

import java.util.Locale;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.rnd4j.config.RunConfig;
import org.rnd4j.operator.Degradation;

/**
 * The memory a training run will need, estimated from its graph configuration before anything is
 * allocated: parameters with their gradients and Adam's two moments, the activations of one batch
 * and their gradients (from the layers' output types), and the prefetched batches. A run that needs
 * more than the machine has is refused in one line naming the knobs, instead of exhausting the
 * machine halfway through.
 */
public final class MemoryEstimate {
    private MemoryEstimate() {}

    /** Bytes: parameters and optimizer state, activations of a batch, prefetched batches. */
    public record Bytes(long parameters, long activations, long prefetch) {
        public long total() { return parameters + activations + prefetch; }
    }

    public static Bytes of(ComputationGraphConfiguration conf, RunConfig cfg, Degradation op) {
        long params = 0;
        for (GraphVertex v : conf.getVertices().values()) params += v.numParams(false);
        long activations = 0;
        try {
            long obs = op.observationSize(cfg.data().patch()), patch = cfg.data().patch();
            // on a copy: DL4J's type inference sets the layers' input sizes from the types it is given
            InputType input = org.rnd4j.graph.LearnedSamplingGraphs.isLearned(conf) ? InputType.convolutional(patch, patch, 3)
                    : InputType.convolutional(obs, obs, op.observationChannels(3));
            for (InputType t : conf.clone().getLayerActivationTypes(input).values()) {
                activations += t.arrayElementsPerExample();
            }
        } catch (RuntimeException e) {
            activations = 0;   // a graph whose types DL4J cannot infer: parameters and prefetch only
        }
        long batch = cfg.data().batch(), pixels = (long) cfg.data().patch() * cfg.data().patch();
        return new Bytes(params * 4 * 4, activations * batch * 4 * 3, (cfg.data().prefetch() + 1L) * batch * pixels * 3 * 4 * 2);
    }

    /**
     * @throws IllegalArgumentException one line with the estimate and what to lower, when it exceeds
     *                                  what this machine (or JavaCPP's limit) allows
     */
    public static void check(ComputationGraphConfiguration conf, RunConfig cfg, Degradation op) {
        Bytes b = of(conf, cfg, op);
        long have = availableBytes();
        if (b.total() > have) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "this run needs about %.1f GB (parameters and optimizer"
                    + " state %.1f GB, activations of a batch %.1f GB, prefetched batches %.1f GB) but at most %.1f GB can be had;"
                    + " lower data.batch, data.patch, model.feats/blocks or data.prefetch", b.total() / 1e9, b.parameters() / 1e9,
                    b.activations() / 1e9, b.prefetch() / 1e9, have / 1e9));
        }
    }

    /** The memory ND4J may use: JavaCPP's physical-memory limit where it is set, and at most the machine's memory. */
    static long availableBytes() {
        long machine = Long.MAX_VALUE;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine = os.getTotalMemorySize();
        }
        long limit = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
        return limit > 0 ? Math.min(limit, machine) : machine;
    }
}

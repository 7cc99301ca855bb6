package org.rnd4j.model;

import org.rnd4j.graph.LearnedSamplingGraphs;
import org.rnd4j.operator.CompressedSensing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnd4j.backbone.Backbone;
import org.rnd4j.backbone.Backbones;
import org.rnd4j.config.InitConfig;
import org.rnd4j.config.ModelConfig;
import org.rnd4j.config.RunConfig;
import org.rnd4j.graph.Training;
import org.rnd4j.operator.Degradation;

/** {@link ModelSource#fromConfig()}: a backbone from the registry, or a source network to fine-tune. */
final class ConfiguredModels implements ModelSource {
    static final ConfiguredModels INSTANCE = new ConfiguredModels();

    @Override
    public Model create(RunConfig cfg, Degradation op) throws IOException {
        ModelConfig m = cfg.model();
        long obs = op.observationSize(cfg.data().patch());
        boolean learnA = learnsMatrix(cfg);
        if (learnA && m.init() != null) {
            throw new IllegalArgumentException("field 'task.learnA': a learned sampling matrix needs a backbone from the registry,"
                    + " not model.init (fine-tuning)");
        }
        if (m.init() != null) {
            InitConfig init = m.init();
            ComputationGraph source = FineTune.loadSource(init);
            FineTune.Built b = FineTune.build(source, init, op, m.rnd(), obs, obs, Training.of(cfg.train()));
            String desc = String.format(Locale.ROOT, "%s (%s) fine-tuned: %d layers trainable, %d frozen%s", init.from(),
                    init.format(), b.trainable().size(), b.frozen().size(), b.frozen().isEmpty() ? "" : " " + b.frozen());
            InitConfig resolved = b.init();
            return new Model(b.graph(), desc, new Model.Source(y -> FineTune.sourceEstimate(source, resolved, op, y), m.rnd()));
        }
        Backbone b;
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf;
        try {
            b = Backbones.find(m.backbone());
            int k = Math.max(1, b.sizeMultiple(m.options()));
            if (cfg.data().patch() % k != 0) {
                throw new IllegalArgumentException("backbone " + b.name() + " needs image sizes in multiples of " + k
                        + ", so field 'data.patch' must be a multiple of " + k + ", got " + cfg.data().patch());
            }
            conf = Backbones.build(b, m, op, obs, obs, Training.of(cfg.train()));
        } catch (IllegalArgumentException e) {
            String why = e.getMessage();
            throw new IllegalArgumentException(why.startsWith("field '") ? why : "field 'model.backbone': " + why, e);
        }
        if (learnA) {
            try {
                conf = LearnedSamplingGraphs.training(conf, (CompressedSensing) op);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field 'task.learnA' with backbone " + b.name() + ": " + e.getMessage(), e);
            }
        }
        MemoryEstimate.check(conf, cfg, op);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        String warm = m.warmStart() == null ? "" : "; " + WarmStart.apply(g, Path.of(m.warmStart())).describe(m.warmStart());
        String options = m.options().isEmpty() ? "" : ", options " + m.options();
        // feats/blocks mean something to rnd4j's own backbones; a plugin's header shows its options only
        String size = b.getClass().getPackageName().equals(Backbone.class.getPackageName())
                ? String.format(Locale.ROOT, "feats %d, blocks %d%s", m.feats(), m.blocks(), options) : options.replaceFirst("^, ", "");
        return new Model(g, String.format(Locale.ROOT, "%s (%s%s)%s", b.name(), size.isEmpty() ? "" : size + "; ", Backbones.origin(b),
                learnA ? ", learned sampling matrix" : "") + warm);
    }

    /** Whether the task is CS with {@code learnA: true}. */
    static boolean learnsMatrix(RunConfig cfg) {
        return cfg.task().settings() instanceof CompressedSensing.Settings s && Boolean.TRUE.equals(s.learnA());
    }
}

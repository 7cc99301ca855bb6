package org.rnd4j.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnd4j.backbone.Backbone;
import org.rnd4j.backbone.Backbones;
import org.rnd4j.config.InitConfig;
import org.rnd4j.config.ModelConfig;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.ImageSet;
import org.rnd4j.eval.EvalSummary;
import org.rnd4j.eval.Evaluator;
import org.rnd4j.operator.Degradation;

/** {@link ModelSource#fromConfig()}: a backbone from the registry, or a source network to fine-tune. */
final class ConfiguredModels implements ModelSource {
    static final ConfiguredModels INSTANCE = new ConfiguredModels();

    @Override
    public Model create(RunConfig cfg, Degradation op) throws IOException {
        ModelConfig m = cfg.model();
        long obs = op.observationSize(cfg.data().patch());
        if (m.init() != null) {
            InitConfig init = m.init();
            ComputationGraph source = FineTune.loadSource(init);
            FineTune.Built b = FineTune.build(source, init, op, m.rnd(), obs, obs, Training.of(cfg.train()));
            String desc = String.format(Locale.ROOT, "%s (%s) fine-tuned: %d layers trainable, %d frozen%s", init.from(),
                    init.format(), b.trainable().size(), b.frozen().size(), b.frozen().isEmpty() ? "" : " " + b.frozen());
            return new Model(b.graph(), desc, new FineTuneHooks(source, b.init(), op, m.rnd()));
        }
        Backbone b = Backbones.find(m.backbone());
        var conf = Backbones.build(b, m, op, obs, obs, Training.of(cfg.train()));
        MemoryEstimate.check(conf, cfg, op);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        String options = m.options().isEmpty() ? "" : ", options " + m.options();
        // feats/blocks mean something to rnd4j's own backbones; a plugin's header shows its options only
        String size = b.getClass().getPackageName().equals(Backbone.class.getPackageName())
                ? String.format(Locale.ROOT, "feats %d, blocks %d%s", m.feats(), m.blocks(), options) : options.replaceFirst("^, ", "");
        return new Model(g, String.format(Locale.ROOT, "%s (%s%s)", b.name(), size.isEmpty() ? "" : size + "; ", Backbones.origin(b)));
    }

    /** Fine-tuning's {@code finetune.csv}: the source as loaded, with RND appended, and after training. */
    private record FineTuneHooks(ComputationGraph source, InitConfig init, Degradation op, boolean rnd) implements Model.Hooks {
        @Override
        public void beforeTraining(Evaluator evaluator, ImageSet val, Path runDir, ComputationGraph model) throws IOException {
            new FineTuneReport(runDir.resolve(FineTuneReport.FILE)).start(
                    evaluator.evaluate(y -> FineTune.sourceEstimate(source, init, op, y), val, null, false),
                    evaluator.evaluate(model, val), rnd);
        }

        @Override
        public void afterTraining(EvalSummary fin, long iterations, Path runDir, PrintStream out) throws IOException {
            FineTuneReport report = new FineTuneReport(runDir.resolve(FineTuneReport.FILE));
            report.finish(fin, iterations);
            out.print(report.table());
        }
    }
}

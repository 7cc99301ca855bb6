package org.rnd4j.config;

import java.util.Map;
import java.util.Set;

/**
 * The one place where defaults live, and the checks a resolved config must pass. {@link #resolve}
 * returns a config with every field set; {@link #validate} throws a {@link ConfigException} naming
 * the field. Checks here need nothing but the config (syntax, ranges, combinations): what needs an
 * operator or a backbone (does the backbone exist, serve this operator, take these options) is
 * checked once, where they are built.
 */
public final class Defaults {
    public static final Set<String> SCHEDULES = Set.of("constant", "step", "cosine");
    public static final Set<String> BEST_METRICS = Set.of("psnr", "ssim");
    /** {@code data.luma}: MATLAB's {@code rgb2gray} (the default) or the Y of its {@code rgb2ycbcr}. */
    public static final String LUMA_RGB2GRAY = "rgb2gray", LUMA_YCBCR = "ycbcr";
    public static final java.util.List<String> LUMAS = java.util.List.of(LUMA_RGB2GRAY, LUMA_YCBCR);
    /** {@code data.maxPixels}: the largest image (width × height) decoded. */
    public static final long MAX_PIXELS = 50_000_000L;
    /** The largest {@code data.maxPixels} (and {@code eval.tilePixels}) a config may set. */
    public static final long MAX_PIXELS_LIMIT = 1_000_000_000L;
    /** {@code eval.tilePixels}: output pixels per strip when restoring large images. */
    public static final long TILE_PIXELS = 4_000_000;
    /** {@code eval.tileOverlap}: rows of context above and below each strip. */
    public static final int TILE_OVERLAP = 64;

    private Defaults() {}

    private static <T> T or(T v, T d) {
        return v != null ? v : d;
    }

    public static RunConfig resolve(RunConfig c, String source) {
        require(c.task(), source, "task", "a section with at least 'type: " + String.join(" | ", TaskTypes.all().keySet()) + "'");
        require(c.data(), source, "data", "a section with 'train' folders and a 'val' folder");
        TaskConfig t = c.task();
        TaskSettings op;
        try {
            op = t.settings().resolve();
            op.validate();
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
        TaskConfig task = new TaskConfig(t.type(), op, or(t.noise(), 0.0), t.lambda());

        DataConfig d = c.data();
        require(d.train(), source, "data.train", "a list of image folders");
        require(d.val(), source, "data.val", "an image folder");
        check(d.luma() == null || Boolean.TRUE.equals(d.gray()), source, "data.luma",
                "no value without data.gray: true (it chooses the luma the images are converted to)", "'" + d.luma() + "'");
        DataConfig data = new DataConfig(d.train(), d.val(), or(d.patch(), op.defaultPatch()), or(d.batch(), 16),
                or(d.flips(), true), or(d.mirror(), false), or(d.rot90(), true), or(d.prefetch(), 4), or(d.valLimit(), 0),
                or(d.skipBadImages(), false), or(d.maxPixels(), MAX_PIXELS), or(d.gray(), false), or(d.minScale(), 1.0),
                Boolean.TRUE.equals(d.gray()) ? or(d.luma(), LUMA_RGB2GRAY) : null, or(d.quantize(), 0),
                or(d.candidates(), 1));

        ModelConfig m = or(c.model(), new ModelConfig(null, null, null, null, null, null, null));
        InitConfig init = m.init() == null ? null : resolveInit(m, source);
        ModelConfig model = new ModelConfig(init != null ? null : or(m.backbone(), op.defaultBackbone()),
                init != null ? null : or(m.feats(), 32), init != null ? null : or(m.blocks(), 4),
                init != null ? null : Map.copyOf(or(m.options(), Map.of())), or(m.rnd(), true), init, m.warmStart());
        check(m.warmStart() == null || init == null, source, "model.warmStart",
                "no model.init with it (warmStart starts the configured backbone from a checkpoint's weights; init fine-tunes the"
                        + " checkpoint's own network)", "both");
        check(m.warmStart() == null || !m.warmStart().isBlank(), source, "model.warmStart", "the path of an rnd4j checkpoint",
                "''");

        TrainConfig r = or(c.train(), new TrainConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null));
        int iterations = or(r.iterations(), 1000);
        TrainConfig train = new TrainConfig(iterations, or(r.lr(), 1e-3), or(r.beta1(), 0.9), or(r.beta2(), 0.999),
                or(r.weightDecay(), 0.0), or(r.schedule(), "cosine"), or(r.stepEvery(), Math.max(1, iterations / 2)),
                or(r.gamma(), 0.5), or(r.minLr(), 1e-5), or(r.seed(), 42L), or(r.logEvery(), 10),
                or(r.validateEvery(), Math.max(1, iterations / 4)), or(r.checkpointEvery(), Math.max(1, iterations / 4)),
                or(r.keepBest(), "psnr"), or(r.loss(), "mse"), or(r.ema(), 0.0), or(r.clipNorm(), 0.0), or(r.warmup(), 0),
                r.distributed() == null ? null : new DistributedConfig(or(r.distributed().master(), "local[2]"),
                        or(r.distributed().workers(), 2), or(r.distributed().averagingFrequency(), 2), or(r.distributed().prefetch(), 0)));

        EvalConfig e = or(c.eval(), new EvalConfig(null, null, null, null, null, null, null));
        EvalConfig eval = new EvalConfig(or(e.cropBorder(), op.defaultCropBorder()), or(e.yChannel(), op.defaultYChannel()),
                or(e.saveImages(), true), or(e.tilePixels(), TILE_PIXELS),
                or(e.tileOverlap(), TILE_OVERLAP), or(e.selfEnsemble(), false),
                e.observations());

        String name = or(c.name(), "run");
        check(name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}") && !name.contains(".."), source, "name",
                "a plain name of letters, digits, '.', '_', '-' (it names the folder checkpoints/<name>; use 'output' for another"
                        + " place)", "'" + name + "'");
        RunConfig out = new RunConfig(name, task, data, model, train, eval, or(c.output(), "checkpoints/" + name));
        validate(out, source);
        return out;
    }

    private static InitConfig resolveInit(ModelConfig m, String source) {
        InitConfig i = m.init();
        if (m.backbone() != null || m.feats() != null || m.blocks() != null || m.options() != null) {
            throw new ConfigException(source + ": field 'model.init' replaces model.backbone/feats/blocks/options (the backbone"
                    + " comes from the init model); remove them");
        }
        require(i.from(), source, "model.init.from", "the path of an rnd4j checkpoint or a DL4J ComputationGraph zip");
        String format = or(i.format(), i.from().endsWith(".onnx") ? "onnx" : "rnd4j");
        check(Set.of("rnd4j", "dl4j", "onnx").contains(format), source, "model.init.format", "rnd4j, dl4j or onnx",
                "'" + format + "'");
        if (!format.equals("rnd4j")) {
            require(i.input(), source, "model.init.input", "the name of the backbone's input");
            require(i.output(), source, "model.init.output", "the name of the node that outputs the image estimate");
        }
        String feed = or(i.feed(), "y");
        check(feed.equals("y") || feed.equals("pinv"), source, "model.init.feed", "y (the observation) or pinv (A†y)",
                "'" + feed + "'");
        check(i.trainLast() == null || i.trainLast() >= 1, source, "model.init.trainLast", "an integer >= 1", i.trainLast());
        check(i.trainLast() == null || i.freeze() == null, source, "model.init", "either trainLast or freeze, not both",
                "both");
        if (i.freeze() != null) {
            try {
                java.util.regex.Pattern.compile(i.freeze());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ConfigException(source + ": field 'model.init.freeze': expected a regular expression, got '"
                        + i.freeze() + "' (" + e.getDescription() + ")");
            }
        }
        return new InitConfig(i.from(), format, or(i.input(), "y"), i.output(), feed, i.trainLast(), i.freeze());
    }

    private static void require(Object v, String source, String field, String expected) {
        if (v == null) {
            throw new ConfigException(source + ": missing field '" + field + "': expected " + expected);
        }
    }

    private static void check(boolean ok, String source, String field, String expected, Object got) {
        if (!ok) {
            throw new ConfigException(source + ": field '" + field + "': expected " + expected + ", got " + got);
        }
    }

    private static void validate(RunConfig c, String s) {
        TaskConfig t = c.task();
        TaskSettings op = t.settings();
        check(t.noise() >= 0 && t.noise() <= 1, s, "task.noise", "a standard deviation in [0, 1]", t.noise());
        if (t.lambda() != null) check(t.lambda() >= 0 && t.lambda() <= 1, s, "task.lambda", "a number in [0, 1]", t.lambda());
        DataConfig d = c.data();
        check(!d.train().isEmpty(), s, "data.train", "at least one folder", d.train());
        int multiple = op.sideMultiple();
        check(d.patch() >= multiple && d.patch() % multiple == 0, s, "data.patch",
                "a multiple of " + multiple + " (the " + op.sideMultipleName() + ")", d.patch());
        check(d.batch() >= 1 && d.batch() <= 4096, s, "data.batch", "an integer in [1, 4096]", d.batch());
        check(d.patch() <= 4096, s, "data.patch", "at most 4096 pixels", d.patch());
        check(d.prefetch() >= 1 && d.prefetch() <= 64, s, "data.prefetch", "an integer in [1, 64] (batches prepared ahead, each in memory)",
                d.prefetch());
        check(d.valLimit() >= 0, s, "data.valLimit", "an integer >= 0 (0 = all)", d.valLimit());
        check(d.minScale() >= 0.1 && d.minScale() <= 1, s, "data.minScale", "a number in [0.1, 1] (1 = no scale augmentation)",
                d.minScale());
        check(d.quantize() >= 0 && d.quantize() <= 16, s, "data.quantize", "a number of bits in [0, 16] (0 = observations kept in float)",
                d.quantize());
        check(d.quantize() == 0 || op.observationsAreImages(), s, "data.quantize",
                "0 for " + t.type() + " (only observations that are images, as sr's LR images, are stored in bits)", d.quantize());
        check(d.candidates() >= 1 && d.candidates() <= 64, s, "data.candidates",
                "an integer in [1, 64] (each crop the most detailed of that many; 1 = uniform crops)", d.candidates());
        if (d.gray()) check(LUMAS.contains(d.luma()), s, "data.luma", "one of " + String.join(", ", LUMAS), "'" + d.luma() + "'");
        ModelConfig m = c.model();
        if (m.init() == null) {
            check(m.feats() >= 1 && m.feats() <= 1024, s, "model.feats", "an integer in [1, 1024]", m.feats());
            check(m.blocks() >= 0 && m.blocks() <= 256, s, "model.blocks", "an integer in [0, 256]", m.blocks());
            check(m.backbone().matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*"), s, "model.backbone",
                    "a backbone name or a fully qualified class name", "'" + m.backbone() + "'");
        }
        TrainConfig r = c.train();
        check(r.iterations() >= 1 && r.iterations() <= 1_000_000_000, s, "train.iterations", "an integer in [1, 10⁹]", r.iterations());
        check(r.lr() > 0 && r.lr() < 1, s, "train.lr", "a number in (0, 1)", r.lr());
        check(r.beta1() >= 0 && r.beta1() < 1, s, "train.beta1", "a number in [0, 1)", r.beta1());
        check(r.beta2() >= 0 && r.beta2() < 1, s, "train.beta2", "a number in [0, 1)", r.beta2());
        check(r.weightDecay() >= 0, s, "train.weightDecay", "a number >= 0", r.weightDecay());
        check(SCHEDULES.contains(r.schedule()), s, "train.schedule", "one of constant, step, cosine", "'" + r.schedule() + "'");
        check(r.stepEvery() >= 1, s, "train.stepEvery", "an integer >= 1", r.stepEvery());
        check(r.gamma() > 0 && r.gamma() <= 1, s, "train.gamma", "a number in (0, 1]", r.gamma());
        check(r.minLr() >= 0 && r.minLr() <= r.lr(), s, "train.minLr", "a number in [0, lr]", r.minLr());
        check(r.logEvery() >= 1, s, "train.logEvery", "an integer >= 1", r.logEvery());
        check(r.validateEvery() >= 1, s, "train.validateEvery", "an integer >= 1", r.validateEvery());
        check(r.checkpointEvery() >= 1, s, "train.checkpointEvery", "an integer >= 1", r.checkpointEvery());
        check(BEST_METRICS.contains(r.keepBest()), s, "train.keepBest", "one of psnr, ssim", "'" + r.keepBest() + "'");
        check(r.loss().matches("[A-Za-z][\\w-]*"), s, "train.loss", "a loss name (mse, l1, charbonnier or a plugin's)",
                "'" + r.loss() + "'");
        check(r.ema() >= 0 && r.ema() < 1, s, "train.ema", "a decay in [0, 1) (0 = off)", r.ema());
        check(r.clipNorm() >= 0, s, "train.clipNorm", "a number >= 0 (0 = off)", r.clipNorm());
        check(r.warmup() >= 0 && r.warmup() < r.iterations(), s, "train.warmup", "an integer in [0, iterations)", r.warmup());
        if (r.distributed() != null) {
            check(r.distributed().workers() >= 1 && r.distributed().workers() <= 1024, s, "train.distributed.workers",
                    "an integer in [1, 1024]", r.distributed().workers());
            check(r.distributed().averagingFrequency() >= 1, s, "train.distributed.averagingFrequency", "an integer >= 1",
                    r.distributed().averagingFrequency());
            check(r.distributed().prefetch() >= 0 && r.distributed().prefetch() <= 64, s, "train.distributed.prefetch",
                    "an integer in [0, 64]", r.distributed().prefetch());
            check(r.ema() == 0, s, "train.ema", "0 with train.distributed (the average is kept by the driver only in local training)",
                    r.ema());
        }
        if (c.eval().selfEnsemble()) {
            check(op.flipEquivariant(), s, "eval.selfEnsemble", "false for " + t.type() + " (its operator does not commute with"
                    + " flips and rotations, so the averaged output would not be consistent)", true);
        }
        if (c.eval().observations() != null) {
            check(op.observationsAreImages(), s, "eval.observations", "only for tasks whose observations are images (sr)", t.type());
        }
        check(c.eval().cropBorder() >= 0, s, "eval.cropBorder", "an integer >= 0", c.eval().cropBorder());
        check(c.eval().tilePixels() >= 1 && c.eval().tilePixels() <= MAX_PIXELS_LIMIT, s, "eval.tilePixels",
                "an integer in [1, " + MAX_PIXELS_LIMIT + "]", c.eval().tilePixels());
        check(c.eval().tileOverlap() >= 0, s, "eval.tileOverlap", "an integer >= 0", c.eval().tileOverlap());
        check(d.maxPixels() >= 1 && d.maxPixels() <= MAX_PIXELS_LIMIT, s, "data.maxPixels",
                "an integer in [1, " + MAX_PIXELS_LIMIT + "]", d.maxPixels());
    }
}

package org.rnd4j.backbone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.rnd4j.config.ModelConfig;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.graph.Training;
import org.rnd4j.operator.Degradation;

/**
 * The backbone registry: rnd4j's built-ins ({@link Edsr}, {@link Resnet}, {@link Unet}, {@link Unfolded}), then every
 * {@link Backbone} that {@link ServiceLoader} finds on the context class loader (plugin jars), then
 * a fully qualified class name. {@link #build} puts a backbone into the rnd4j frame
 * ({@link RndGraphs}): observation input, the backbone, the RND projection, the loss.
 */
public final class Backbones {
    private static final List<Backbone> BUILT_IN = List.of(new Edsr(), new Resnet(), new Unet(), new Unfolded());

    private Backbones() {}

    /** Every backbone visible now, by name: built-ins first, then plugins. */
    public static Map<String, Backbone> available() {
        Map<String, Backbone> out = new LinkedHashMap<>();
        BUILT_IN.forEach(b -> out.put(b.name(), b));
        for (Backbone b : plugins()) {
            Backbone taken = out.putIfAbsent(b.name(), b);
            if (taken != null && taken.getClass() != b.getClass()) {
                throw new IllegalArgumentException("two backbones are named '" + b.name() + "': " + taken.getClass().getName()
                        + " and " + b.getClass().getName() + " (" + origin(b) + "); rename one");
            }
        }
        return out;
    }

    private static List<Backbone> plugins() {
        List<Backbone> found = new ArrayList<>();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try {
            for (Backbone b : ServiceLoader.load(Backbone.class, cl)) found.add(b);
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("a backbone plugin cannot be loaded: " + e.getMessage(), e);
        }
        return found;
    }

    /** Where a backbone's class comes from: "built in" or its jar. */
    public static String origin(Backbone b) {
        if (BUILT_IN.stream().anyMatch(x -> x.getClass() == b.getClass())) return "built in";
        var src = b.getClass().getProtectionDomain().getCodeSource();
        return src == null || src.getLocation() == null ? "plugin" : src.getLocation().getPath();
    }

    /**
     * The backbone registered as {@code name}, or the class {@code name} if it is a fully qualified
     * name of a {@link Backbone}.
     *
     * @throws IllegalArgumentException listing what was found
     */
    public static Backbone find(String name) {
        Map<String, Backbone> all = available();
        Backbone b = all.get(name);
        if (b != null) return b;
        if (name.contains(".")) return byClassName(name, all);
        throw new IllegalArgumentException("unknown backbone '" + name + "'; found " + listing(all)
                + ". A plugin jar is added with --classpath JAR (or RND4J_CLASSPATH) and lists its class in"
                + " META-INF/services/" + Backbone.class.getName() + "; a fully qualified class name works too");
    }

    private static Backbone byClassName(String name, Map<String, Backbone> all) {
        Class<?> c;
        try {
            c = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("backbone class " + name + " is not on the class path (add its jar with"
                    + " --classpath JAR or RND4J_CLASSPATH); backbones found: " + listing(all));
        }
        if (!Backbone.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("class " + name + " does not implement " + Backbone.class.getName());
        }
        try {
            return (Backbone) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("backbone class " + name + " needs a public no-arg constructor: " + e);
        }
    }

    private static String listing(Map<String, Backbone> all) {
        return all.values().stream().map(b -> b.name() + " (" + origin(b) + ")").collect(Collectors.joining(", "));
    }

    /** Checks {@code options} against what the backbone declares. */
    public static void checkOptions(Backbone b, Map<String, Object> options) {
        if (options == null) return;
        Set<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(b.options());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("field 'model.options." + unknown.iterator().next() + "': backbone " + b.name()
                    + " has no such option (its options: " + (b.options().isEmpty() ? "none" : new TreeSet<>(b.options())) + ")");
        }
    }

    /**
     * The size multiple ({@link Backbone#sizeMultiple}) of the backbone a model section names, or 1
     * when it names none (fine-tuned and imported models) or one not on the class path.
     */
    public static int sizeMultiple(org.rnd4j.config.ModelConfig m) {
        if (m == null || m.backbone() == null || m.init() != null) return 1;
        try {
            return Math.max(1, find(m.backbone()).sizeMultiple(m.options()));
        } catch (IllegalArgumentException e) {
            return 1;
        }
    }

    /**
     * The graph configuration: the rnd4j frame around backbone {@code b}, for observations of
     * {@code obsH × obsW} in training batches (shape checks only; any size runs).
     */
    public static ComputationGraphConfiguration build(Backbone b, ModelConfig m, Degradation op, long obsH, long obsW,
                                                      IUpdater updater, double weightDecay, long seed) {
        return build(b, m, op, obsH, obsW, new Training(updater, weightDecay, seed, 0, "mse"));
    }

    /** As above with the run's training settings (clipping, loss). */
    public static ComputationGraphConfiguration build(Backbone b, ModelConfig m, Degradation op, long obsH, long obsW, Training t) {
        b.check(op);
        checkOptions(b, m.options());
        if (m.feats() < 1 || m.blocks() < 0) {
            throw new IllegalArgumentException("backbone needs feats >= 1 and blocks >= 0, got feats=" + m.feats()
                    + " blocks=" + m.blocks());
        }
        ComputationGraphConfiguration.GraphBuilder g = RndGraphs.start(op, obsH, obsW, t);
        InputType obs = InputType.convolutional(obsH, obsW, op.observationChannels(3));
        String xr = b.build(new BackboneContext(g, op, obs, m.feats(), m.blocks(), m.options(), b.name()));
        if (xr == null || !g.getVertices().containsKey(xr)) {
            throw new IllegalStateException("backbone " + b.name() + " returned '" + xr + "', which is not a vertex of its graph");
        }
        try {
            return RndGraphs.finish(g, op, xr, m.rnd(), t.loss());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backbone " + b.name() + ": " + e.getMessage(), e);
        }
    }
}

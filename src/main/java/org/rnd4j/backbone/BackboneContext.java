package org.rnd4j.backbone;

import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.rnd4j.graph.RndGraphs;
import org.rnd4j.layer.PinvLayer;
import org.rnd4j.operator.Degradation;

/**
 * What a {@link Backbone} builds with: the graph under construction (its global settings and the
 * observation input already set), the operator, and the {@code model} section of the config:
 * {@code feats}, {@code blocks} and the free-form {@code options} the backbone declares.
 */
public final class BackboneContext {
    private final ComputationGraphConfiguration.GraphBuilder graph;
    private final Degradation op;
    private final InputType observation;
    private final int feats, blocks;
    private final Map<String, Object> options;
    private final String backbone;
    private String pinv;

    public BackboneContext(ComputationGraphConfiguration.GraphBuilder graph, Degradation op, InputType observation, int feats,
                           int blocks, Map<String, Object> options, String backbone) {
        this.graph = graph;
        this.op = op;
        this.observation = observation;
        this.feats = feats;
        this.blocks = blocks;
        this.options = options == null ? Map.of() : Map.copyOf(options);
        this.backbone = backbone;
    }

    /** The graph to add layers and vertices to. */
    public ComputationGraphConfiguration.GraphBuilder graph() { return graph; }

    /** The observation input's name. */
    public String input() { return RndGraphs.INPUT; }

    /** The degradation {@code A}. */
    public Degradation operator() { return op; }

    /** The observation's type (channels, and height × width of a training batch). */
    public InputType observationType() { return observation; }

    /** Channels of the image to estimate. */
    public long imageChannels() { return 3; }

    /** {@code model.feats}: the width a backbone should use. */
    public int feats() { return feats; }

    /** {@code model.blocks}: the depth a backbone should use. */
    public int blocks() { return blocks; }

    /** {@code model.options}, as written in the config. */
    public Map<String, Object> options() { return options; }

    /** The vertex {@code A†y} (image space), added on first use: the usual start of a residual backbone. */
    public String pinv() {
        if (pinv == null) {
            pinv = "init";
            graph.addLayer(pinv, new PinvLayer(op.spec()), input());
        }
        return pinv;
    }

    /** An integer option, or {@code fallback}. */
    public int intOption(String key, int fallback) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (v instanceof Integer i) return i;
        if (v instanceof Long l && l == (int) (long) l) return (int) (long) l;
        throw bad(key, "an integer", v);
    }

    /** A number option, or {@code fallback}. */
    public double doubleOption(String key, double fallback) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.doubleValue();
        throw bad(key, "a number", v);
    }

    /** A true/false option, or {@code fallback}. */
    public boolean booleanOption(String key, boolean fallback) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw bad(key, "true or false", v);
    }

    /** A text option, or {@code fallback}. */
    public String stringOption(String key, String fallback) {
        Object v = options.get(key);
        if (v == null) return fallback;
        if (v instanceof String s) return s;
        throw bad(key, "a string", v);
    }

    /** An error naming the option, for a value the backbone cannot use. */
    public IllegalArgumentException bad(String key, String expected, Object got) {
        return new IllegalArgumentException("field 'model.options." + key + "' (backbone " + backbone + "): expected " + expected
                + ", got '" + got + "'");
    }
}

package org.rnd4j.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.distribution.LogUniformDistribution;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.rnd4j.config.ConfigException;

/**
 * The search space as one Arbiter {@link ParameterSpace} whose value is the map of config-field
 * overrides of a candidate ({@code path → value}); each leaf is an Arbiter leaf space.
 */
public final class SearchSpace implements ParameterSpace<Map<String, Object>> {
    private final LinkedHashMap<String, ParameterSpace<?>> leaves = new LinkedHashMap<>();

    /** Builds the leaves from the YAML {@code search} section; {@code source} names the file in errors. */
    public SearchSpace(Map<String, Map<String, List<Object>>> search, String source) {
        for (var e : search.entrySet()) {
            String path = e.getKey();
            Map<String, List<Object>> spec = e.getValue();
            if (spec == null || spec.size() != 1) {
                throw new ConfigException(source + ": field 'search." + path + "': expected one of {logUniform: [min, max]},"
                        + " {uniform: [min, max]}, {int: [min, max]}, {choice: [v1, v2, ...]}");
            }
            String kind = spec.keySet().iterator().next();
            List<Object> v = spec.get(kind);
            leaves.put(path, leaf(source, path, kind, v));
        }
        if (leaves.isEmpty()) throw new ConfigException(source + ": field 'search': expected at least one field to search");
        int i = 0;
        for (ParameterSpace<?> p : leaves.values()) {
            int[] idx = new int[p.numParameters()];
            for (int k = 0; k < idx.length; k++) idx[k] = i++;
            p.setIndices(idx);
        }
    }

    private static ParameterSpace<?> leaf(String source, String path, String kind, List<Object> v) {
        String where = source + ": field 'search." + path + "." + kind + "'";
        if (v == null || v.isEmpty()) throw new ConfigException(where + ": expected a non-empty list");
        switch (kind) {
            case "choice":
                return new DiscreteParameterSpace<>(new ArrayList<>(v));
            case "logUniform":
            case "uniform":
            case "int": {
                if (v.size() != 2 || !(v.get(0) instanceof Number a) || !(v.get(1) instanceof Number b)
                        || a.doubleValue() >= b.doubleValue()) {
                    throw new ConfigException(where + ": expected [min, max] with min < max, got " + v);
                }
                if (kind.equals("int")) {
                    if (!(a instanceof Integer) || !(b instanceof Integer)) throw new ConfigException(where + ": expected integers, got " + v);
                    return new IntegerParameterSpace(a.intValue(), b.intValue());
                }
                if (kind.equals("logUniform")) {
                    if (a.doubleValue() <= 0) throw new ConfigException(where + ": expected min > 0, got " + v);
                    return new ContinuousParameterSpace(new LogUniformDistribution(a.doubleValue(), b.doubleValue()));
                }
                return new ContinuousParameterSpace(a.doubleValue(), b.doubleValue());
            }
            default:
                throw new ConfigException(source + ": field 'search." + path + "': unknown kind '" + kind
                        + "'; expected logUniform, uniform, int or choice");
        }
    }

    public Map<String, ParameterSpace<?>> leaves() {
        return leaves;
    }

    /** A representative value of each leaf (its lower end or first choice), to validate paths before training. */
    public Map<String, Object> sample() {
        return getValue(new double[numParameters()]);
    }

    @Override
    public Map<String, Object> getValue(double[] parameterValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : leaves.entrySet()) {
            Object v = e.getValue().getValue(parameterValues);
            out.put(e.getKey(), v);
        }
        return out;
    }

    @Override
    public int numParameters() {
        return leaves.values().stream().mapToInt(ParameterSpace::numParameters).sum();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> out = new ArrayList<>();
        for (ParameterSpace<?> p : leaves.values()) out.addAll(p.collectLeaves());
        return out;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Map<String, ParameterSpace> getNestedSpaces() {
        return new LinkedHashMap<>(leaves);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("indices are set on the leaves");
    }
}

package org.rnd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Finite-difference gradient checks of a double-precision {@code ComputationGraph}: parameters
 * of every layer and vertex against DL4J's backprop gradient. The derivative is the five-point
 * central difference {@code (8(f(+h) − f(−h)) − (f(+2h) − f(−2h))) / 12h} (error O(h⁴)), so a
 * relative error of 1e-6 is measurable although the loss itself carries ~1e-14 of rounding.
 */
public final class FiniteDifferences {
    private FiniteDifferences() {}

    /** One compared entry. */
    public record Entry(String param, long index, double analytic, double numeric) {
        public double relError() {
            double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
            return scale == 0 ? 0 : Math.abs(analytic - numeric) / scale;
        }

        /** Relative error, but entries below {@code floor} in magnitude are compared absolutely. */
        public boolean within(double rel, double floor) {
            return Math.abs(analytic - numeric) <= rel * Math.max(Math.abs(analytic), Math.abs(numeric)) + floor;
        }

        @Override
        public String toString() {
            return param + "[" + index + "]: backprop " + analytic + " vs finite differences " + numeric;
        }
    }

    /**
     * Compares up to {@code perParam} entries of each parameter (all when 0). DL4J's score is a
     * minibatch mean while its gradients are sums (the updater divides), hence the division by N.
     */
    public static List<Entry> check(ComputationGraph g, MultiDataSet data, int perParam, double eps) {
        long n = data.getFeatures(0).size(0);
        g.setInputs(data.getFeatures());
        g.setLabels(data.getLabels());
        g.computeGradientAndScore();
        Map<String, INDArray> analytic = new LinkedHashMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> analytic.put(k, v.dup()));
        List<Entry> out = new ArrayList<>();
        for (GraphVertex v : g.getVertices()) {
            Map<String, INDArray> params = v.paramTable(false);
            if (params == null) continue;
            for (Map.Entry<String, INDArray> p : params.entrySet()) {
                INDArray w = p.getValue();
                String key = v.getVertexName() + "_" + p.getKey();
                INDArray grad = analytic.get(key);
                if (grad == null) throw new IllegalStateException("no gradient for " + key + " among " + analytic.keySet());
                long count = perParam <= 0 ? w.length() : Math.min(perParam, w.length());
                for (long k = 0; k < count; k++) {
                    long i = count == w.length() ? k : k * (w.length() - 1) / Math.max(1, count - 1);
                    double orig = w.getDouble(i);
                    double[] f = new double[4];
                    double[] steps = {eps, -eps, 2 * eps, -2 * eps};
                    for (int s = 0; s < 4; s++) {
                        w.putScalar(i, orig + steps[s]);
                        f[s] = g.score(data, false);
                    }
                    w.putScalar(i, orig);
                    double numeric = (8 * (f[0] - f[1]) - (f[2] - f[3])) / (12 * eps);
                    out.add(new Entry(key, i, grad.getDouble(i) / n, numeric));
                }
            }
        }
        g.computeGradientAndScore();
        return out;
    }
}

package org.rnd4j.layer.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.FrameIter;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.NoOpMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a SameDiff definition inside a DL4J layer or vertex with exact gradients and one forward
 * pass per training step.
 *
 * <p>DL4J 1.0.0-M2.1's own SameDiff layers and vertices hand back twice the true gradient (their
 * external-errors function is counted twice) and recompute the forward pass inside backprop. Here
 * the backward pass differentiates {@code L = Σ out ⊙ ε} with {@code ε} a placeholder (so
 * {@code dL/dout = ε} exactly), and a session that remembers every op result of the training
 * forward pass replays them in the gradient function instead of executing the forward ops again.
 * Arrays live outside DL4J's workspaces (the caller copies results into them).
 */
final class SameDiffRunner {
    /** Defines the output from the input, parameter and mask variables. */
    interface Definition {
        SDVariable define(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                          Map<String, SDVariable> masks);
    }

    static final String EPSILON = "rnd4j_epsilon";
    static final String LOSS = "rnd4j_vjp";

    private final SameDiff sd;
    private final SameDiff grad;
    private final String output;
    private final List<String> inputs;
    private final List<String> params;
    private final Map<String, String> gradNames = new LinkedHashMap<>();
    /** The inputs the cached forward results were computed from (reference identity). */
    private INDArray[] cachedFor;
    /** Executions of forward ops by name, for tests. */
    final Map<String, Integer> forwardExecutions = new HashMap<>();

    /** The forward-op executions of {@code runners} together, by op name. */
    static Map<String, Integer> forwardExecutions(java.util.Collection<SameDiffRunner> runners) {
        Map<String, Integer> all = new HashMap<>();
        runners.forEach(r -> r.forwardExecutions.forEach((k, v) -> all.merge(k, v, Integer::sum)));
        return all;
    }

    /**
     * @param inputNames  placeholder names, in DL4J's input order
     * @param inputShapes one example input shape per input; all but dimension 1 become -1
     * @param paramArrays DL4J's parameter views, associated with the SameDiff variables
     * @param maskShapes  one mask shape per input ({@code null}: no masks)
     */
    SameDiffRunner(Definition def, List<String> inputNames, List<long[]> inputShapes, Map<String, long[]> paramShapes,
                   Map<String, INDArray> paramArrays, List<long[]> maskShapes, DataType dataType) {
        this.inputs = List.copyOf(inputNames);
        this.params = List.copyOf(paramShapes.keySet());
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            sd = SameDiff.create();
            sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
            Map<String, SDVariable> in = new LinkedHashMap<>(), masks = new LinkedHashMap<>(), p = new LinkedHashMap<>();
            for (int i = 0; i < inputNames.size(); i++) {
                in.put(inputNames.get(i), sd.placeHolder(inputNames.get(i), dataType, dynamic(inputShapes.get(i))));
                if (maskShapes != null) {
                    long[] m = maskShapes.get(i).clone();
                    m[0] = -1;
                    masks.put(inputNames.get(i), sd.placeHolder(maskName(inputNames.get(i)), dataType, m));
                }
            }
            for (Map.Entry<String, long[]> e : paramShapes.entrySet()) {
                p.put(e.getKey(), sd.var(e.getKey(), dataType, e.getValue()));
            }
            SDVariable out = def.define(sd, in, p, masks);
            if (out == null) {
                throw new IllegalStateException("the SameDiff definition returned no output variable");
            }
            if (inputNames.contains(out.name()) || paramShapes.containsKey(out.name())) {
                out = sd.identity(out);
            }
            for (Map.Entry<String, INDArray> e : paramArrays.entrySet()) {
                sd.associateArrayWithVariable(e.getValue(), sd.getVariable(e.getKey()));
            }
            output = out.name();
            SDVariable eps = sd.var(EPSILON, VariableType.PLACEHOLDER, null, dataType, (long[]) null);
            SDVariable vjp = out.mul(eps).sum().rename(LOSS);
            sd.setLossVariables(vjp);
            sd.createGradFunction(inputNames.toArray(new String[0]));
            grad = sd.getFunction("grad");
            for (String name : inputNames) gradNames.put(name, gradName(name));
            for (String name : params) gradNames.put(name, gradName(name));
        }
    }

    private String gradName(String variable) {
        SDVariable g = sd.getVariable(variable).getGradient();
        return g == null ? null : g.name();
    }

    static String maskName(String input) {
        return input + "_mask";
    }

    /**
     * The batch size free, every other dimension fixed (as DL4J does): SameDiff does not infer the
     * shapes of intermediate results, and definitions may need them (size-dependent operators,
     * reshapes). The runtimes keep one runner per input size.
     */
    private static long[] dynamic(long[] shape) {
        if (shape == null) return null;
        long[] s = shape.clone();
        s[0] = -1;
        return s;
    }

    private Map<String, INDArray> placeholders(INDArray[] in, INDArray[] masks) {
        Map<String, INDArray> ph = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            ph.put(inputs.get(i), in[i]);
            if (masks != null && masks[i] != null && sd.hasVariable(maskName(inputs.get(i)))) {
                ph.put(maskName(inputs.get(i)), masks[i]);
            }
        }
        return ph;
    }

    /** The output for {@code in}; with {@code training}, every op result is kept for {@link #backward}. */
    INDArray forward(INDArray[] in, INDArray[] masks, boolean training) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ReplaySession s = session();
            s.mode = training ? Mode.RECORD : Mode.PLAIN;
            s.cache.clear();
            cachedFor = training ? in.clone() : null;
            Map<String, INDArray> out = s.output(List.of(output), placeholders(in, masks), null, null, null,
                    At.defaultAt(training ? Operation.TRAINING : Operation.INFERENCE));
            s.mode = Mode.PLAIN;
            return out.get(output);
        }
    }

    /** Gradients (by input and parameter name) of {@code Σ out ⊙ epsilon}, i.e. {@code Jᵀε}. */
    Map<String, INDArray> backward(INDArray[] in, INDArray[] masks, INDArray epsilon) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            ReplaySession s = session();
            boolean replay = cachedFor != null && cachedFor.length == in.length;
            for (int i = 0; replay && i < in.length; i++) replay = cachedFor[i] == in[i];
            s.mode = replay ? Mode.REPLAY : Mode.PLAIN;
            Map<String, INDArray> ph = placeholders(in, masks);
            ph.put(EPSILON, epsilon);
            List<String> wanted = new ArrayList<>();
            gradNames.values().stream().filter(java.util.Objects::nonNull).forEach(wanted::add);
            Map<String, INDArray> out = s.output(wanted, ph, null, null, null, At.defaultAt(Operation.TRAINING));
            s.mode = Mode.PLAIN;
            s.cache.clear();
            cachedFor = null;
            Map<String, INDArray> result = new LinkedHashMap<>();
            gradNames.forEach((variable, g) -> result.put(variable, g == null ? null : out.get(g)));
            return result;
        }
    }

    /** Drops cached forward results. */
    void clear() {
        session().cache.clear();
        cachedFor = null;
    }

    private ReplaySession session() {
        InferenceSession s = grad.getSessions().get(Thread.currentThread().getId());
        if (s instanceof ReplaySession r) {
            return r;
        }
        ReplaySession r = new ReplaySession(grad, this);
        grad.getSessions().put(Thread.currentThread().getId(), r);
        return r;
    }

    private enum Mode { PLAIN, RECORD, REPLAY }

    /** An inference session over the gradient function that records or replays forward-op results. */
    private static final class ReplaySession extends InferenceSession {
        final Map<String, ExecutionResult> cache = new HashMap<>();
        final SameDiffRunner owner;
        Mode mode = Mode.PLAIN;

        ReplaySession(SameDiff sameDiff, SameDiffRunner owner) {
            super(sameDiff);
            this.owner = owner;
            setMmgr(new NoOpMemoryMgr());
        }

        @Override
        public ExecutionResult doExec(DifferentialFunction op, OpContext opContext, FrameIter outputFrameIter,
                                      Set<VarId> opInputs, Set<VarId> allIterInputs, Set<String> constAndPhInputs,
                                      Map<String, SDValue> otherPlaceHolders) {
            String name = op.getOwnName();
            if (mode == Mode.REPLAY) {
                ExecutionResult cached = cache.get(name);
                if (cached != null) {
                    return cached;
                }
            }
            ExecutionResult r = super.doExec(op, opContext, outputFrameIter, opInputs, allIterInputs, constAndPhInputs,
                    otherPlaceHolders);
            if (owner.sd.getOps().containsKey(name)) {
                owner.forwardExecutions.merge(name, 1, Integer::sum);
                if (mode == Mode.RECORD) {
                    cache.put(name, r);
                }
            }
            return r;
        }
    }
}

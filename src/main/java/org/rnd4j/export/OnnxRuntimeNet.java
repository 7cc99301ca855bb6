package org.rnd4j.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An rnd4j network run by ONNX Runtime (its export, {@link OnnxExport}), as a drop-in for
 * {@code model.outputSingle}: {@code infer --runtime onnx}. One session serves every size where
 * the export is size-free; bicubic and blur, whose matrices depend on the size, get one per size.
 * ONNX Runtime is optional: built in with {@code mvn -Ponnx package}.
 */
public final class OnnxRuntimeNet implements UnaryOperator<INDArray>, AutoCloseable {
    private final ComputationGraph net;
    private final boolean sized;
    private final Map<Long, OrtSession> sessions = new HashMap<>();
    private final OrtEnvironment env;

    private OnnxRuntimeNet(ComputationGraph net) {
        this.net = net;
        this.env = OrtEnvironment.getEnvironment();
        this.sized = OnnxExport.sizeDependent(net);
    }

    /**
     * @throws IllegalArgumentException one line when ONNX Runtime is not on the class path or the network cannot be exported
     */
    public static OnnxRuntimeNet of(ComputationGraph net) {
        try {
            Class.forName("ai.onnxruntime.OrtEnvironment");
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("--runtime onnx needs ONNX Runtime, which this build does not include: build with"
                    + " mvn -B -q -Ponnx -DskipTests package");
        }
        return new OnnxRuntimeNet(net);
    }

    @Override
    public synchronized INDArray apply(INDArray y) {
        int h = (int) y.size(2), w = (int) y.size(3);
        try {
            long key = sized ? (long) h << 32 | w : 0L;
            OrtSession s = sessions.get(key);
            if (s == null) {
                byte[] model = OnnxExport.export(net, new OnnxExport.Options(sized ? h : 0, sized ? w : 0, OnnxExport.DEFAULT_OPSET, true))
                        .toByteArray();
                OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                o.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
                s = env.createSession(model, o);
                sessions.put(key, s);
            }
            INDArray yf = y.castTo(DataType.FLOAT).dup('c');
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(yf.data().asFloat()), yf.shape());
                 OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, t))) {
                OnnxTensor out = (OnnxTensor) r.get(OnnxExport.OUTPUT).orElseThrow();
                FloatBuffer b = out.getFloatBuffer();
                float[] v = new float[b.remaining()];
                b.get(v);
                return Nd4j.create(v, out.getInfo().getShape(), 'c').castTo(y.dataType());
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (OrtSession s : sessions.values()) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // closing a finished session; nothing left to release
            }
        }
        sessions.clear();
    }
}

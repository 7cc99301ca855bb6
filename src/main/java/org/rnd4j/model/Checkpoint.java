package org.rnd4j.model;

import org.rnd4j.graph.LearnedSamplingGraphs;
import org.rnd4j.operator.CompressedSensing;
import org.rnd4j.operator.Operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.io.SafeFiles;
import org.rnd4j.layer.RndVertex;
import org.rnd4j.operator.OperatorSpec;

/**
 * rnd4j's model files: DL4J's zip layout ({@code configuration.json}, {@code coefficients.bin},
 * {@code updaterState.bin}, so DL4J's {@code ModelSerializer} can still read them) plus the rnd4j
 * state as a plain JSON entry ({@value #STATE}: iteration, best score, operator, config).
 *
 * <p>Reading never runs Java deserialization — a model zip is something users download and share.
 * Only the entries above are accepted (a Java-serialized {@code preprocessor.bin} or
 * {@code normalizer.bin} is refused); every entry is inflated only up to the size its content
 * can have (the JSON to {@value #MAX_JSON_BYTES} bytes, parameters to what the configuration
 * declares), so a zip bomb stops at that bound; the array headers are checked against the
 * configuration before ND4J allocates anything; every class the configuration names must be on
 * the class path. Writes go to a temporary file that is synced and renamed into place.
 */
public final class Checkpoint {
    public static final String CONFIG = "configuration.json";
    public static final String COEFFICIENTS = "coefficients.bin";
    public static final String UPDATER = "updaterState.bin";
    public static final String NO_PARAMS = "noParams.marker";
    public static final String STATE = "rnd4j-state.json";
    /** The exponential moving average of the parameters (train.ema), beside the raw ones in last.zip. */
    public static final String EMA = "ema.bin";
    /** rnd4j 0.1.0 stored the state as a Java-serialized String here; it is read as exactly that, without ObjectInputStream. */
    static final String LEGACY_STATE = "objects/rnd4j-state.json";
    static final long MAX_JSON_BYTES = 64L << 20;
    /** Parameters (or optimizer state values) a model file may declare: 2³¹ (8 GiB of float32). */
    static final long MAX_VALUES = 1L << 31;
    /** How far parameters may compress: real weights hardly do; a file of deflated zeros declaring a huge model is refused. */
    static final long MAX_PACKING = 64;
    private static final Set<String> ALLOWED = Set.of(CONFIG, COEFFICIENTS, UPDATER, NO_PARAMS, STATE, LEGACY_STATE, EMA,
            SharedMatrix.ENTRY);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is stored beside the network. */
    public record State(long iteration, double bestScore, long bestIteration, OperatorSpec operator, String configYaml,
                        String data) {
        /** Without the images' fingerprints (a model made outside a training run, or a checkpoint from before them). */
        public State(long iteration, double bestScore, long bestIteration, OperatorSpec operator, String configYaml) {
            this(iteration, bestScore, bestIteration, operator, configYaml, null);
        }
    }

    /** A network, its rnd4j state, and the moving average of its parameters when it was trained with one. */
    public record Loaded(ComputationGraph model, State state, INDArray ema) {}

    private Checkpoint() {}

    /** Writes {@code model} (with its optimizer state) and {@code state} to {@code file} atomically. */
    public static void save(ComputationGraph model, State state, Path file) throws IOException {
        save(model, state, file, null);
    }

    /** As {@link #save(ComputationGraph, State, Path)}, with the parameters' moving average {@code ema} (or null). */
    public static void save(ComputationGraph model, State state, Path file, INDArray ema) throws IOException {
        try {
            SafeFiles.write(file, out -> {
                ZipOutputStream zip = new ZipOutputStream(new NonClosing(out));
                SharedMatrix.Externalized docs = SharedMatrix.externalize(model.getConfiguration().toJson(),
                        state == null ? null : JSON.writeValueAsString(state));
                entry(zip, CONFIG, docs.json()[0].getBytes(StandardCharsets.UTF_8));
                if (docs.matrix() != null) {
                    array(zip, SharedMatrix.ENTRY, Nd4j.create(docs.matrix(), new long[]{docs.matrix().length}, 'c'));
                }
                INDArray params = model.params();
                if (params != null && params.length() > 0) {
                    array(zip, COEFFICIENTS, params);
                } else {
                    entry(zip, COEFFICIENTS, new byte[0]);
                    entry(zip, NO_PARAMS, new byte[0]);
                }
                INDArray updater = model.getUpdater() == null ? null : model.getUpdater().getStateViewArray();
                if (updater != null && updater.length() > 0) {
                    array(zip, UPDATER, updater);
                }
                if (ema != null) {
                    array(zip, EMA, ema);
                }
                if (state != null) {
                    entry(zip, STATE, docs.json()[1].getBytes(StandardCharsets.UTF_8));
                }
                zip.finish();
            });
        } catch (IOException e) {
            throw new IOException(e.getMessage().replaceFirst("^cannot write ", "cannot write checkpoint "), e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    private static void array(ZipOutputStream zip, String name, INDArray a) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(new NonClosing(zip), 1 << 16));
        Nd4j.write(a, dos);
        dos.flush();
        zip.closeEntry();
    }

    /** The network in {@code file}, with its optimizer state when the file has one. */
    public static ComputationGraph loadModel(Path file) throws IOException {
        return read(file, false).model();
    }

    /** The rnd4j state of {@code file}. */
    public static State loadState(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            return state(zip, file, storedMatrix(zip, file));
        }
    }

    /**
     * Network and state, checked against each other (the operator in the state must be the one
     * the graph's RND vertices project with). With {@code forResume}, the optimizer state must be
     * present: resuming without it would silently restart Adam.
     */
    public static Loaded load(Path file, boolean forResume) throws IOException {
        Loaded l = read(file, forResume);
        if (!forResume && l.state() != null && LearnedSamplingGraphs.isLearned(l.model().getConfiguration())) {
            // a learned-matrix training graph (last.zip of task.learnA): the graph on y with the matrix it has learned
            if (!(Operators.create(l.state().operator()) instanceof CompressedSensing cs)) {
                throw new IOException("checkpoint " + file + " learns a sampling matrix but its state names operator " + l.state().operator());
            }
            LearnedSamplingGraphs.Frozen f = LearnedSamplingGraphs.freeze(l.model(), cs);
            State s = l.state();
            l = new Loaded(f.graph(), new State(s.iteration(), s.bestScore(), s.bestIteration(), f.operator().spec(), s.configYaml()), null);
        }
        for (GraphVertex v : l.model().getConfiguration().getVertices().values()) {
            if (v instanceof RndVertex r && !Objects.equals(r.getOperator(), l.state().operator())) {
                throw new IOException("checkpoint " + file + " is inconsistent: its state names operator " + l.state().operator()
                        + " but its RND vertex projects with " + r.getOperator());
            }
        }
        return l;
    }

    private static Loaded read(Path file, boolean requireUpdater) throws IOException {
        try (ZipFile zip = open(file)) {
            Set<String> names = new LinkedHashSet<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (!ALLOWED.contains(name)) {
                    throw new IOException("checkpoint " + file + " contains entry '" + name + "', which rnd4j does not read"
                            + (name.endsWith(".bin") || name.startsWith("objects/") ? " (a Java-serialized object: rnd4j never"
                            + " deserializes those from model files; save the model without a normalizer or preprocessor)" : "")
                            + "; expected only " + ALLOWED);
                }
                names.add(name);
            }
            if (!names.contains(CONFIG)) {
                throw new IOException("checkpoint " + file + " has no " + CONFIG + "; it is not a DL4J ComputationGraph zip");
            }
            SharedMatrix.Source matrix = storedMatrix(zip, file);
            String json = SharedMatrix.internalize(new String(bounded(zip, CONFIG, MAX_JSON_BYTES, file), StandardCharsets.UTF_8),
                    matrix, file, CONFIG);
            ComputationGraphConfiguration conf = configuration(json, file);
            checkParameterShapes(conf, file);
            long n = 0;
            for (GraphVertex v : conf.getVertices().values()) n += v.numParams(false);
            if (n > MAX_VALUES) {
                throw new IOException("checkpoint " + file + ": its configuration declares " + n + " parameters (more than "
                        + MAX_VALUES + "); refusing to allocate them");
            }
            INDArray params = null;
            if (n > 0) {
                if (!names.contains(COEFFICIENTS)) throw new IOException("checkpoint " + file + " has no " + COEFFICIENTS);
                params = readArray(zip, COEFFICIENTS, n, file, "parameters");
                requireFinite(params, file, "parameters");
                conf.setDataType(params.dataType());
            }
            ComputationGraph g = new ComputationGraph(conf);
            try {
                g.init(params, false);
            } catch (RuntimeException e) {
                throw new IOException("checkpoint " + file + ": its configuration cannot be built: " + e.getMessage(), e);
            }
            INDArray view = g.getUpdater() == null ? null : g.getUpdater().getStateViewArray();
            long u = view == null ? 0 : view.length();
            if (names.contains(UPDATER) && u > 0) {
                g.getUpdater().setStateViewArray(readArray(zip, UPDATER, u, file, "optimizer state"));
            } else if (requireUpdater && u > 0) {
                throw new IOException("checkpoint " + file + " has no optimizer state (" + UPDATER + "), so it cannot be resumed"
                        + " exactly; fine-tune from it instead (model.init.from)");
            }
            State state = names.contains(STATE) || names.contains(LEGACY_STATE) ? state(zip, file, matrix) : null;
            INDArray ema = names.contains(EMA) ? readArray(zip, EMA, n, file, "parameter average").reshape(g.params().shape()) : null;
            if (ema != null) requireFinite(ema, file, "parameter average");
            return new Loaded(g, state, ema);
        }
    }

    /** A model with NaN or infinite weights restores nothing (black images, a few dB): refused at load. */
    private static void requireFinite(INDArray a, Path file, String what) throws IOException {
        long bad = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition(a,
                org.nd4j.linalg.indexing.conditions.Conditions.isNan())).getLong(0)
                + Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition(a,
                org.nd4j.linalg.indexing.conditions.Conditions.isInfinite())).getLong(0);
        if (bad > 0) {
            throw new IOException("checkpoint " + file + ": " + bad + " of its " + a.length() + " " + what + " are NaN or infinite;"
                    + " the model cannot restore anything (was it saved after training diverged?)");
        }
    }

    private static ZipFile open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            List<String> zips;
            try (var list = Files.list(file)) {
                zips = list.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".zip")).sorted().toList();
            }
            throw new IOException("checkpoint " + file + " is a folder; give a checkpoint zip" + (zips.isEmpty() ? ""
                    : " in it (" + String.join(", ", zips.size() > 5 ? zips.subList(0, 5) : zips) + (zips.size() > 5 ? ", ..." : "")
                    + "; a run's best.zip is the one validation chose)"));
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint " + file + " does not exist");
        }
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException("checkpoint " + file + " is not a zip file (" + e.getMessage() + ")");
        }
    }

    private static State state(ZipFile zip, Path file, SharedMatrix.Source matrix) throws IOException {
        String json;
        if (zip.getEntry(STATE) != null) {
            json = new String(bounded(zip, STATE, MAX_JSON_BYTES, file), StandardCharsets.UTF_8);
        } else if (zip.getEntry(LEGACY_STATE) != null) {
            json = legacyString(bounded(zip, LEGACY_STATE, MAX_JSON_BYTES, file), file);
        } else {
            throw new IOException("checkpoint " + file + " has no rnd4j state (" + STATE + "); was it written by rnd4j? A plain DL4J"
                    + " model is fine-tuned with model.init (format: dl4j)");
        }
        json = SharedMatrix.internalize(json, matrix, file, STATE);
        try {
            State s = JSON.readValue(json, State.class);
            if (s.operator() == null || s.configYaml() == null) throw new IOException("operator or config missing");
            if (s.iteration() < 0 || s.bestIteration() < -1 || s.bestIteration() > s.iteration()) {
                throw new IOException("iteration " + s.iteration() + " / best at " + s.bestIteration() + " is not a position in a run");
            }
            return s;
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + ": its " + STATE + " is not valid (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
    }

    /** The zip's stored sampling matrix ({@link SharedMatrix}), read at most once however many documents name it. */
    private static SharedMatrix.Source storedMatrix(ZipFile zip, Path file) {
        float[][] read = new float[1][];
        return expected -> {
            if (read[0] == null && zip.getEntry(SharedMatrix.ENTRY) != null) {
                INDArray m = readArray(zip, SharedMatrix.ENTRY, expected, file, "sampling matrix");
                requireFinite(m, file, "sampling matrix values");
                read[0] = m.castTo(DataType.FLOAT).toFloatVector();
            }
            if (read[0] != null && read[0].length != expected) {
                throw new IOException("checkpoint " + file + ": sampling matrix (" + SharedMatrix.ENTRY + ") holds " + read[0].length
                        + " values but a CS operator naming it needs " + expected + " (was the configuration edited?)");
            }
            return read[0];
        };
    }

    /** A Java-serialized {@code String} (magic, version, TC_STRING, modified UTF-8) read as bytes, never as an object stream. */
    private static String legacyString(byte[] b, Path file) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        if (b.length < 7 || in.readUnsignedShort() != 0xACED || in.readUnsignedShort() != 5 || in.readUnsignedByte() != 0x74) {
            throw new IOException("checkpoint " + file + ": " + LEGACY_STATE + " is not a serialized string; refusing to read it");
        }
        return in.readUTF();
    }

    /** An entry's bytes, refusing to inflate more than {@code limit}. */
    private static byte[] bounded(ZipFile zip, String name, long limit, Path file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e.getSize() > limit) {
            throw new IOException("checkpoint " + file + ": entry " + name + " declares " + e.getSize() + " bytes, more than the "
                    + limit + " it can hold");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
            if (b.length > limit) {
                throw new IOException("checkpoint " + file + ": entry " + name + " inflates to more than " + limit
                        + " bytes (a corrupt or malicious zip); refusing to read it");
            }
            return b;
        } catch (ZipException ex) {
            throw new IOException("checkpoint " + file + ": entry " + name + " is corrupt (" + ex.getMessage() + ")");
        }
    }

    /**
     * An ND4J binary array of exactly {@code expected} values: its headers are read and checked
     * before ND4J allocates anything (a hostile header could otherwise ask for any amount).
     */
    private static INDArray readArray(ZipFile zip, String name, long expected, Path file, String what) throws IOException {
        String where = "checkpoint " + file + ": " + what + " (" + name + ")";
        long packed = zip.getEntry(name).getCompressedSize();
        if (!name.equals(UPDATER) && packed >= 0 && packed * MAX_PACKING < expected * 2) {
            throw new IOException(where + ": its configuration declares " + expected + " values but the file holds only " + packed
                    + " compressed bytes for them (trained weights do not compress " + MAX_PACKING + "-fold); refusing to inflate it");
        }
        byte[] b = bounded(zip, name, expected * 8 + 4096, file);
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            long shapeLength = header(in, where, DataType.LONG);
            if (shapeLength < 4 || shapeLength > 2 * 32 + 4) throw new IOException(where + ": bad shape header");
            long[] info = new long[(int) shapeLength];
            for (int i = 0; i < info.length; i++) info[i] = in.readLong();
            long rank = info[0], count = 1;
            if (rank < 0 || rank > 32 || 2 * rank + 4 != shapeLength) throw new IOException(where + ": bad shape header");
            for (int i = 1; i <= rank; i++) {
                if (info[i] < 0) throw new IOException(where + ": bad shape header");
                count = Math.multiplyExact(count, info[i]);
            }
            long length = header(in, where, null);
            if (count != expected || length != expected) {
                throw new IOException(where + " holds " + length + " values but its configuration needs " + expected
                        + " (was the configuration edited?)");
            }
        } catch (ArithmeticException | java.io.EOFException e) {
            throw new IOException(where + ": truncated or malformed array");
        }
        try {
            return Nd4j.read(new DataInputStream(new ByteArrayInputStream(b)));
        } catch (RuntimeException e) {
            throw new IOException(where + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** One ND4J buffer header (allocation mode, length, data type); {@code type} null accepts the floating-point types. */
    private static long header(DataInputStream in, String where, DataType type) throws IOException {
        String alloc = in.readUTF();
        int ordinal;
        try {
            ordinal = org.nd4j.linalg.api.buffer.DataBuffer.AllocationMode.valueOf(alloc).ordinal();
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": unknown buffer header '" + alloc + "'");
        }
        long length = ordinal < 3 ? in.readInt() : in.readLong();
        String dt = in.readUTF();
        boolean ok = type != null ? dt.equals(type.name()) : Set.of("FLOAT", "DOUBLE", "HALF", "BFLOAT16").contains(dt);
        if (!ok) throw new IOException(where + ": unexpected data type " + dt);
        return length;
    }

    /**
     * Classes that moved since checkpoints were written, old name → new (the losses left
     * {@code org.rnd4j.layer} for {@code org.rnd4j.loss}); a configuration naming an old one is read
     * with the new one. (The learning-rate schedules keep subclasses at their old names instead.)
     */
    static final Map<String, String> MOVED = Map.of(
            "org.rnd4j.layer.MseLoss", "org.rnd4j.loss.MseLoss",
            "org.rnd4j.layer.PixelLoss", "org.rnd4j.loss.PixelLoss");

    /** The graph configuration, after checking that every class it names can be loaded. */
    private static ComputationGraphConfiguration configuration(String stored, Path file) throws IOException {
        String json = stored;
        for (Map.Entry<String, String> m : MOVED.entrySet()) json = json.replace("\"" + m.getKey() + "\"", "\"" + m.getValue() + "\"");
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + ": " + CONFIG + " is not valid JSON");
        }
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(tree);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            if (n.isObject()) {
                JsonNode c = n.get("@class");
                if (c != null && c.isTextual()) {
                    try {
                        Class.forName(c.asText(), false, cl);
                    } catch (ClassNotFoundException | LinkageError e) {
                        throw new IOException("checkpoint " + file + " needs class " + c.asText() + ", which is not on the class"
                                + " path: add the jar that holds it with --classpath JAR (or RND4J_CLASSPATH)");
                    }
                }
                for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) n::fields) todo.push(f.getValue());
            } else if (n.isArray()) {
                n.forEach(todo::push);
            }
        }
        try {
            ComputationGraphConfiguration c = ComputationGraphConfiguration.fromJson(json);
            if (c.getNetworkInputs() == null || c.getVertices() == null || c.getVertices().isEmpty()) {
                throw new IllegalArgumentException("no inputs or vertices");
            }
            return c;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            throw new IOException("checkpoint " + file + ": " + CONFIG + " is not a DL4J ComputationGraph configuration ("
                    + String.valueOf(root.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * SameDiff layers store their parameter shapes beside the settings that define them; an
     * edited setting (a layer's width) must still define the stored shapes.
     */
    private static void checkParameterShapes(ComputationGraphConfiguration conf, Path file) throws IOException {
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            Map<String, long[]> stored, defined;
            try {
                if (e.getValue() instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                        && lv.getLayerConf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer l) {
                    stored = l.getLayerParams().getParamShapes();
                    var fresh = new org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams();
                    l.defineParameters(fresh);
                    defined = fresh.getParamShapes();
                } else if (e.getValue() instanceof org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex v) {
                    stored = v.getVertexParams().getParamShapes();
                    var fresh = new org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams();
                    v.defineParametersAndInputs(fresh);
                    defined = fresh.getParamShapes();
                } else {
                    continue;
                }
            } catch (RuntimeException ex) {
                throw new IOException("checkpoint " + file + ": layer '" + e.getKey() + "' cannot define its parameters ("
                        + ex.getMessage() + ")");
            }
            boolean same = stored.keySet().equals(defined.keySet())
                    && stored.keySet().stream().allMatch(k -> java.util.Arrays.equals(stored.get(k), defined.get(k)));
            if (!same) {
                throw new IOException("checkpoint " + file + ": layer '" + e.getKey() + "' stores parameters " + shapes(stored)
                        + " but its settings define " + shapes(defined) + " (was the configuration edited?)");
            }
        }
    }

    private static String shapes(Map<String, long[]> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=').append(java.util.Arrays.toString(v)));
        return b.append('}').toString();
    }

    /** Lets DataOutputStream be closed without closing the zip stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}

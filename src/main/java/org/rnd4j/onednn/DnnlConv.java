package org.rnd4j.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The stride-1 "same" convolution of one {@link ConvRuntime}, forward and backward, as oneDNN
 * primitives called directly (JavaCPP's oneDNN 2.5 presets) on the INDArrays' memory, whatever
 * their strides. libnd4j's {@code conv2d_bp} creates its primitives on every call, reorders the
 * output gradient twice (once per backward primitive) and copies the uninitialised output arrays
 * into oneDNN's layout before computing; here the primitives are created once per input shape and
 * layout, each array is reordered at most once, and results are reordered straight into the
 * caller's arrays (dense NCHW or NHWC-backed). Float arrays on the CPU backend only; anything else
 * goes through libnd4j ({@link #usable}). {@code -Drnd4j.dnnl=false} turns it off.
 */
public final class DnnlConv {
    /** Winograd forward 3×3 convolutions where oneDNN has them ({@code -Drnd4j.winograd=false}: never). */
    public static final boolean WINOGRAD = Boolean.parseBoolean(System.getProperty("rnd4j.winograd", "true"));
    private static final ThreadLocal<List<BytePointer>> SCRATCH = ThreadLocal.withInitial(ArrayList::new);

    private final long nIn;
    private final long nOut;
    private final int k;
    private final boolean relu;
    private final Map<String, Forward> forwards = OneDnn.recent();
    private final Map<String, ReluBackward> reluBackwards = OneDnn.recent();
    private final Map<String, Backward> backwards = OneDnn.recent();

    /** A {@code k}×{@code k} convolution {@code nIn → nOut}, followed by ReLU (fused) when {@code relu}. */
    public DnnlConv(long nIn, long nOut, int k, boolean relu) {
        this.nIn = nIn;
        this.nOut = nOut;
        this.k = k;
        this.relu = relu;
    }

    /** Whether oneDNN can run a convolution on these arrays (see {@link OneDnn#usable}). */
    public static boolean usable(INDArray... arrays) {
        return OneDnn.usable(arrays);
    }

    /** {@code out = conv(x, W) + b} (then ReLU); {@code x} and {@code out} are NCHW-shaped, of any strides. */
    public void forward(INDArray x, INDArray w, INDArray b, INDArray out) {
        Forward f = forwards.computeIfAbsent(OneDnn.layout(x) + OneDnn.layout(out) + OneDnn.layout(w),
                key -> new Forward(x, w, out));
        stream s = OneDnn.stream();
        Slots slots = new Slots();
        in(s, w, f.wUser, f.w, f.toW, slots, f.pd.weights_desc(), 0);
        in(s, x, f.srcUser, f.src, f.srcReorder, slots, f.pd.src_desc(), 1);
        f.biasUser.set_data_handle(OneDnn.address(b));
        f.toBias.execute(s, f.biasUser, f.bias);
        f.dst.set_data_handle(f.dstReorder == null ? OneDnn.address(out) : slots.scratch(f.pd.dst_desc(), 2));
        f.conv.execute(s, f.args);
        out(s, out, f.dstUser, f.dst, f.dstReorder);
        s._wait();
    }

    /** Points {@code inner} at {@code a} itself, or (with a reorder) at scratch slot {@code slot} filled from it. */
    private static void in(stream s, INDArray a, memory user, memory inner, reorder toInner, Slots slots, memory.desc d, int slot) {
        if (toInner == null) {
            inner.set_data_handle(OneDnn.address(a));
        } else {
            inner.set_data_handle(slots.scratch(d, slot));
            user.set_data_handle(OneDnn.address(a));
            toInner.execute(s, user, inner);
        }
    }

    /** Copies a result computed in {@code inner} into {@code a}, where it was not computed there directly. */
    private static void out(stream s, INDArray a, memory user, memory inner, reorder toUser) {
        if (toUser != null) {
            user.set_data_handle(OneDnn.address(a));
            toUser.execute(s, inner, user);
        }
    }

    /**
     * dL/dx into {@code dx} and dL/dW, dL/db into {@code gw}, {@code gb} (overwritten), given the
     * input {@code x} and dL/d(conv output) {@code gO}; NCHW-shaped arrays of any strides.
     */
    public void backward(INDArray x, INDArray w, INDArray gO, INDArray dx, INDArray gw, INDArray gb) {
        String key = OneDnn.layout(x) + OneDnn.layout(gO) + OneDnn.layout(dx) + OneDnn.layout(w) + OneDnn.layout(gw);
        Backward bw = backwards.computeIfAbsent(key, s -> new Backward(x, w, gO, dx, gw));
        stream s = OneDnn.stream();
        Slots slots = new Slots();
        // the output gradient, once in each layout the two primitives want
        in(s, gO, bw.gOUser, bw.gOForData, bw.gOData, slots, bw.data.diff_dst_desc(), 0);
        if (bw.gOShared) {
            bw.gOForWeights.set_data_handle(bw.gOForData.get_data_handle());
        } else {
            in(s, gO, bw.gOUser, bw.gOForWeights, bw.gOWeights, slots, bw.weights.diff_dst_desc(), 1);
        }
        in(s, w, bw.wUser, bw.w, bw.toW, slots, bw.data.weights_desc(), 2);
        bw.dx.set_data_handle(bw.dxReorder == null ? OneDnn.address(dx) : slots.scratch(bw.data.diff_src_desc(), 3));
        bw.convData.execute(s, bw.dataArgs);
        out(s, dx, bw.dxUser, bw.dx, bw.dxReorder);
        in(s, x, bw.xUser, bw.x, bw.xReorder, slots, bw.weights.src_desc(), 4);
        bw.gw.set_data_handle(slots.scratch(bw.weights.diff_weights_desc(), 5));
        bw.convWeights.execute(s, bw.weightsArgs);
        out(s, gw, bw.gwUser, bw.gw, bw.toGw);
        out(s, gb, bw.gbUser, bw.gb, bw.toGb);
        s._wait();
    }

    /** The oneDNN implementations of the forward primitives made so far (for tests and profiles). */
    public String forwardImpls() {
        StringBuilder sb = new StringBuilder();
        forwards.values().forEach(f -> sb.append(f.pd.impl_info_str().getString()).append(' '));
        return sb.toString().trim();
    }

    /**
     * ReLU's backward from its output, {@code masked = (out > 0) · delta}, in one pass; false (and
     * nothing written) where oneDNN has only its reference kernel for these layouts.
     */
    public boolean reluBackward(INDArray out, INDArray delta, INDArray masked) {
        ReluBackward r = reluBackwards.computeIfAbsent(OneDnn.layout(out) + OneDnn.layout(delta) + OneDnn.layout(masked),
                key -> new ReluBackward(out, delta, masked));
        if (r.pd == null) return false;
        stream s = OneDnn.stream();
        r.dst.set_data_handle(OneDnn.address(out));
        r.diffDst.set_data_handle(OneDnn.address(delta));
        r.diffSrc.set_data_handle(OneDnn.address(masked));
        r.prim.execute(s, r.args);
        s._wait();
        return true;
    }

    private static final class ReluBackward {
        final eltwise_forward.primitive_desc hint;
        final eltwise_backward.primitive_desc pd;
        final primitive prim;
        final memory dst, diffDst, diffSrc;
        final IntMemoryMap args = new IntMemoryMap();

        ReluBackward(INDArray out, INDArray delta, INDArray masked) {
            memory.desc o = OneDnn.desc(out), d = OneDnn.desc(delta), m = OneDnn.desc(masked);
            hint = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    prop_kind.forward_training, algorithm.eltwise_relu_use_dst_for_bwd, o, 0f, 0f), OneDnn.cpu());
            eltwise_backward.primitive_desc p = new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                    algorithm.eltwise_relu_use_dst_for_bwd, m, o, 0f, 0f), OneDnn.cpu(), hint);
            boolean fast = !p.impl_info_str().getString().startsWith("ref") && d.equals(m);
            pd = fast ? p : null;
            prim = fast ? new eltwise_backward(p) : null;
            dst = new memory(o, OneDnn.cpu(), null);
            diffDst = new memory(d, OneDnn.cpu(), null);
            diffSrc = new memory(m, OneDnn.cpu(), null);
            args.put(DNNL_ARG_DST, dst);
            args.put(DNNL_ARG_DIFF_DST, diffDst);
            args.put(DNNL_ARG_DIFF_SRC, diffSrc);
        }
    }

    private final class Forward {
        final convolution_forward.primitive_desc pd;
        final primitive conv;
        final memory src, srcUser, w, wUser, bias, biasUser, dst, dstUser;
        final reorder srcReorder, toW, dstReorder, toBias;
        final IntMemoryMap args = new IntMemoryMap();

        Forward(INDArray x, INDArray wa, INDArray out) {
            memory.desc xu = OneDnn.desc(x), zu = OneDnn.desc(out), wu = weightsDesc(wa);
            pd = forwardDesc(xu, x.shape(), zu, out.shape());
            conv = new convolution_forward(pd);
            srcUser = new memory(xu, OneDnn.cpu(), null);
            src = new memory(pd.src_desc(), OneDnn.cpu(), null);
            srcReorder = pd.src_desc().equals(xu) ? null : new reorder(srcUser, src);
            wUser = new memory(wu, OneDnn.cpu(), null);
            w = new memory(pd.weights_desc(), OneDnn.cpu(), null);
            toW = new reorder(wUser, w);
            // bias through oneDNN-allocated (aligned) memory: a parameter view may start anywhere
            bias = new memory(biasDesc(), OneDnn.cpu());
            biasUser = new memory(biasDesc(), OneDnn.cpu(), null);
            toBias = new reorder(biasUser, bias);
            dstUser = new memory(zu, OneDnn.cpu(), null);
            dst = new memory(pd.dst_desc(), OneDnn.cpu(), null);
            dstReorder = pd.dst_desc().equals(zu) ? null : new reorder(dst, dstUser);
            args.put(DNNL_ARG_SRC, src);
            args.put(DNNL_ARG_WEIGHTS, w);
            args.put(DNNL_ARG_BIAS, bias);
            args.put(DNNL_ARG_DST, dst);
        }
    }

    /**
     * The forward primitive: Winograd where oneDNN has it (unless {@code -Drnd4j.winograd=false}),
     * else on the arrays' own layouts where oneDNN has a fast kernel for them (AVX-512: brgconv on
     * NHWC, no reorders), else on the layouts it prefers.
     */
    private convolution_forward.primitive_desc forwardDesc(memory.desc xu, long[] xDims, memory.desc zu, long[] zDims) {
        long[] wDims = {nOut, nIn, k, k};
        long[] st = {1, 1};
        primitive_attr attr = new primitive_attr();
        if (relu) {
            post_ops ops = new post_ops();
            ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
            attr.set_post_ops(ops);
        }
        if (winograd()) {
            // AVX-512 only; faster than the direct kernels for a training batch (~1.8 vs 3.0 ms for 64→64 on
            // 16×24×24) and for one 256×256 image (~14 vs 22 ms), reorders to its layout included
            try {
                return new convolution_forward.primitive_desc(new convolution_forward.desc(prop_kind.forward_training,
                        algorithm.convolution_winograd, OneDnn.any(xDims), OneDnn.any(wDims), biasDesc(), OneDnn.any(zDims), st, pads(), pads()),
                        attr, OneDnn.cpu());
            } catch (RuntimeException noWinograd) {
                // this ISA or shape has no Winograd kernel
            }
        }
        convolution_forward.primitive_desc own = new convolution_forward.primitive_desc(new convolution_forward.desc(
                prop_kind.forward_training, algorithm.convolution_direct, xu, OneDnn.any(wDims), biasDesc(), zu, st, pads(), pads()),
                attr, OneDnn.cpu());
        if (own.impl_info_str().getString().startsWith("brg")) return own;
        return new convolution_forward.primitive_desc(new convolution_forward.desc(prop_kind.forward_training,
                algorithm.convolution_direct, OneDnn.any(xDims), OneDnn.any(wDims), biasDesc(), OneDnn.any(zDims), st, pads(), pads()), attr, OneDnn.cpu());
    }

    /**
     * The weight-gradient primitive: Winograd where oneDNN has it ({@link #WINOGRAD}; ~1.5 vs ~3 ms
     * for 64→64 on 16×24×24, AVX-512), else what {@code convolution_auto} picks.
     */
    private convolution_backward_weights.primitive_desc weightsDesc(long[] xDims, long[] gDims,
                                                                    convolution_forward.primitive_desc directHint,
                                                                    List<Object> keep) {
        long[] wDims = {nOut, nIn, k, k};
        long[] st = {1, 1};
        if (winograd()) {
            try {
                convolution_forward.primitive_desc hint = new convolution_forward.primitive_desc(new convolution_forward.desc(
                        prop_kind.forward_training, algorithm.convolution_winograd, OneDnn.any(xDims), OneDnn.any(wDims), biasDesc(),
                        OneDnn.any(gDims), st, pads(), pads()), OneDnn.cpu());
                keep.add(hint);
                return new convolution_backward_weights.primitive_desc(new convolution_backward_weights.desc(
                        algorithm.convolution_winograd, OneDnn.any(xDims), OneDnn.any(wDims), biasDesc(), OneDnn.any(gDims), st, pads(), pads()),
                        OneDnn.cpu(), hint);
            } catch (RuntimeException noWinograd) {
                // this ISA or shape has no Winograd kernel
            }
        }
        return new convolution_backward_weights.primitive_desc(new convolution_backward_weights.desc(algorithm.convolution_auto,
                OneDnn.any(xDims), OneDnn.any(wDims), biasDesc(), OneDnn.any(gDims), st, pads(), pads()), OneDnn.cpu(), directHint);
    }

    private final class Backward {
        final convolution_backward_data.primitive_desc data;
        final convolution_backward_weights.primitive_desc weights;
        final primitive convData, convWeights;
        final memory gOUser, gOForData, gOForWeights, wUser, w, dx, dxUser, xUser, x, gw, gwUser, gb, gbUser;
        final reorder gOData, gOWeights, toW, dxReorder, xReorder, toGw, toGb;
        final boolean gOShared;
        final IntMemoryMap dataArgs = new IntMemoryMap();
        /** The forward hints the backward primitive descriptors point to: freed with this object, not before. */
        final List<Object> keep = new ArrayList<>();
        final IntMemoryMap weightsArgs = new IntMemoryMap();

        Backward(INDArray xa, INDArray wa, INDArray gOa, INDArray dxa, INDArray gwa) {
            long[] wDims = {nOut, nIn, k, k};
            long[] st = {1, 1};
            convolution_forward.primitive_desc hint = new convolution_forward.primitive_desc(new convolution_forward.desc(
                    prop_kind.forward_training, algorithm.convolution_direct, OneDnn.any(xa.shape()), OneDnn.any(wDims), biasDesc(),
                    OneDnn.any(gOa.shape()), st, pads(), pads()), OneDnn.cpu());
            data = new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(algorithm.convolution_auto,
                    OneDnn.any(xa.shape()), OneDnn.any(wDims), OneDnn.any(gOa.shape()), st, pads(), pads()), OneDnn.cpu(), hint);
            keep.add(hint);
            weights = weightsDesc(xa.shape(), gOa.shape(), hint, keep);
            convData = new convolution_backward_data(data);
            convWeights = new convolution_backward_weights(weights);
            memory.desc gOu = OneDnn.desc(gOa), xu = OneDnn.desc(xa), dxu = OneDnn.desc(dxa), wu = weightsDesc(wa);
            gOUser = new memory(gOu, OneDnn.cpu(), null);
            gOForData = new memory(data.diff_dst_desc(), OneDnn.cpu(), null);
            gOForWeights = new memory(weights.diff_dst_desc(), OneDnn.cpu(), null);
            gOData = data.diff_dst_desc().equals(gOu) ? null : new reorder(gOUser, gOForData);
            gOShared = gOData != null && weights.diff_dst_desc().equals(data.diff_dst_desc());
            gOWeights = gOShared || weights.diff_dst_desc().equals(gOu) ? null : new reorder(gOUser, gOForWeights);
            wUser = new memory(wu, OneDnn.cpu(), null);
            w = new memory(data.weights_desc(), OneDnn.cpu(), null);
            toW = new reorder(wUser, w);
            dxUser = new memory(dxu, OneDnn.cpu(), null);
            dx = new memory(data.diff_src_desc(), OneDnn.cpu(), null);
            dxReorder = data.diff_src_desc().equals(dxu) ? null : new reorder(dx, dxUser);
            xUser = new memory(xu, OneDnn.cpu(), null);
            x = new memory(weights.src_desc(), OneDnn.cpu(), null);
            xReorder = weights.src_desc().equals(xu) ? null : new reorder(xUser, x);
            gw = new memory(weights.diff_weights_desc(), OneDnn.cpu(), null);
            gwUser = new memory(weightsDesc(gwa), OneDnn.cpu(), null);
            toGw = new reorder(gw, gwUser);
            // the bias gradient through aligned memory: Winograd's kernel stores it with aligned writes
            // (a general-protection fault on a gradient view that starts anywhere)
            gb = new memory(biasDesc(), OneDnn.cpu());
            gbUser = new memory(biasDesc(), OneDnn.cpu(), null);
            toGb = new reorder(gb, gbUser);
            dataArgs.put(DNNL_ARG_DIFF_DST, gOForData);
            dataArgs.put(DNNL_ARG_WEIGHTS, w);
            dataArgs.put(DNNL_ARG_DIFF_SRC, dx);
            weightsArgs.put(DNNL_ARG_SRC, x);
            weightsArgs.put(DNNL_ARG_DIFF_DST, gOForWeights);
            weightsArgs.put(DNNL_ARG_DIFF_WEIGHTS, gw);
            weightsArgs.put(DNNL_ARG_DIFF_BIAS, gb);
        }
    }

    /** This thread's scratch buffers, one per slot, grown to the largest size asked of the slot. */
    private static final class Slots {
        private static final long ALIGN = 64;
        private final List<BytePointer> buffers = SCRATCH.get();

        Pointer scratch(memory.desc d, int slot) {
            long size = d.get_size();
            while (buffers.size() <= slot) buffers.add(null);
            BytePointer p = buffers.get(slot);
            if (p == null || p.capacity() < size + ALIGN) {
                if (p != null) p.close();
                p = new BytePointer(size + ALIGN);
                buffers.set(slot, p);
            }
            // oneDNN's kernels may use aligned loads and stores on their own layouts
            return OneDnn.at((p.address() + ALIGN - 1) & -ALIGN);
        }
    }

    /**
     * Whether to ask for Winograd kernels: 3×3, with channel counts that fill oneDNN's 16-float
     * blocks (other counts are padded to them, which wastes most of the gain).
     */
    private boolean winograd() {
        return WINOGRAD && k == 3 && nIn % 16 == 0 && nOut % 16 == 0;
    }

    private long[] pads() {
        return new long[]{(k - 1) / 2, (k - 1) / 2};
    }

    /** rnd4j's {@code [k, k, nIn, nOut]} weights (or their gradient) as oneDNN's {@code {nOut, nIn, k, k}}. */
    private memory.desc weightsDesc(INDArray w) {
        long[] dims = {nOut, nIn, k, k};
        long[] strides = {w.stride(3), w.stride(2), w.stride(0), w.stride(1)};
        return new memory.desc(new LongPointer(dims), memory.data_type.f32, new LongPointer(strides));
    }

    private memory.desc biasDesc() {
        return new memory.desc(new long[]{nOut}, memory.data_type.f32, memory.format_tag.x);
    }

}

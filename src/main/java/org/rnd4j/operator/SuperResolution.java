package org.rnd4j.operator;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.config.TaskSettings;
import org.rnd4j.onednn.AvgPool;
import org.rnd4j.onednn.Upsample;

/**
 * Super-resolution by {@code s}: {@code A} averages each {@code s×s} block, {@code A†} replicates
 * each low-resolution pixel into an {@code s×s} block ({@code A† = s²Aᵀ}, and {@code AA† = I}).
 *
 * <p>In SameDiff, replication is a depth-to-space of {@code s²} channel copies: SameDiff's
 * {@code upsampling2d} fails to compute shapes in training in M2.1. Eagerly, the
 * {@code upsampling2d} op is exact and 2.5× faster.
 */
public final class SuperResolution implements Degradation {
    private final int scale;
    private final Pooling2DConfig pool;

    public SuperResolution(int scale) {
        if (scale < 2) {
            throw new IllegalArgumentException("super-resolution scale must be >= 2, got " + scale);
        }
        this.scale = scale;
        this.pool = Pooling2DConfig.builder().kH(scale).kW(scale).sH(scale).sW(scale)
                .paddingMode(PaddingMode.VALID).isNHWC(false).build();
    }

    public int scale() { return scale; }

    @Override public String describe() { return "sr x" + scale; }
    @Override public int spatialMultiple() { return scale; }
    @Override public int upscale() { return scale; }
    @Override public long observationChannels(long imageChannels) { return imageChannels; }
    @Override public long observationSize(long size) { return size / scale; }

    @Override
    public INDArray apply(INDArray x) {
        checkImageShape(x.shape(), "image");
        return pool(x);
    }

    /** Average pooling through oneDNN directly where it can (3× faster than libnd4j's), else libnd4j's. */
    private INDArray pool(INDArray x) {
        INDArray y = AvgPool.apply(x, scale);
        return y != null ? y : Nd4j.cnn().avgPooling2d(x, pool);
    }

    @Override
    public INDArray pinv(INDArray y) {
        INDArray x = Upsample.apply(y, scale);
        return x != null ? x : Nd4j.cnn().upsampling2d(y, scale, scale, true);
    }

    @Override
    public INDArray pinvAdjoint(INDArray g) {
        checkImageShape(g.shape(), "gradient");
        return pool(g).muli(scale * scale);
    }

    /** {@code Aᵀ = A†/s²}. */
    @Override
    public INDArray adjoint(INDArray y) {
        return pinv(y).divi(scale * scale);
    }

    /** One pooling for both gradients: {@code (A†)ᵀ = s²A}. */
    @Override
    public INDArray[] projectGradients(INDArray g, INDArray y, INDArray lambdas) {
        if (lambdas != null) return Degradation.super.projectGradients(g, y, lambdas);
        INDArray ag = apply(g);
        INDArray dxr = pinv(ag).rsubi(g);
        return new INDArray[]{dxr, ag.muli(scale * scale)};
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable x) {
        return sd.cnn.avgPooling2d(x, pool);
    }

    @Override
    public SDVariable pinv(SameDiff sd, SDVariable y) {
        SDVariable[] copies = new SDVariable[scale * scale];
        Arrays.fill(copies, y);
        return sd.cnn.depthToSpace(sd.concat(1, copies), scale, DataFormat.NCHW);
    }

    @Override
    public OperatorSpec spec() { return OperatorSpec.sr(scale); }

    /**
     * Task {@code sr}: {@code scale} (default 4) and {@code downsample}: average (default; this
     * class) or bicubic (MATLAB's {@code imresize}, {@link BicubicDownsampling}).
     */
    public record Settings(Integer scale, String downsample) implements OperatorSettings {
        @Override
        public Settings resolve() {
            return new Settings(TaskSettings.or(scale, 4), TaskSettings.or(downsample, "average"));
        }

        @Override
        public void validate() {
            TaskSettings.check(scale >= 2 && scale <= 16, "scale", "an integer in [2, 16]", scale);
            TaskSettings.check(downsample.equals("average") || downsample.equals("bicubic"), "downsample", "average or bicubic",
                    "'" + downsample + "'");
        }

        @Override public int sideMultiple() { return scale; }
        @Override public String sideMultipleName() { return "scale"; }
        @Override public int defaultPatch() { return 24 * scale; }
        @Override public int defaultCropBorder() { return scale; }
        @Override public boolean defaultYChannel() { return true; }
        @Override public String defaultBackbone() { return "edsr"; }
        @Override public boolean observationsAreImages() { return true; }

        @Override
        public Degradation create() {
            return Operators.create(downsample.equals("bicubic") ? OperatorSpec.bicubic(scale) : OperatorSpec.sr(scale));
        }
    }
}

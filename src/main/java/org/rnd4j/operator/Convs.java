package org.rnd4j.operator;

import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/** Convolution settings the operators use for their fixed linear maps (NCHW, no padding). */
final class Convs {
    private Convs() {}

    /** A {@code k×k} convolution with stride {@code k}: non-overlapping blocks. */
    static Conv2DConfig blocks(int k) {
        return Conv2DConfig.builder().kH(k).kW(k).sH(k).sW(k).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).build();
    }

    /** A 1×1 convolution: a per-pixel linear map across channels. */
    static final Conv2DConfig POINTWISE = blocks(1);
}

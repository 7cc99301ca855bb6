package org.rnd4j.examples.unet;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.rnd4j.layer.SameDiffBlock;

/**
 * A two-level U-Net written as SameDiff ops in one {@link SameDiffBlock}: encoder convolutions,
 * 2×2 average pooling, a bottleneck, sub-pixel upsampling (a convolution to 4× the channels and
 * depth-to-space; SameDiff's upsampling2d does not train in M2.1), skip connections by
 * concatenation, and a 3-channel output. Height and width must be multiples of 4.
 */
public class UNetBlock extends SameDiffBlock {
    private int width = 16;

    public UNetBlock() {}

    public UNetBlock(int width) {
        this.width = width;
    }

    public int getWidth() { return width; }
    public void setWidth(int width) { this.width = width; }

    @Override
    public void defineParameters(SDLayerParams p) {
        int f = width;
        conv(p, "enc1", 3, 3, f);
        conv(p, "enc2", 3, f, 2 * f);
        conv(p, "mid", 3, 2 * f, 4 * f);
        conv(p, "up2", 1, 4 * f, 4 * 2 * f);   // 4·2f channels → 2f after depth-to-space by 2
        conv(p, "dec2", 3, 4 * f, 2 * f);      // concat(up2, enc2): 2f + 2f
        conv(p, "up1", 1, 2 * f, 4 * f);       // → f after depth-to-space
        conv(p, "dec1", 3, 2 * f, f);          // concat(up1, enc1): f + f
        conv(p, "out", 3, f, 3);
    }

    private static void conv(SDLayerParams p, String name, int k, long nIn, long nOut) {
        p.addWeightParam(name + "W", k, k, nIn, nOut);   // no "_": DL4J splits "layer_param" at the last one
        p.addBiasParam(name + "b", nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray a = e.getValue();
            if (e.getKey().endsWith("b")) {
                a.assign(0);
            } else {
                long fanIn = a.size(0) * a.size(1) * a.size(2);
                double scale = e.getKey().startsWith("out") ? 0.1 : 1.0;
                a.assign(Nd4j.randn(a.dataType(), a.shape()).muli(Math.sqrt(2.0 / fanIn) * scale));
            }
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        SDVariable e1 = relu(sd, conv(sd, x, p, "enc1", 3));
        SDVariable e2 = relu(sd, conv(sd, pool(sd, e1), p, "enc2", 3));
        SDVariable m = relu(sd, conv(sd, pool(sd, e2), p, "mid", 3));
        SDVariable u2 = sd.cnn.depthToSpace(conv(sd, m, p, "up2", 1), 2, DataFormat.NCHW);
        SDVariable d2 = relu(sd, conv(sd, sd.concat(1, u2, e2), p, "dec2", 3));
        SDVariable u1 = sd.cnn.depthToSpace(conv(sd, d2, p, "up1", 1), 2, DataFormat.NCHW);
        SDVariable d1 = relu(sd, conv(sd, sd.concat(1, u1, e1), p, "dec1", 3));
        return conv(sd, d1, p, "out", 3);
    }

    private static SDVariable conv(SameDiff sd, SDVariable x, Map<String, SDVariable> p, String name, int k) {
        Conv2DConfig c = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).paddingMode(PaddingMode.SAME)
                .dataFormat(Conv2DConfig.NCHW).build();
        return sd.cnn.conv2d(x, p.get(name + "W"), p.get(name + "b"), c);
    }

    private static SDVariable relu(SameDiff sd, SDVariable x) {
        return sd.nn.relu(x, 0);
    }

    private static SDVariable pool(SameDiff sd, SDVariable x) {
        return sd.cnn.avgPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .paddingMode(PaddingMode.VALID).isNHWC(false).build());
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        return InputType.convolutional(c.getHeight(), c.getWidth(), 3);
    }
}

package org.rnd4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rnd4j.operator.SuperResolution;

class ImagesTest {
    @TempDir
    Path dir;

    @Test
    void grayAnd16BitAndRgbaAreConvertedToRgb() throws Exception {
        BufferedImage g16 = new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(1, 2, 0, 65535 / 3);
        ImageIO.write(g16, "png", dir.resolve("g16.png").toFile());
        Image im = Images.read(dir.resolve("g16.png"));
        int n = 12, i = 2 * 4 + 1;
        assertThat(im.data()[i]).isEqualTo((65535 / 3) / 65535f);
        assertThat(im.data()[n + i]).isEqualTo(im.data()[i]);
        assertThat(im.data()[2 * n + i]).isEqualTo(im.data()[i]);

        BufferedImage rgba = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x80FF4000);
        ImageIO.write(rgba, "png", dir.resolve("a.png").toFile());
        Image a = Images.read(dir.resolve("a.png"));
        assertThat(a.data()[0]).isEqualTo(1f);
        assertThat(a.data()[4]).isEqualTo(0x40 / 255f);
        assertThat(a.data()[8]).isEqualTo(0f);
    }

    @Test
    void pngRoundTripIsExactAt8Bits() throws Exception {
        Image t = Images.read(Path.of("datasets/set5").resolve(Files.list(Path.of("datasets/set5"))
                .filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow().getFileName()));
        Images.writePng(t.toBatch(1), dir.resolve("copy.png"));
        assertThat(Images.read(dir.resolve("copy.png")).data()).isEqualTo(t.data());
    }

    @Test
    void corruptAndTooSmallImagesAreNamed() throws Exception {
        Files.writeString(dir.resolve("bad.png"), "garbage");
        assertThatThrownBy(() -> ImageSet.load(List.of(dir), false, 0, "data.train"))
                .hasMessageContaining("bad.png").hasMessageContaining("cannot decode");
        Files.delete(dir.resolve("bad.png"));
        ImageIO.write(new BufferedImage(20, 30, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("small.png").toFile());
        ImageSet set = ImageSet.load(List.of(dir), false, 0, "data.train");
        assertThatThrownBy(() -> new PatchSampler(set, new SuperResolution(4), 32, 2, true, true, 1))
                .hasMessageContaining("small.png").hasMessageContaining("20x30").hasMessageContaining("data.patch");
        assertThatThrownBy(() -> ImageSet.load(List.of(dir.resolve("missing")), false, 0, "data.val"))
                .hasMessageContaining("data.val").hasMessageContaining("does not exist");
    }

    @Test
    void batchesDependOnlyOnSeedAndIteration() {
        ImageSet set = ImageSet.load(List.of(Path.of("datasets/set5")), false, 0, "set5");
        PatchSampler s = new PatchSampler(set, new SuperResolution(4), 32, 3, true, true, 5);
        MultiDataSet a = s.batch(7), b = s.batch(7), c = s.batch(8);
        assertThat(a.getLabels(0)).isEqualTo(b.getLabels(0));
        assertThat(a.getLabels(0)).isNotEqualTo(c.getLabels(0));
        assertThat(a.getFeatures(0).shape()).containsExactly(3, 3, 8, 8);
        assertThat(new SuperResolution(4).apply(a.getLabels(0))).isEqualTo(a.getFeatures(0));
    }
}

package org.rnd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.rnd4j.backbone.Backbones;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.ModelConfig;
import org.rnd4j.config.RunConfig;
import org.rnd4j.data.Image;
import org.rnd4j.data.Images;
import org.rnd4j.operator.Degradation;

/** Small real-image folders cut from the shipped T91 images, and tiny run configs, for fast pipeline tests. */
public final class TestData {
    /** Where tests send a trainer's progress output. */
    public static final java.io.PrintStream QUIET = new java.io.PrintStream(new java.io.ByteArrayOutputStream());

    private TestData() {}

    /** Writes {@code train/} (8 crops 64×64) and {@code val/} (2 crops 48×48) under {@code dir}. */
    public static Path folders(Path dir) throws IOException {
        List<Path> sources;
        try (var s = Files.list(Path.of("datasets/t91"))) {
            sources = s.filter(p -> p.toString().endsWith(".png")).sorted().limit(8).collect(Collectors.toList());
        }
        for (int i = 0; i < sources.size(); i++) {
            Image im = Images.read(sources.get(i));
            INDArray x = im.toBatch(1);
            Images.writePng(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 64), NDArrayIndex.interval(0, 64)),
                    dir.resolve("train/t" + i + ".png"));
            if (i < 2) {
                Images.writePng(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(10, 58), NDArrayIndex.interval(10, 58)),
                        dir.resolve("val/v" + i + ".png"));
            }
        }
        return dir;
    }

    /** The two Set5 images the benchmark fixtures use. */
    public static final List<String> PAIR_NAMES = List.of("bird", "butterfly");

    /**
     * A benchmark set in SelfExSR's layout: {@code folder/<name>_HR.png} and {@code _LR.png} for each of
     * {@link #PAIR_NAMES}, copied from the folders {@code hrFrom} and {@code lrFrom} (paths ending in '/').
     */
    public static Path pairs(Path folder, String hrFrom, String lrFrom) throws IOException {
        Files.createDirectories(folder);
        for (String n : PAIR_NAMES) {
            Files.copy(Path.of(hrFrom + n + ".png"), folder.resolve(n + "_HR.png"));
            Files.copy(Path.of(lrFrom + n + ".png"), folder.resolve(n + "_LR.png"));
        }
        return folder;
    }

    /** The configuration of registered backbone {@code name} with the given width/depth, as the trainer builds it. */
    public static ComputationGraphConfiguration backbone(String name, Degradation op, int feats, int blocks, boolean rnd,
                                                         long obsH, long obsW, IUpdater updater, long seed) {
        return backbone(name, Map.of(), op, feats, blocks, rnd, obsH, obsW, updater, seed);
    }

    /** As above with {@code model.options}. */
    public static ComputationGraphConfiguration backbone(String name, Map<String, Object> options, Degradation op, int feats,
                                                         int blocks, boolean rnd, long obsH, long obsW, IUpdater updater, long seed) {
        return Backbones.build(Backbones.find(name), new ModelConfig(name, feats, blocks, options, rnd, null, null), op, obsH, obsW,
                updater, 0, seed);
    }

    /** A tiny SR x4 fine-tuning config over {@link #folders}, starting from {@code init} (a YAML flow mapping). */
    public static RunConfig finetune(Path dir, String name, String init, int iterations, boolean rnd) throws IOException {
        String sections = "task: {type: sr, scale: 4}\nmodel: {rnd: " + rnd + ", init: " + init + "}\n";
        return ConfigLoader.load(write(dir, name, name, sections, iterations, "2.0e-4"));
    }

    /** A tiny config for {@code task} over {@link #folders}; {@code overrides} as with {@code --set}. */
    public static RunConfig config(Path dir, String task, int iterations, Map<String, String> overrides) throws IOException {
        String sections = switch (task) {
            case "sr" -> "task: {type: sr, scale: 4}\nmodel: {backbone: edsr, feats: 8, blocks: 1}\n";
            case "colorization" -> "task: {type: colorization}\nmodel: {backbone: resnet, feats: 8, blocks: 1}\n";
            case "cs" -> "task: {type: cs, block: 8, ratio: 0.25, seed: 3}\nmodel: {backbone: resnet, feats: 8, blocks: 1}\n";
            case "sr-bicubic" -> "task: {type: sr, scale: 4, downsample: bicubic}\nmodel: {backbone: edsr, feats: 8, blocks: 1}\n";
            case "deblur" -> "task: {type: deblur, blur: gaussian, sigma: 1.5, border: reflect}\nmodel: {backbone: resnet, feats: 8, blocks: 1}\n";
            case "inpainting" -> "task: {type: inpainting, mask: pixels, ratio: 0.3, seed: 5}\nmodel: {backbone: resnet, feats: 8, blocks: 1}\n";
            case "sr-noisy" -> "task: {type: sr, scale: 4, noise: 0.05}\nmodel: {backbone: edsr, feats: 8, blocks: 1}\n";
            case "attenuate" -> "task: {type: attenuate, gain: 0.5}\nmodel: {backbone: resnet, feats: 8, blocks: 1}\n";
            default -> throw new IllegalArgumentException(task);
        };
        return ConfigLoader.load(write(dir, task, "tiny-" + task, sections, iterations, "2.0e-3"), overrides);
    }

    /** Writes {@code <dir>/<file>.yaml}: the given task/model sections plus the shared tiny data and train sections. */
    private static Path write(Path dir, String file, String name, String sections, int iterations, String lr) throws IOException {
        String yaml = "name: " + name + "\n" + sections
                + "data: {train: [" + dir.resolve("train") + "], val: " + dir.resolve("val") + ", patch: 32, batch: 4, prefetch: 2}\n"
                + "train: {iterations: " + iterations + ", lr: " + lr + ", schedule: constant, seed: 7, logEvery: 1000, "
                + "validateEvery: 1000, checkpointEvery: 1000}\n"
                + "output: " + dir.resolve("run-" + file) + "\n";
        Path f = dir.resolve(file + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
    /** A PNG file's bit depth and colour type (0 gray, 2 RGB), read from its IHDR bytes, not through a decoder. */
    public static int[] pngDepthAndType(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        return new int[]{b[24], b[25]};
    }

    /** A PNG whose header claims {@code w × h} with almost no pixel data. */
    public static byte[] pngHeaderOnly(int w, int h) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put(new byte[3]).array());
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(new byte[1 + 3 * 64]);
        d.finish();
        byte[] z = new byte[512];
        chunk(out, "IDAT", java.util.Arrays.copyOf(z, d.deflate(z)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** {@code png} with a chunk of {@code type} inserted right after its IHDR. */
    public static byte[] withChunk(byte[] png, String type, byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(png, 0, 33);
        chunk(out, type, data);
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes());
        crc.update(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(type.getBytes());
        out.writeBytes(data);
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

}

package org.rnd4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The facts about the machine that decide the benchmark's figures: CPU model, the widest vector
 * instruction set it has (oneDNN picks its kernels by it: the same build was level with PyTorch
 * on an AVX-512 host and 1.14–1.28× slower on an AVX2-only one), cores, ND4J's threads, and a
 * cap on oneDNN's instruction set if one is set ({@code DNNL_MAX_CPU_ISA}: libnd4j's oneDNN 2.3
 * ignores {@code ONEDNN_MAX_CPU_ISA}; PyTorch's reads both).
 */
public record Host(String cpu, String isa, int cores, int threads, String onednnMaxIsa) {

    /** Reads {@code /proc/cpuinfo} (Linux); unknown fields are {@code unknown}. */
    public static Host detect() {
        String model = "unknown";
        String flags = "";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (model.equals("unknown") && l.startsWith("model name")) model = l.substring(l.indexOf(':') + 1).trim();
                if (flags.isEmpty() && l.startsWith("flags")) flags = " " + l.substring(l.indexOf(':') + 1).trim() + " ";
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        String isa = flags.isEmpty() ? "unknown" : flags.contains(" avx512f ") ? "avx512" : flags.contains(" avx2 ") ? "avx2"
                : flags.contains(" avx ") ? "avx" : "sse";
        // libnd4j M2.1 bundles oneDNN 2.3, which reads DNNL_MAX_CPU_ISA only (ONEDNN_* names came with 2.5)
        String cap = System.getenv("DNNL_MAX_CPU_ISA");
        return new Host(model, isa, Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxThreads(),
                cap == null || cap.isBlank() ? "none" : cap.trim().toLowerCase(Locale.ROOT));
    }

    /** One line for people. */
    public String describe() {
        return String.format(Locale.ROOT, "host: %s, %s, %d cores, %d ND4J threads, oneDNN ISA cap %s", cpu, isa.toUpperCase(Locale.ROOT),
                cores, threads, onednnMaxIsa);
    }

    /** The RESULT-line fields (no spaces inside values). */
    public String fields() {
        return String.format(Locale.ROOT, "isa=%s cores=%d threads=%d onednn_max_isa=%s cpu=%s", isa, cores, threads, onednnMaxIsa,
                cpu.replaceAll("\\s+", "_"));
    }
}

package org.rnd4j.cli;

import org.nd4j.linalg.factory.Nd4j;

/** Starts ND4J once and turns a missing backend (e.g. CUDA without a driver) into a one-line error. */
final class Backend {
    private Backend() {}

    static void require() {
        if (cudaBackendOnClassPath() && !java.nio.file.Files.exists(java.nio.file.Path.of("/proc/driver/nvidia/version"))) {
            throw new IllegalStateException("no usable ND4J backend: this is the CUDA build (target/lib-cuda) but no NVIDIA driver is"
                    + " loaded (/proc/driver/nvidia/version missing); use the CPU build (mvn -B -q -DskipTests package,"
                    + " or RND4J_BACKEND=cpu when both are built)");
        }
        try {
            Nd4j.create(1);
        } catch (Throwable t) {
            String reason = String.valueOf(t);
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof UnsatisfiedLinkError) {
                    reason = c.getMessage();
                }
            }
            String hint = cudaBackendOnClassPath() || reason.contains("cuda")
                    ? "the CUDA backend needs an NVIDIA GPU and driver (libcuda.so.1); use the CPU build"
                    + " (mvn -B -q -DskipTests package, or RND4J_BACKEND=cpu when both are built)"
                    : "check that the natives for linux-x86_64 are in target/lib";
            throw new IllegalStateException("no usable ND4J backend: " + hint + " [" + reason + "]");
        }
    }

    private static boolean cudaBackendOnClassPath() {
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

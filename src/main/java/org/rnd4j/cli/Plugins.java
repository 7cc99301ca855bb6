package org.rnd4j.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Users' jars (backbone plugins, their layer classes) on rnd4j's class path without rebuilding it:
 * {@code --classpath A.jar:B.jar} or the {@code RND4J_CLASSPATH} environment variable. They are
 * loaded by a class loader that becomes the thread's context loader, which is where
 * {@link java.util.ServiceLoader} looks for backbones and where DL4J's JSON reader finds the layer
 * classes named in a checkpoint.
 */
final class Plugins {
    static final String ENV = "RND4J_CLASSPATH";

    private Plugins() {}

    /** Installs {@code classpath} (entries separated by {@code :}) as the context class loader; returns the previous one. */
    static ClassLoader install(String classpath, String what) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        if (classpath == null || classpath.isBlank()) return previous;
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(what + ": " + entry + " does not exist (expected jar files or class folders"
                        + " separated by " + File.pathSeparator + ")");
            }
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(what + ": " + entry + " is not a usable path: " + e.getMessage());
            }
        }
        ClassLoader parent = previous != null ? previous : Plugins.class.getClassLoader();
        Thread.currentThread().setContextClassLoader(new URLClassLoader(urls.toArray(new URL[0]), parent));
        return previous;
    }
}

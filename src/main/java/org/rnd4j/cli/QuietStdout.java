package org.rnd4j.cli;

import java.io.PrintStream;

/**
 * SameDiff M2.1 prints "Added differentiated op …" to stdout for every op whenever a graph is
 * differentiated (an unconditional {@code System.out.println}); this stream drops those lines.
 */
final class QuietStdout extends PrintStream {
    QuietStdout(PrintStream out) {
        super(out, true);
    }

    @Override
    public void println(String x) {
        if (x != null && x.startsWith("Added differentiated op ")) return;
        super.println(x);
    }

    static void install() {
        if (!(System.out instanceof QuietStdout)) System.setOut(new QuietStdout(System.out));
    }
}

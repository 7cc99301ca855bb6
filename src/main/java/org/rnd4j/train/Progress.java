package org.rnd4j.train;

import java.io.PrintStream;
import java.util.Locale;
import org.rnd4j.eval.EvalSummary;

/** Console progress: a bar with iteration, loss, learning rate, last validation PSNR, it/s and ETA. */
final class Progress {
    private final PrintStream out;
    private final long start, total;
    private final long t0 = System.nanoTime();
    private final boolean tty = System.console() != null;

    Progress(PrintStream out, long start, long total) {
        this.out = out;
        this.start = start;
        this.total = total;
    }

    /** A line of its own, after the bar's line on a terminal. */
    void warn(String line) {
        out.println(tty ? "\n" + line : line);
        out.flush();
    }

    void update(long it, double loss, double lr, EvalSummary val, boolean line) {
        if (!tty && !line) return;
        double secs = (System.nanoTime() - t0) / 1e9;
        double rate = (it - start) / Math.max(secs, 1e-9);
        long eta = (long) ((total - it) / Math.max(rate, 1e-9));
        int width = 24, filled = (int) (width * it / Math.max(1, total));
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        String v = val == null ? "   -   " : String.format(Locale.ROOT, "%.2f dB", val.psnr());
        String s = String.format(Locale.ROOT, "[%s] %d/%d loss %.5f lr %.2e val %s  %.2f it/s  ETA %d:%02d",
                bar, it, total, loss, lr, v, rate, eta / 60, eta % 60);
        if (tty) {
            out.print("\r" + s + (line ? "\n" : ""));
        } else {
            out.println(s);
        }
        out.flush();
    }
}

package org.rnd4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.rnd4j.cli.Main;

/** Runs the {@code rnd4j} command line in this JVM, capturing what it prints. */
public final class Cli {
    private Cli() {}

    /** Exit code, standard output and standard error of one command. */
    public record Run(int code, String out, String err) {}

    public static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Run(Main.execute(args), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}

package org.rnd4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code rnd4j} command; subcommands live beside it. */
@Command(name = "rnd4j", mixinStandardHelpOptions = true, version = "rnd4j 0.1.0",
        description = "Train, evaluate and run image-restoration networks with an exact Range-Null space Decomposition layer.",
        subcommands = {TrainCommand.class, EvalCommand.class, InferCommand.class, BenchCommand.class, SearchCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        QuietStdout.install();
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; errors become one line on stderr. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable root = ex;
            String msg = root.getMessage();
            if (root instanceof IllegalArgumentException || root instanceof IllegalStateException
                    || root instanceof java.io.IOException || root instanceof org.rnd4j.config.ConfigException
                    || root instanceof org.rnd4j.train.Trainer.DivergedException) {
                cmd.getErr().println("rnd4j: " + msg);
            } else {
                cmd.getErr().println("rnd4j: unexpected error: " + ex);
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }
}

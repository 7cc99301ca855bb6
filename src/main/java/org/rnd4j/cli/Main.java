package org.rnd4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code rnd4j} command; subcommands live beside it. */
@Command(name = "rnd4j", mixinStandardHelpOptions = true, version = "rnd4j 0.1.0",
        description = "Train, evaluate and run image-restoration networks with an exact Range-Null space Decomposition layer.",
        subcommands = {TrainCommand.class, EvalCommand.class, InferCommand.class, DegradeCommand.class, SearchCommand.class, ReportCommand.class, UiCommand.class, BenchCommand.class, BenchmarkCommand.class, ExportCommand.class,
                BackbonesCommand.class})
public final class Main implements Runnable {
    private boolean debug;

    @Option(names = "--classpath", paramLabel = "JARS", scope = ScopeType.INHERIT,
            description = "Extra jars or class folders (separated by ':') with backbone plugins or layer classes; "
                    + "added to those in the RND4J_CLASSPATH environment variable")
    void classpath(String jars) {
        Plugins.install(jars, "--classpath");
    }

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print the stack trace of an error")
    void debug(boolean on) {
        debug = on;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        QuietStdout.install();
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; errors become one line on stderr (with --debug, a stack trace too). */
    public static int execute(String... args) {
        return execute(cl -> {}, args);
    }

    /** As {@link #execute(String...)}, with the command line adjusted first (tests add a command). */
    static int execute(java.util.function.Consumer<CommandLine> adjust, String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        adjust.accept(cl);
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> fail(ex, cmd.getErr(), main.debug));
        cl.setParameterExceptionHandler(Main::usageError);
        try {
            Plugins.install(System.getenv(Plugins.ENV), Plugins.ENV);
            return cl.execute(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rnd4j: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            // an Error is not an Exception: picocli passes it by the handler above
            return fail(e, cl.getErr(), main.debug);
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }

    /**
     * A command line picocli cannot parse (an unknown option, a missing one, a value of the wrong form): one line naming
     * what is wrong and where the help is, and picocli's "did you mean" line for a misspelt option; not the whole usage.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        java.io.PrintWriter err = cmd.getErr();
        // picocli says "Value for option option '--set' ..."
        err.println("rnd4j: " + ex.getMessage().replace("option option", "option") + " (see " + cmd.getCommandSpec().qualifiedName()
                + " --help)");
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** One line for {@code ex} on {@code err} (and its stack trace with --debug); the exit code 1. */
    private static int fail(Throwable ex, java.io.PrintWriter err, boolean debug) {
        err.println("rnd4j: " + Errors.oneLine(ex));
        if (debug) ex.printStackTrace(err);
        err.flush();
        return 1;
    }
}

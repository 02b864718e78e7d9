package org.fangsentiment.local.runner;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code fang-local}: runs the real producer and consumer handlers on this machine, against the
 * embedded AWS stack or any AWS-compatible endpoint ({@code run}), or invokes one handler with an
 * event file ({@code invoke}). Built as {@code local/target/fang-local.jar}.
 *
 * <p>Exit codes: {@link ExitCodes#OK}, {@link ExitCodes#DEAD_LETTERS}, {@link ExitCodes#ERROR}.
 */
@Command(name = "fang-local", mixinStandardHelpOptions = true, version = "fang-local 1.0.0",
        exitCodeOnInvalidInput = ExitCodes.ERROR, exitCodeOnExecutionException = ExitCodes.ERROR,
        subcommands = {RunCommand.class, InvokeCommand.class},
        description = "Runs the fang-sentiment pipeline locally: the real producer and consumer Lambda handlers "
                + "against an embedded (or any AWS-compatible) DynamoDB, SQS and S3.")
public final class FangLocal implements Runnable {

    /** The Log4j2 configuration of the jar: plain console for the runner, pipeline JSON logs on stderr. */
    static final String LOG_CONFIG = "fang-local-log4j2.xml";
    /** System property the log configuration reads the level from ({@code --verbose} sets INFO). */
    static final String LOG_LEVEL_PROPERTY = "fang.local.logLevel";
    /**
     * System property the log configuration reads the metric lines' level from: INFO (printed whatever the log
     * level, as a deployment writes them) unless {@code run} without {@code --verbose} sets it OFF, since the run's
     * summary prints the same counts.
     */
    static final String METRICS_LEVEL_PROPERTY = "fang.local.metricsLevel";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: run or invoke");
    }

    public static void main(String[] args) {
        // Before any logger exists: the runner's own log configuration, unless the user gave one.
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIG);
        }
        if (List.of(args).contains("--verbose")) {
            System.setProperty(LOG_LEVEL_PROPERTY, "INFO");
        } else if (args.length > 0 && args[0].equals("run")) {
            System.setProperty(METRICS_LEVEL_PROPERTY, "OFF");
        }
        int code = execute(new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8), args);
        System.exit(code);
    }

    /** Runs the command line; returns the exit code (tests call this instead of {@link #main}). */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new FangLocal());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        boolean verbose = List.of(args).contains("--verbose");
        cli.setExecutionExceptionHandler((exception, command, parsed) -> {
            errWriter.println("Error: " + describe(exception));
            if (verbose || !(exception instanceof RunnerException)) {
                if (verbose) {
                    exception.printStackTrace(errWriter);
                } else {
                    errWriter.println("(run with --verbose for the stack trace)");
                }
            }
            errWriter.flush();
            return ExitCodes.ERROR;
        });
        int code = cli.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    /** One line saying what went wrong, for the kinds of failure a user can act on. */
    static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RunnerException runner) {
                return runner.getMessage();
            }
            if (cause instanceof BindException bind) {
                return "A port is already in use (" + bind.getMessage() + "). Stop what holds it, or try again.";
            }
            if (cause instanceof ConnectException connect) {
                return "Lost the connection to a server this run talks to (" + connect.getMessage() + "): "
                        + error.getMessage();
            }
            if (cause instanceof OutOfMemoryError) {
                return "Out of memory. Give the JVM more heap, for example java -Xmx2g -jar local/target/fang-local.jar ...";
            }
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}

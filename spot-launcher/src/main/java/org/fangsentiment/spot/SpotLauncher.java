package org.fangsentiment.spot;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The {@code spot-launcher} command: launches a self-terminating EC2 spot instance for a batch job,
 * and lists, prices and terminates such instances.
 *
 * <p>Exit codes: 0 success (including a dry run that would succeed), 1 AWS refused or the request
 * failed, 2 invalid input.
 */
@Command(name = "spot-launcher",
        mixinStandardHelpOptions = true,
        versionProvider = SpotLauncher.Version.class,
        description = "Launches an EC2 spot instance that terminates itself after a set number of minutes,"
                + " so a batch job cannot run up a bill; lists, prices and terminates such instances.",
        subcommands = {
                LaunchCommand.class,
                PricesCommand.class,
                ListCommand.class,
                TerminateCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 AWS refused or the request failed, 2 invalid input."})
public final class SpotLauncher implements Runnable {

    @Spec
    CommandSpec spec;

    /** Runs the CLI and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SpotLauncher());
        commandLine.setExecutionExceptionHandler(SpotLauncher::handle);
        commandLine.setParameterExceptionHandler(SpotLauncher::handleInvalidInput);
        return commandLine;
    }

    /** Bad input: the message and a pointer to --help, not the whole usage text (which hides the message). */
    private static int handleInvalidInput(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText("error: " + e.getMessage()));
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: launch, prices, list or terminate.");
    }

    /** Prints expected failures as one line on stderr instead of a stack trace. */
    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult)
            throws Exception {
        PrintWriter err = commandLine.getErr();
        int exitCode;
        String message;
        if (e instanceof LauncherException launcher) {
            message = launcher.getMessage();
            exitCode = launcher.exitCode();
        } else if (e instanceof AwsServiceException aws) {
            message = Ec2Errors.explain(aws).message();
            exitCode = LauncherException.FAILURE;
        } else if (e instanceof SdkClientException client) {
            // No network, no endpoint, no credentials: the SDK's message says which.
            message = "Cannot complete the AWS call: " + client.getMessage();
            exitCode = LauncherException.FAILURE;
        } else {
            throw e; // a bug: let picocli print the stack trace
        }
        err.println(commandLine.getColorScheme().errorText("error: " + message));
        err.flush();
        return exitCode;
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SpotLauncher.class.getPackage().getImplementationVersion();
            return new String[] {"spot-launcher " + (version == null ? "(development build)" : version)};
        }
    }
}

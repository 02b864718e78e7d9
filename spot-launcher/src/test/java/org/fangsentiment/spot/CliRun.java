package org.fangsentiment.spot;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the CLI with captured output.
 *
 * @param exitCode the exit code
 * @param out      standard output
 * @param err      standard error
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code spot-launcher args...}. */
    static CliRun of(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SpotLauncher.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args.toArray(String[]::new));
        CliRun run = new CliRun(exitCode, out.toString(), err.toString());
        System.out.println("$ spot-launcher " + String.join(" ", args) + "\n" + run.out() + run.err() + "(exit " + exitCode + ")");
        return run;
    }

    /** Runs a command against the backend: {@code --region} and {@code --endpoint} are added. */
    static CliRun against(Ec2Backend backend, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--region");
        all.add(backend.region());
        all.add("--endpoint");
        all.add(backend.endpoint().toString());
        return of(all);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}

package org.fangsentiment.spot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Command-line parsing and the checks that fail before any AWS call (so no endpoint is needed). */
class CommandLineTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SpotLauncher.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpListsTheFourCommands() {
        Run run = run("--help");
        assertEquals(0, run.exitCode());
        for (String command : new String[] {"launch", "prices", "list", "terminate"}) {
            assertTrue(run.out().contains(command), run.out());
        }
    }

    @Test
    void launchHelpShowsTheDefaults() {
        Run run = run("launch", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Default: r5.large"), run.out());
        assertTrue(run.out().contains("Default: 55"), run.out());
    }

    @Test
    void noCommandIsAUsageError() {
        Run run = run();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing command"), run.err());
    }

    @Test
    void invalidDurationFailsBeforeAnyAwsCall() {
        // The endpoint is unreachable on purpose: validation must come first.
        Run run = run("launch", "--duration", "0", "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Invalid --duration 0: must be between 1 and 10080 minutes"), run.err());

        Run tooLong = run("launch", "--duration", "10081", "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9");
        assertEquals(2, tooLong.exitCode());
        assertTrue(tooLong.err().contains("between 1 and 10080"), tooLong.err());
    }

    @Test
    void nonNumericDurationIsAUsageError() {
        Run run = run("launch", "--duration", "an hour");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--duration"), run.err());
    }

    @Test
    void reservedTagIsAUsageError() {
        Run run = run("launch", "--tag", "launched-by=me", "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("set by the launcher itself"), run.err());
    }

    @Test
    void unreadableOrUnsupportedUserDataIsAUsageError(@TempDir Path dir) throws IOException {
        Run missing = run("launch", "--user-data-file", dir.resolve("nope.sh").toString(),
                "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("Cannot read --user-data-file"), missing.err());

        Path blank = dir.resolve("blank-first.yaml");
        Files.writeString(blank, "\n#cloud-config\n");
        Run blankFirst = run("launch", "--user-data-file", blank.toString(),
                "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9");
        assertEquals(2, blankFirst.exitCode());
        assertTrue(blankFirst.err().contains("starts with a blank line"), blankFirst.err());

        Path big = dir.resolve("big.sh");
        Files.writeString(big, "#!/bin/sh\n" + "echo 0123456789\n".repeat(1100));
        Run tooBig = run("launch", "--user-data-file", big.toString(),
                "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9");
        assertEquals(2, tooBig.exitCode());
        assertTrue(tooBig.err().contains("EC2 allows at most 16384 bytes"), tooBig.err());
    }

    @Test
    void pricesHoursAreBounded() {
        Run run = run("prices", "--hours", "0", "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Invalid --hours 0"), run.err());
    }

    @Test
    void terminateNeedsAnId() {
        assertEquals(2, run("terminate").exitCode());
    }

    @Test
    void unreachableEndpointIsAClearFailure() {
        Run run = run("list", "--region", "us-east-1", "--endpoint", "http://127.0.0.1:9");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: Cannot complete the AWS call"), run.err());
    }
}

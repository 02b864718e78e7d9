package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

/**
 * {@code local/fang-local}, the README's command, runs the packaged jar with the class-data-sharing archive that
 * the package phase trained: the runner's own classes come from the archive, not from the jar.
 */
class LauncherIT {

    private static final Path LAUNCHER = ProjectFiles.resolve("local/fang-local");
    private static final Path JAR = ProjectFiles.resolve("local/target/fang-local.jar");
    private static final Path ARCHIVE = ProjectFiles.resolve("local/target/fang-local.jsa");

    @Test
    void thePackagedArchiveIsUpToDateWithTheJar() throws IOException {
        assertTrue(Files.isRegularFile(ARCHIVE), "package trains " + ARCHIVE);
        assertFalse(Files.getLastModifiedTime(JAR).compareTo(Files.getLastModifiedTime(ARCHIVE)) > 0,
                "the archive is older than the jar, so the JVM would refuse it");
    }

    @Test
    void theLauncherLoadsTheRunnerFromTheArchive() throws Exception {
        // -Xshare:on makes a refused archive an error instead of a silent slow start.
        Result result = launch("-Xshare:on -Xlog:class+load=info", "--version");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains(FangLocal.class.getName() + " source: shared objects file (top)"),
                result.output().lines().filter(line -> line.contains("fangsentiment")).limit(5).toList().toString());
    }

    @Test
    void withoutTheJarTheLauncherSaysHowToBuildIt(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path copy = dir.resolve("fang-local");
        Files.copy(LAUNCHER, copy);
        Result result = run(List.of("bash", copy.toString(), "run"), "");
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("not found; build it first: ./mvnw -B -q -DskipTests package"), result.output());
    }

    /**
     * As a new user tries it: {@code LOG_LEVEL=WARN local/fang-local invoke producer} still prints the run's
     * metric line (its own logger, written whatever the level, as in a deployment), while the producer's INFO
     * lines are gone.
     */
    @Test
    void invokeProducerPrintsTheMetricLineAtWarn() throws Exception {
        List<String> command = List.of("bash", LAUNCHER.toString(), "invoke", "producer", "--event",
                ProjectFiles.resolve("events/schedule.json").toString());
        Result result = run(command, "", Map.of("LOG_LEVEL", "WARN"));
        assertEquals(0, result.exitCode(), result.output());
        List<com.fasterxml.jackson.databind.JsonNode> json = result.output().lines().filter(l -> l.startsWith("{\"timestamp\""))
                .map(org.fangsentiment.testing.LogCapture::parse).toList();
        List<com.fasterxml.jackson.databind.JsonNode> metrics = json.stream()
                .filter(org.fangsentiment.testing.LogCapture::isMetrics).toList();
        assertEquals(1, metrics.size(), "the producer's metric line: " + result.output());
        assertEquals(5L, org.fangsentiment.testing.LogCapture.emfMetrics(metrics.get(0), "FangSentiment").get("Sent"),
                "the five sample companies: " + metrics.get(0));
        assertTrue(json.stream().filter(l -> "INFO".equals(l.path("level").asText()))
                .allMatch(org.fangsentiment.testing.LogCapture::isMetrics), "LOG_LEVEL=WARN holds: " + result.output());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result launch(String javaOpts, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
        command.addAll(List.of(args));
        return run(command, javaOpts);
    }

    private static Result run(List<String> command, String javaOpts) throws Exception {
        return run(command, javaOpts, Map.of());
    }

    private static Result run(List<String> command, String javaOpts, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("JAVA_OPTS", javaOpts);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the launcher did not finish");
        return new Result(process.exitValue(), output);
    }
}

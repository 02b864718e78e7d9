package org.fangsentiment.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline as a user runs it: {@code java -jar local/target/fang-local.jar run} in a new
 * JVM per run, with {@code --wikipedia generated} so that every made-up company is really scored.
 * Prints wall time per stage (from {@code summary.json}) and records/s, for 5, 100 and 1,000
 * companies, and how the consumer stage scales with {@code --concurrency} (1 is the baseline).
 */
public final class EndToEndBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndToEndBenchmark() {
    }

    record Case(int companies, int concurrency) {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path jar = Path.of("local/target/fang-local.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Build first (./mvnw -B -q -DskipTests package): no " + jar.toAbsolutePath());
        }
        if (List.of(args).contains("--realistic")) {
            RealisticRun.main(jar, args);
            return;
        }
        List<Case> cases = quick
                ? List.of(new Case(5, 2), new Case(20, 1), new Case(20, 2))
                : List.of(new Case(5, 2), new Case(100, 1), new Case(100, 2), new Case(100, 4), new Case(1000, 2));
        Path work = Files.createTempDirectory("fang-e2e");
        System.out.printf(Locale.ROOT, "%9s %5s %8s %8s %8s %9s %9s %10s %9s %8s%n", "companies", "conc", "total s",
                "stack s", "model s", "producer s", "consumer s", "records/s", "scored", "vs c=1");
        Map<Integer, Double> baseline = new java.util.HashMap<>();
        for (Case c : cases) {
            JsonNode summary = run(jar, work, c);
            JsonNode t = summary.get("timings_ms");
            JsonNode counts = summary.get("counts");
            long scored = 0;
            for (JsonNode company : summary.get("companies")) {
                scored += "OK".equals(company.get("status").asText()) && !company.get("sentiment").isNull() ? 1 : 0;
            }
            double consumerSeconds = t.get("consumer").asLong() / 1000.0;
            double recordsPerSecond = counts.get("processed").asLong() / consumerSeconds;
            if (c.concurrency() == 1) {
                baseline.put(c.companies(), recordsPerSecond);
            }
            Double base = baseline.get(c.companies());
            System.out.printf(Locale.ROOT, "%9d %5d %8.1f %8.1f %8.1f %9.1f %9.1f %10.1f %9d %8s%n", c.companies(),
                    c.concurrency(), t.get("total").asLong() / 1000.0, t.get("start_backend").asLong() / 1000.0,
                    t.get("model_load").asLong() / 1000.0, t.get("producer").asLong() / 1000.0, consumerSeconds,
                    recordsPerSecond, scored, base == null ? "" : String.format(Locale.ROOT, "%.2fx", recordsPerSecond / base));
            if (scored != c.companies()) {
                throw new IllegalStateException(c + ": only " + scored + " of " + c.companies() + " companies were scored");
            }
        }
    }

    private static JsonNode run(Path jar, Path work, Case c) throws IOException, InterruptedException {
        Path dir = work.resolve(c.companies() + "-" + c.concurrency());
        Files.createDirectories(dir);
        List<Map<String, String>> items = new ArrayList<>();
        for (int i = 1; i <= c.companies(); i++) {
            items.add(Map.of("name", String.format("Bench Company %04d", i)));
        }
        Path itemsFile = dir.resolve("items.json");
        JSON.writeValue(itemsFile.toFile(), items);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, "-jar", jar.toString(), "run", "--items", itemsFile.toString(),
                "--wikipedia", "generated", "--out", dir.resolve("out").toString(),
                "--concurrency", Integer.toString(c.concurrency()))
                .redirectOutput(dir.resolve("console.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(c + " failed; see " + dir.resolve("console.txt"));
        }
        return JSON.readTree(dir.resolve("out").resolve("summary.json").toFile());
    }
}

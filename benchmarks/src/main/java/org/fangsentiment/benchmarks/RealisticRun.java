package org.fangsentiment.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;

/**
 * {@code benchmarks.jar e2e --realistic [N]}: {@code fang-local run} over N companies whose summaries are
 * {@link RealisticLeads} served by the offline Wikipedia server, against the limit measured in the same run: a
 * bare CoreNLP pipeline in a fresh JVM ({@link BareCoreNlpProbe}) annotating the same texts on one thread.
 * limit = (JVM start to pipeline built) + (sum of per-text annotation times) / cores; the figure is
 * ours / limit, where ours is {@code fang-local run}'s wall time from process launch to exit.
 *
 * <p>Options: {@code --quick} (20 companies), {@code --concurrency C} (passed to fang-local),
 * {@code --jvm OPTION} (repeatable, an extra JVM option for the fang-local child, e.g. a JFR recording),
 * {@code --no-limit} (skip the bare run), {@code --launcher PATH} (default {@code local/fang-local}, the README's
 * command; its JVM options then go through {@code JAVA_OPTS}), {@code --no-launcher} ({@code java -jar} instead).
 */
final class RealisticRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEFAULT_LAUNCHER = Path.of("local/fang-local");

    private RealisticRun() {
    }

    static void main(Path jar, String[] args) throws Exception {
        List<String> argv = List.of(args);
        boolean quick = argv.contains("--quick");
        int n = quick ? 20 : 1000;
        int idx = argv.indexOf("--realistic");
        if (idx + 1 < args.length && args[idx + 1].matches("\\d+")) {
            n = Integer.parseInt(args[idx + 1]);
        }
        String concurrency = value(args, "--concurrency");
        String launcher = value(args, "--launcher");
        if (launcher == null && Files.isRegularFile(DEFAULT_LAUNCHER) && !argv.contains("--no-launcher")) {
            launcher = DEFAULT_LAUNCHER.toString(); // as the README runs it: with the class-data-sharing archive
        }
        List<String> jvmOptions = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--jvm")) {
                jvmOptions.add(args[i + 1]);
            }
        }
        Path consumerJar = Path.of("consumer-lambda/target/consumer-lambda.jar");
        if (!Files.isRegularFile(consumerJar)) {
            throw new IllegalStateException("Build first (./mvnw -B -q -DskipTests package): no " + consumerJar.toAbsolutePath());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Path work = Files.createTempDirectory("fang-e2e-realistic");
        Map<String, String> leads = RealisticLeads.of(n);
        System.out.printf(Locale.ROOT, "e2e realistic: %d companies, %d cores, Java %s, via %s, load average before: %s%n",
                n, cores, System.getProperty("java.version"), launcher == null ? "java -jar " + jar : launcher,
                ConsumerBenchmark.loadAverage());

        // Ours: fang-local run exactly as a user runs it, the leads served over HTTP from this JVM.
        List<Map<String, String>> items = new ArrayList<>();
        leads.keySet().forEach(name -> items.add(Map.of("name", name)));
        Path itemsFile = work.resolve("items.json");
        JSON.writeValue(itemsFile.toFile(), items);
        Path out = work.resolve("out");
        long oursMs;
        try (OfflineWikipediaServer server = OfflineWikipediaServer.startServing(leads)) {
            List<String> cmd = new ArrayList<>();
            if (launcher != null) {
                cmd.add(launcher);
            } else {
                cmd.add(javaBin());
                cmd.addAll(jvmOptions);
                cmd.add("-jar");
                cmd.add(jar.toString());
            }
            cmd.addAll(List.of("run", "--items", itemsFile.toString(), "--wikipedia", server.baseUri().toString(),
                    "--out", out.toString()));
            if (concurrency != null) {
                cmd.addAll(List.of("--concurrency", concurrency));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(work.resolve("console.txt").toFile())
                    .redirectError(work.resolve("stderr.txt").toFile());
            if (launcher != null && !jvmOptions.isEmpty()) {
                pb.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
            }
            long launch = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("fang-local run failed; see " + work.resolve("console.txt"));
            }
            oursMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launch);
        }
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        long scored = 0;
        for (JsonNode company : summary.get("companies")) {
            scored += "OK".equals(company.get("status").asText()) && !company.get("sentiment").isNull() ? 1 : 0;
        }
        JsonNode t = summary.get("timings_ms");
        System.out.printf(Locale.ROOT, "ours: fang-local run %.1f s (launch to exit); in summary.json: total %.1f s, "
                        + "stack %.1f s, model load %.1f s (waited %.1f s), producer %.1f s, first batch done at %.1f s, consumer %.1f s; scored %d of %d%n",
                oursMs / 1000.0, s(t, "total"), s(t, "start_backend"), s(t, "model_load"), s(t, "wait_for_model"),
                s(t, "producer"), s(t, "first_batch_done"), s(t, "consumer"), scored, n);
        if (scored != n) {
            throw new IllegalStateException("only " + scored + " of " + n + " companies were scored; see " + work);
        }
        if (argv.contains("--no-limit")) {
            return;
        }

        // The limit: bare CoreNLP on the same texts, in a fresh JVM with the same (default) JVM options.
        Path texts = work.resolve("texts.txt");
        Files.write(texts, leads.values().stream().map(text -> text.replaceAll("[\\r\\n]+", " ")).toList(),
                StandardCharsets.UTF_8);
        Path probeDir = work.resolve("probe");
        String probe = BareCoreNlpProbe.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(probeDir.resolve(probe).getParent());
        try (InputStream in = RealisticRun.class.getResourceAsStream("/" + probe)) {
            Files.copy(in, probeDir.resolve(probe), StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-cp", consumerJar.toAbsolutePath() + java.io.File.pathSeparator
                + probeDir.toAbsolutePath(), BareCoreNlpProbe.class.getName(), texts.toString())
                .redirectError(work.resolve("bare-stderr.txt").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Map<String, String> values = new HashMap<>();
        long launchEpoch = System.currentTimeMillis();
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("BENCH ")) {
                    String[] kv = line.substring(6).split(" ", 2);
                    values.put(kv[0], kv[1]);
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("bare CoreNLP run failed; see " + work.resolve("bare-stderr.txt"));
        }
        double builtS = (Long.parseLong(values.get("built_ms")) - launchEpoch) / 1000.0;
        double annotationS = Long.parseLong(values.get("annotation_ns")) / 1e9;
        double limitS = builtS + annotationS / cores;
        System.out.printf(Locale.ROOT, "limit: bare CoreNLP %.1f s to pipeline built + %.1f s annotation (%s texts, %s "
                        + "sentences, one thread) / %d cores = %.1f s%n", builtS, annotationS, values.get("texts"),
                values.get("sentences"), cores, limitS);
        System.out.printf(Locale.ROOT, "ours / limit = %.1f / %.1f = %.2fx (goal <= 1.5x, stretch 1.3x); load average after: %s%n",
                oursMs / 1000.0, limitS, oursMs / 1000.0 / limitS, ConsumerBenchmark.loadAverage());
    }

    private static double s(JsonNode timings, String key) {
        return timings.has(key) ? timings.get(key).asLong() / 1000.0 : Double.NaN;
    }

    private static String value(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

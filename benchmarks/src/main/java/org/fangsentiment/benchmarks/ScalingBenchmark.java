package org.fangsentiment.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
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

/**
 * {@code benchmarks.jar scaling [--quick]}: why two threads sharing one pipeline score less than twice one
 * thread's texts per second on this machine. Each variant runs in fresh child JVMs ({@link ScalingProbe}) over
 * the realistic leads for a fixed window, and is reported as work per second against its own one-thread run:
 * <ul>
 *   <li>{@code alu}: arithmetic only, no memory traffic: the machine's own scaling (vCPUs that are really
 *       hyper-threads of one core, or a busy host, show here first);</li>
 *   <li>{@code shared}: N threads, one pipeline: what the consumer does;</li>
 *   <li>{@code separate}: N threads, one pipeline each: no shared objects, same JVM and heap;</li>
 *   <li>{@code processes}: N JVMs of one thread each, measured in the same window: nothing shared but the
 *       machine (caches, memory bandwidth).</li>
 * </ul>
 * With each: GC time as a share of the window, allocation rate, and the time the workers spent blocked on
 * monitors (lock contention) or waiting.
 */
public final class ScalingBenchmark {

    private static final String HEAP = "-Xmx1536m";
    private static final String BIG_HEAP = "-Xmx3g";

    private ScalingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        long millis = quick ? 1_000 : 20_000;
        Path consumerJar = Path.of("consumer-lambda/target/consumer-lambda.jar");
        if (!Files.isRegularFile(consumerJar)) {
            throw new IllegalStateException("Build first (./mvnw -B -q -DskipTests package): no " + consumerJar.toAbsolutePath());
        }
        Path work = Files.createTempDirectory("fang-scaling");
        Path probeDir = work.resolve("probe");
        String probe = ScalingProbe.class.getName().replace('.', '/') + ".class";
        Files.createDirectories(probeDir.resolve(probe).getParent());
        try (InputStream in = ScalingBenchmark.class.getResourceAsStream("/" + probe)) {
            Files.copy(in, probeDir.resolve(probe), StandardCopyOption.REPLACE_EXISTING);
        }
        Path texts = work.resolve("texts.txt");
        Files.write(texts, RealisticLeads.of(quick ? 20 : 200).values().stream()
                .map(text -> text.replaceAll("[\\r\\n]+", " ")).toList(), StandardCharsets.UTF_8);
        String classPath = consumerJar.toAbsolutePath() + java.io.File.pathSeparator + probeDir.toAbsolutePath();
        System.out.printf(Locale.ROOT, "scaling: %d cores, Java %s, window %d ms per run, load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), millis,
                ConsumerBenchmark.loadAverage());
        System.out.printf(Locale.ROOT, "%-10s %7s %11s %9s %8s %11s %10s %10s%n", "variant", "threads", "work/s",
                "vs 1", "GC %", "alloc MB/s", "blocked ms", "waited ms");
        String window = Long.toString(millis);
        report("alu", 1, List.of(child(classPath, HEAP, "alu", "1", window)), null);
        report("alu", 2, List.of(child(classPath, HEAP, "alu", "2", window)), "alu");
        String textsArg = texts.toString();
        report("shared", 1, List.of(child(classPath, HEAP, "score", textsArg, "1", "1", window)), null);
        report("shared", 2, List.of(child(classPath, HEAP, "score", textsArg, "2", "1", window)), "shared");
        if (!quick) {
            report("shared", 4, List.of(child(classPath, HEAP, "score", textsArg, "4", "1", window)), "shared");
        }
        report("separate", 2, List.of(child(classPath, BIG_HEAP, "score", textsArg, "2", "2", window)), "shared");
        report("processes", 2, together(classPath, 2, textsArg, window), "shared");
        System.out.println("load average after: " + ConsumerBenchmark.loadAverage()
                + (quick ? "  (--quick: a smoke run; figures mean nothing)" : ""));
    }

    private static final Map<String, Double> ONE_THREAD = new HashMap<>();

    private static void report(String variant, int threads, List<Map<String, String>> runs, String baseline) {
        double work = 0;
        double windowMs = 0;
        double gcMs = 0;
        double allocated = 0;
        long blocked = 0;
        long waited = 0;
        for (Map<String, String> run : runs) {
            work += Double.parseDouble(run.get("work"));
            windowMs = Math.max(windowMs, Double.parseDouble(run.get("window_ms")));
            gcMs += Double.parseDouble(run.getOrDefault("gc_ms", "0"));
            allocated += Double.parseDouble(run.getOrDefault("allocated_bytes", "0"));
            blocked += Long.parseLong(run.getOrDefault("blocked_ms", "0"));
            waited += Long.parseLong(run.getOrDefault("waited_ms", "0"));
        }
        double perSecond = work / (windowMs / 1000.0);
        if (baseline == null) {
            ONE_THREAD.put(variant, perSecond);
        }
        Double base = ONE_THREAD.get(baseline == null ? variant : baseline);
        boolean scoring = !variant.equals("alu");
        System.out.printf(Locale.ROOT, "%-10s %7d %11s %8.2fx %7s %11s %10s %10s%n", variant, threads,
                scoring ? String.format(Locale.ROOT, "%.1f docs", perSecond) : String.format(Locale.ROOT, "%.2e ops", perSecond),
                perSecond / base, scoring ? String.format(Locale.ROOT, "%.1f", 100 * gcMs / windowMs / runs.size()) : "",
                scoring ? String.format(Locale.ROOT, "%.0f", allocated / 1e6 / (windowMs / 1000.0)) : "",
                scoring ? Long.toString(blocked) : "", scoring ? Long.toString(waited) : "");
    }

    private static Map<String, String> child(String classPath, String heap, String... args) throws Exception {
        Process p = start(classPath, heap, args);
        Map<String, String> values = read(p, false);
        finish(p);
        return values;
    }

    /** {@code n} one-thread processes that warm up apart and then score in the same window. */
    private static List<Map<String, String>> together(String classPath, int n, String texts, String window) throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            processes.add(start(classPath, HEAP, "score", texts, "1", "1", window, "wait"));
        }
        for (Process p : processes) {
            read(p, true); // up to "BENCH ready"
        }
        for (Process p : processes) {
            OutputStream in = p.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        List<Map<String, String>> results = new ArrayList<>();
        for (Process p : processes) {
            results.add(read(p, false));
            finish(p);
        }
        return results;
    }

    private static Process start(String classPath, String heap, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", classPath, ScalingProbe.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("LOG_LEVEL", "WARN");
        return pb.start();
    }

    private static final Map<Process, BufferedReader> READERS = new HashMap<>();

    private static Map<String, String> read(Process p, boolean untilReady) throws IOException {
        BufferedReader r = READERS.computeIfAbsent(p,
                k -> new BufferedReader(new InputStreamReader(k.getInputStream(), StandardCharsets.UTF_8)));
        Map<String, String> values = new HashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("BENCH ")) {
                String[] kv = line.substring(6).split(" ", 2);
                if (untilReady && kv[0].equals("ready")) {
                    return values;
                }
                values.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (!values.containsKey("work")) {
            throw new IllegalStateException("probe printed no result");
        }
        return values;
    }

    private static void finish(Process p) throws InterruptedException {
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("probe failed");
        }
        READERS.remove(p);
    }
}

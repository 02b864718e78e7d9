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
 * <p>Options: {@code --quick} (20 companies), {@code --concurrency C} and {@code --threads T} (passed to fang-local),
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
        String threads = value(args, "--threads");
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
        ProcessCpu.Usage oursUsage;
        Map<String, Long> oursGroups;
        long benchmarkJvmMs;
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
            if (threads != null) {
                cmd.addAll(List.of("--threads", threads));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(work.resolve("console.txt").toFile())
                    .redirectError(work.resolve("stderr.txt").toFile());
            if (launcher != null && !jvmOptions.isEmpty()) {
                pb.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
            }
            long selfCpuBefore = selfCpuNanos();
            long launch = System.nanoTime();
            Process p = pb.start();
            ProcessCpu cpu = ProcessCpu.watch(p, launch);
            if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("fang-local run failed; see " + work.resolve("console.txt"));
            }
            oursMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launch);
            oursUsage = cpu.finish();
            oursGroups = cpu.byGroup(RealisticRun::oursOwner, oursUsage);
            benchmarkJvmMs = (selfCpuNanos() - selfCpuBefore) / 1_000_000;
        }
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        long scored = 0;
        for (JsonNode company : summary.get("companies")) {
            scored += "OK".equals(company.get("status").asText()) && !company.get("sentiment").isNull() ? 1 : 0;
        }
        JsonNode t = summary.get("timings_ms");
        System.out.printf(Locale.ROOT, "ours: fang-local run %.1f s (launch to exit); in summary.json: total %.1f s, "
                        + "stack %.1f s, model load %.1f s (ready at %.1f s), producer %.1f s, first batch done at %.1f s, consumer %.1f s; scored %d of %d; CSVs in %s%n",
                oursMs / 1000.0, s(t, "total"), s(t, "start_backend"), s(t, "model_load"), s(t, "model_ready"),
                s(t, "producer"), s(t, "first_batch_done"), s(t, "consumer"), scored, n, out);
        if (scored != n) {
            throw new IllegalStateException("only " + scored + " of " + n + " companies were scored; see " + work);
        }
        JsonNode jvm = summary.path("jvm");
        System.out.printf(Locale.ROOT, "ours: process CPU %.1f s (user %.1f + system %.1f), wall %.1f s, peak RSS %d MB; "
                        + "allocated %s MB in all, %s MB per company by the record threads; GC %s pauses, %s ms%n",
                oursUsage.cpuMs() / 1000.0, oursUsage.userMs() / 1000.0, oursUsage.systemMs() / 1000.0,
                oursUsage.wallMs() / 1000.0, oursUsage.peakRssMb(), mb(jvm.path("allocated_bytes")),
                perCompany(jvm.path("record_threads_allocated_bytes"), n), jvm.path("gc_count").asText("?"),
                jvm.path("gc_ms").asText("?"));
        System.out.println("ours: CPU by owner (threads of the fang-local JVM, sampled every " + ProcessCpu.PERIOD_MS
                + " ms from /proc; % of the process CPU):");
        System.out.print(ProcessCpu.table(oursGroups, oursUsage, List.of()));
        if (jvm.has("scoring_cpu_ms")) {
            long record = oursGroups.getOrDefault(RECORD_THREADS, 0L);
            long scoring = jvm.get("scoring_cpu_ms").asLong();
            long s3 = jvm.path("s3_write_cpu_ms").asLong();
            System.out.printf(Locale.ROOT, "  of the record threads (from the runner's thread CPU clocks): scoring %.1f s "
                            + "(%.1f ms per company), S3 writes %.1f s, the rest (message, Wikipedia lookup, CSV) %.1f s%n",
                    scoring / 1000.0, (double) scoring / n, s3 / 1000.0, (record - scoring - s3) / 1000.0);
        }
        System.out.printf(Locale.ROOT, "  outside it: the benchmark JVM (offline Wikipedia server, sampler) %.1f s%n",
                benchmarkJvmMs / 1000.0);
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
        Bare shared = bare(consumerJar, probeDir, texts, work, 2);
        System.out.printf(Locale.ROOT, "bare CoreNLP, 2 threads sharing one pipeline: wall %.1f s (built %.1f s, "
                        + "annotation %.1f s), process CPU %.1f s (user %.1f + system %.1f), peak RSS %d MB%n",
                shared.usage().wallMs() / 1000.0, shared.builtS(), shared.annotationWallS(), shared.usage().cpuMs() / 1000.0,
                shared.usage().userMs() / 1000.0, shared.usage().systemMs() / 1000.0, shared.usage().peakRssMb());
        System.out.println("bare: CPU by owner:");
        System.out.print(ProcessCpu.table(shared.groups(), shared.usage(), List.of()));
        System.out.printf(Locale.ROOT, "ours / bare (2 threads): wall %.1f / %.1f s = %.2fx, CPU %.1f / %.1f s = %.2fx "
                        + "(goal <= 1.3x each), peak RSS %d / %d MB%n",
                oursMs / 1000.0, shared.usage().wallMs() / 1000.0, (double) oursMs / shared.usage().wallMs(),
                oursUsage.cpuMs() / 1000.0, shared.usage().cpuMs() / 1000.0,
                (double) oursUsage.cpuMs() / shared.usage().cpuMs(), oursUsage.peakRssMb(), shared.usage().peakRssMb());

        Bare single = bare(consumerJar, probeDir, texts, work, 1);
        double limitS = single.builtS() + single.annotationS() / cores;
        System.out.printf(Locale.ROOT, "bare CoreNLP, 1 thread: wall %.1f s, process CPU %.1f s (user %.1f + system %.1f)%n",
                single.usage().wallMs() / 1000.0, single.usage().cpuMs() / 1000.0, single.usage().userMs() / 1000.0,
                single.usage().systemMs() / 1000.0);
        System.out.printf(Locale.ROOT, "limit: bare CoreNLP %.1f s to pipeline built + %.1f s annotation (%s texts, %s "
                        + "sentences, one thread) / %d cores = %.1f s%n", single.builtS(), single.annotationS(),
                single.values().get("texts"), single.values().get("sentences"), cores, limitS);
        System.out.printf(Locale.ROOT, "ours / limit = %.1f / %.1f = %.2fx (goal <= 1.5x, stretch 1.3x); load average after: %s%n",
                oursMs / 1000.0, limitS, oursMs / 1000.0 / limitS, ConsumerBenchmark.loadAverage());
        lambdaBeside();
    }

    /**
     * The Lambda path's figures beside the runner's, so that a runner gain that costs Lambda shows: the warm CPU per
     * text and JVM launch to pipeline ready from the last {@code benchmarks.jar consumer} run's results file.
     */
    private static void lambdaBeside() throws java.io.IOException {
        for (String name : List.of("consumer-results.properties", "consumer-results-quick.properties")) {
            Path file = Path.of("benchmarks/target", name);
            if (Files.isRegularFile(file)) {
                java.util.Properties p = new java.util.Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                System.out.printf(Locale.ROOT, "Lambda path beside it (benchmarks.jar consumer%s, %s, load %s): warm CPU per "
                                + "text %s ms short / %s ms long (C2), JVM launch to pipeline ready %s ms (C2), %s ms (C1)%n",
                        name.contains("quick") ? " --quick" : "", p.getProperty("date"), p.getProperty("load_before"),
                        p.getProperty("warm_short_cpu_median_ms"), p.getProperty("warm_long_cpu_median_ms"),
                        p.getProperty("cold_pipeline_ready_c2_ms"), p.getProperty("cold_pipeline_ready_c1_ms"));
                return;
            }
        }
        System.out.println("Lambda path: run benchmarks.jar consumer to print its warm CPU per text and time to ready here");
    }

    /** The group of the record threads, which the runner's own figures split further. */
    private static final String RECORD_THREADS = "record threads (consumer-N): lookup, scoring, S3 write";

    /**
     * Who a thread of the fang-local JVM works for, from its name as Linux keeps it (the first 15 characters of
     * the Java thread's name).
     */
    static String oursOwner(String comm) {
        if (comm.startsWith("consumer-")) {
            return RECORD_THREADS;
        }
        if (comm.startsWith("drain-")) {
            return "event source emulator (drain-N)";
        }
        if (comm.startsWith("model-load") || comm.startsWith("fang-local-star")) {
            return "model load (model-load-N, fang-local-startup)";
        }
        if (comm.startsWith("elasticmq")) {
            return "SQS: ElasticMQ (elasticmq-*)";
        }
        if (comm.startsWith("S3Proxy") || comm.startsWith("Scheduler-") || comm.startsWith("idle-timeout")) {
            return "S3: S3Proxy's Jetty (S3Proxy-Jetty, Scheduler, idle-timeout)";
        }
        if (comm.startsWith("sqs-server")) {
            return "SQS: our SqsServer (sqs-server-N)";
        }
        if (comm.startsWith("s3-server")) {
            return "S3: our S3Server (s3-server-N)";
        }
        if (comm.startsWith("dynamodb-server")) {
            return "DynamoDB server (dynamodb-server-N)";
        }
        if (comm.equals("HTTP-Dispatcher")) {
            return "the JDK HTTP servers' dispatchers (DynamoDB, SQS, S3: HTTP-Dispatcher)";
        }
        if (comm.startsWith("scan-segment") || comm.startsWith("sqs-send")) {
            return "producer (scan-segment, sqs-send)";
        }
        if (comm.startsWith("HttpClient-")) {
            return "Wikipedia HTTP client (HttpClient-N-SelectorManager)";
        }
        return commonOwner(comm);
    }

    /** Owners every JVM has: the collector, the compilers, the VM's own threads, main. */
    static String commonOwner(String comm) {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "GC (GC Thread#N, G1 *)";
        }
        if (comm.startsWith("C2 CompilerThre") || comm.startsWith("C1 CompilerThre") || comm.startsWith("Sweeper")) {
            return "JIT (C1/C2 CompilerThread)";
        }
        if (comm.equals("java")) {
            return "main thread (java)";
        }
        if (comm.startsWith("ForkJoinPool")) {
            return "common pool (ForkJoinPool.commonPool)";
        }
        if (List.of("VM Thread", "VM Periodic Tas", "Service Thread", "Monitor Deflati", "Signal Dispatch",
                "Reference Handl", "Finalizer", "Common-Cleaner", "Notification Th").contains(comm)) {
            return "VM (VM Thread, Service Thread, ...)";
        }
        return "other: " + comm.replaceAll("-\\d+$", "-N");
    }

    private static String bareOwner(String comm) {
        return comm.startsWith("bare-annotate") ? "annotating threads (bare-annotate-N)" : commonOwner(comm);
    }

    /** One bare CoreNLP run: its BENCH values, CPU and CPU by owner. */
    private record Bare(Map<String, String> values, ProcessCpu.Usage usage, Map<String, Long> groups, double builtS) {
        double annotationS() {
            return Long.parseLong(values.get("annotation_ns")) / 1e9;
        }

        double annotationWallS() {
            return Long.parseLong(values.get("annotation_wall_ns")) / 1e9;
        }
    }

    private static Bare bare(Path consumerJar, Path probeDir, Path texts, Path work, int threads) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaBin(), "-cp", consumerJar.toAbsolutePath() + java.io.File.pathSeparator
                + probeDir.toAbsolutePath(), BareCoreNlpProbe.class.getName(), texts.toString(), Integer.toString(threads))
                .redirectError(work.resolve("bare-" + threads + "-stderr.txt").toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Map<String, String> values = new HashMap<>();
        long launchEpoch = System.currentTimeMillis();
        long launch = System.nanoTime();
        Process p = pb.start();
        ProcessCpu cpu = ProcessCpu.watch(p, launch);
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
            throw new IllegalStateException("bare CoreNLP run failed; see " + work.resolve("bare-" + threads + "-stderr.txt"));
        }
        ProcessCpu.Usage usage = cpu.finish();
        double builtS = (Long.parseLong(values.get("built_ms")) - launchEpoch) / 1000.0;
        return new Bare(values, usage, cpu.byGroup(RealisticRun::bareOwner, usage), builtS);
    }

    private static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String mb(JsonNode bytes) {
        return bytes.isNumber() ? String.format(Locale.ROOT, "%.0f", bytes.asLong() / 1048576.0) : "?";
    }

    private static String perCompany(JsonNode bytes, int n) {
        return bytes.isNumber() ? String.format(Locale.ROOT, "%.1f", bytes.asLong() / 1048576.0 / n) : "?";
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

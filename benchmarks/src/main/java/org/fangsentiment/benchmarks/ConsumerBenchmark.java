package org.fangsentiment.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The consumer's sentiment engine, measured from the shaded {@code consumer-lambda.jar} in new JVMs:
 * cold start, warm time per summary, throughput with threads sharing one pipeline, heap and RSS, jar size against
 * a naive build, PCFG as the baseline for shift-reduce, and Lambda's C1-only JIT flags against full C2.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar consumer [--quick] [--runs N] [--consumer-jar PATH]
 * [--m2 PATH] [--out FILE]}. Every child JVM runs {@link ConsumerProbe} with the class path
 * {@code consumer-lambda.jar:<temp dir holding only ConsumerProbe.class>} (the PCFG child also gets the PCFG
 * model file in a second temp dir), {@code -Xmx1536m}, and one of the two JIT flag sets. Results are also
 * written as properties for {@code cost}.
 */
public final class ConsumerBenchmark {

    /** What the SAM template sets on the consumer: full tiered compilation up to C2. */
    static final List<String> C2_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=4");
    /** What Lambda's Java 17+ runtimes use by default, to shorten cold starts: C1 only. */
    static final List<String> C1_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    static final String HEAP = "-Xmx1536m";
    static final String PCFG_MODEL = "edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz";
    static final List<String> SR_MODEL_FILES = List.of(
            "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger",
            "edu/stanford/nlp/models/srparser/englishSR.ser.gz",
            "edu/stanford/nlp/models/sentiment/sentiment.ser.gz");
    /** The naive fat jar the CoreNLP note measured (all dependencies plus the full {@code models} jar). */
    static final double NOTE_NAIVE_MB = 495;
    /** SentimentJarIT's limit on the consumer jar, and the smaller size issue 28 aims for. */
    static final long JAR_LIMIT_BYTES = 95_000_000L;
    static final long JAR_GOAL_BYTES = 90_000_000L;

    private record Settings(boolean quick, int runs, int warmup, int nShort, int nLong, int nDev, int nPcfg,
                            int pcfgShort, Path consumerJar, Path m2, Path out) {
    }

    private ConsumerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = settings(args);
        if (!Files.isRegularFile(s.consumerJar())) {
            System.err.println("consumer jar not found: " + s.consumerJar() + " (build it: ./mvnw -B -q install -DskipTests)");
            System.exit(2);
        }
        long started = System.nanoTime();
        String loadBefore = loadAverage();
        Path work = Files.createTempDirectory("consumer-bench");
        Path probeDir = work.resolve("probe");
        Path pcfgDir = work.resolve("pcfg");
        Texts texts = prepare(work, probeDir, pcfgDir);
        Map<String, String> results = new LinkedHashMap<>();

        System.out.printf(Locale.ROOT, "consumer benchmark%s: %s (%.1f MB), %d cores, Java %s, heap %s, load average before: %s%n",
                s.quick() ? " (--quick: tiny sizes, figures not meaningful)" : "", s.consumerJar(),
                mb(Files.size(s.consumerJar())), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), HEAP, loadBefore);
        System.out.println("C2 = " + String.join(" ", C2_FLAGS) + " (the SAM template's); C1 = "
                + String.join(" ", C1_FLAGS) + " (Lambda's Java runtime default)");

        jarSizes(s, results);

        // (a) + (g): cold starts, alternating flag sets so that load changes hit both alike.
        List<Child> bare = new ArrayList<>();
        List<Child> coldC2 = new ArrayList<>();
        List<Child> coldC1 = new ArrayList<>();
        for (int i = 0; i < s.runs(); i++) {
            bare.add(Child.run(s, C2_FLAGS, probeDir, null, "noop"));
            coldC2.add(Child.run(s, C2_FLAGS, probeDir, null, "cold", texts.shortText().toString()));
            coldC1.add(Child.run(s, C1_FLAGS, probeDir, null, "cold", texts.shortText().toString()));
        }
        coldStarts(bare, coldC2, coldC1, results);

        // (b) + (c) + (d) with C2; (b) again with C1 for (g).
        Child warmC2 = Child.run(s, C2_FLAGS, probeDir, null, "warm", texts.shortText().toString(),
                texts.longText().toString(), texts.dev().toString(), str(s.warmup()), str(s.nShort()),
                str(s.nLong()), str(s.nDev()), "1", "2", "4");
        Child warmC1 = Child.run(s, C1_FLAGS, probeDir, null, "warm", texts.shortText().toString(),
                texts.longText().toString(), texts.dev().toString(), str(s.warmup()), str(s.nShort()),
                str(s.nLong()), "0");
        warm(warmC2, warmC1, results);
        throughput(warmC2, results);

        // (f): PCFG, same rule, fewer texts (about 1 s per text, 16 s for the long one).
        Child pcfg = Child.run(s, C2_FLAGS, probeDir, pcfgDir, "pcfg", texts.shortText().toString(),
                texts.dev().toString(), s.quick() ? "1" : "2", str(s.pcfgShort()), str(s.nPcfg()));
        memory(warmC2, pcfg, results);
        pcfgBaseline(warmC2, pcfg, texts, results);

        goals(results);
        if (s.quick()) {
            System.out.println("  (--quick: a smoke run of every code path; its figures and goal marks mean nothing)");
        }
        String loadAfter = loadAverage();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%nload average after: %s; benchmark wall time %.0f s%n", loadAfter, seconds);
        results.put("load_before", loadBefore);
        results.put("load_after", loadAfter);
        results.put("quick", String.valueOf(s.quick()));
        results.put("date", java.time.LocalDate.now().toString());
        writeResults(s.out(), results);
        deleteTree(work);
    }

    // ------------------------------------------------------------------------------------------------ setup

    private static Settings settings(String[] args) {
        boolean quick = false;
        boolean outGiven = false;
        Integer runs = null;
        Path jar = Path.of("consumer-lambda/target/consumer-lambda.jar");
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path out = Files.isDirectory(Path.of("benchmarks/target")) ? Path.of("benchmarks/target/consumer-results.properties")
                : Path.of(System.getProperty("java.io.tmpdir"), "consumer-results.properties");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--consumer-jar" -> jar = Path.of(args[++i]);
                case "--m2" -> m2 = Path.of(args[++i]);
                case "--out" -> {
                    out = Path.of(args[++i]);
                    outGiven = true;
                }
                default -> {
                    System.err.println("usage: consumer [--quick] [--runs N] [--consumer-jar PATH] [--m2 REPO] [--out FILE]");
                    System.exit(2);
                }
            }
        }
        if (quick && !outGiven) { // a smoke run must not overwrite a full run's figures, which cost reads
            out = out.resolveSibling("consumer-results-quick.properties");
        }
        return quick
                ? new Settings(true, runs == null ? 1 : runs, 3, 3, 1, 4, 2, 1, jar, m2, out)
                : new Settings(false, runs == null ? 5 : runs, 30, 50, 20, 60, 15, 5, jar, m2, out);
    }

    private record Texts(Path shortText, Path longText, Path dev, Map<String, String> gold) {
    }

    /** Copies the probe class, the PCFG model and the texts out of this jar into {@code work}. */
    private static Texts prepare(Path work, Path probeDir, Path pcfgDir) throws IOException {
        String probe = ConsumerProbe.class.getName().replace('.', '/') + ".class";
        copyResource("/" + probe, probeDir.resolve(probe));
        copyResource("/" + PCFG_MODEL, pcfgDir.resolve(PCFG_MODEL));
        Path shortText = work.resolve("bench-short.txt");
        Path longText = work.resolve("bench-long.txt");
        copyResource("/consumer/bench-short.txt", shortText);
        copyResource("/consumer/bench-long.txt", longText);
        Map<String, String> gold = new LinkedHashMap<>();
        Path dev = work.resolve("dev.tsv");
        try (InputStream in = resource("/consumer/sentiment-dev.json"); Writer w = Files.newBufferedWriter(dev)) {
            for (JsonNode item : new ObjectMapper().readTree(in)) {
                String id = item.get("id").asText();
                gold.put(id, item.get("label").asText());
                String text = item.get("text").asText().replaceAll("[\\t\\r\\n]+", " ");
                w.write(id + "\t" + item.get("label").asText() + "\t" + text + "\n");
            }
        }
        return new Texts(shortText, longText, dev, gold);
    }

    private static InputStream resource(String name) {
        InputStream in = ConsumerBenchmark.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + name + " (rebuild the benchmarks module)");
        }
        return in;
    }

    private static void copyResource(String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = resource(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ------------------------------------------------------------------------------------------------ child JVMs

    /** One child JVM: its launch time (epoch ms, taken just before the process is started) and its BENCH lines. */
    private record Child(List<String> flags, long launchMs, long exitMs, Map<String, List<String>> values) {

        static Child run(Settings s, List<String> flags, Path probeDir, Path extraDir, String... probeArgs) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add(HEAP);
            cmd.addAll(flags);
            cmd.add("-cp");
            cmd.add(s.consumerJar().toAbsolutePath() + java.io.File.pathSeparator + probeDir.toAbsolutePath()
                    + (extraDir == null ? "" : java.io.File.pathSeparator + extraDir.toAbsolutePath()));
            cmd.add(ConsumerProbe.class.getName());
            Collections.addAll(cmd, probeArgs);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.remove("JAVA_TOOL_OPTIONS");
            env.remove("_JAVA_OPTIONS");
            env.remove("JDK_JAVA_OPTIONS");
            // What ConsumerHandler's no-arg constructor reads; nothing is contacted while it is built.
            env.put("BUCKET_NAME", "bench-bucket");
            env.put("AWS_REGION", "us-east-1");
            env.put("AWS_ACCESS_KEY_ID", "bench");
            env.put("AWS_SECRET_ACCESS_KEY", "bench");
            env.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9");
            env.put("LOG_LEVEL", "WARN");
            Path log = probeDir.getParent().resolve("child-" + probeArgs[0] + ".log");
            pb.redirectError(log.toFile());
            Map<String, List<String>> values = new LinkedHashMap<>();
            try {
                long launch = System.currentTimeMillis();
                Process p = pb.start();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("BENCH ")) {
                            String[] kv = line.substring(6).split(" ", 2);
                            values.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
                        }
                    }
                }
                if (!p.waitFor(30, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("child JVM timed out: " + cmd);
                }
                long exit = System.currentTimeMillis();
                if (p.exitValue() != 0) {
                    List<String> lines = Files.readAllLines(log);
                    System.err.println(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
                    throw new IllegalStateException("child JVM failed (" + p.exitValue() + "): " + String.join(" ", cmd));
                }
                return new Child(flags, launch, exit, values);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        long one(String key) {
            List<String> v = values.get(key);
            if (v == null || v.isEmpty()) {
                throw new IllegalStateException("child printed no " + key + ": " + values.keySet());
            }
            return Long.parseLong(v.get(0));
        }

        /** Milliseconds from launch to the milestone {@code key} (an epoch-ms value). */
        long sinceLaunch(String key) {
            return one(key) - launchMs;
        }

        /** Wall milliseconds of each timed line {@code key} ("wallMicros cpuMicros label"). */
        List<Double> millis(String key) {
            return column(key, 0);
        }

        /** The scoring thread's CPU milliseconds of each timed line {@code key}. */
        List<Double> cpuMillis(String key) {
            return column(key, 1);
        }

        private List<Double> column(String key, int index) {
            List<Double> out = new ArrayList<>();
            for (String v : values.getOrDefault(key, List.of())) {
                String[] p = v.split(" ");
                if (index < p.length) {
                    out.add(Long.parseLong(p[index]) / 1000.0);
                }
            }
            return out;
        }

        /** dev lines: id -> {wall ms, label, cpu ms}, in order. */
        Map<String, String[]> dev() {
            Map<String, String[]> out = new LinkedHashMap<>();
            for (String v : values.getOrDefault("dev", List.of())) {
                String[] p = v.split(" "); // id wallMicros cpuMicros label
                out.put(p[0], new String[] {String.valueOf(Long.parseLong(p[1]) / 1000.0), p[3],
                        String.valueOf(Long.parseLong(p[2]) / 1000.0)});
            }
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------------ (e) jar size

    private static void jarSizes(Settings s, Map<String, String> results) throws IOException {
        long ours = Files.size(s.consumerJar());
        long oursUnzipped = 0;
        long modelsZipped = 0;
        long modelsUnzipped = 0;
        try (ZipFile zip = new ZipFile(s.consumerJar().toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                oursUnzipped += Math.max(0, entry.getSize());
                if (SR_MODEL_FILES.contains(entry.getName())) {
                    modelsZipped += entry.getCompressedSize();
                    modelsUnzipped += entry.getSize();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n(e) jar size: ours measured; naive COMPUTED = ours - our 3 model files + the full models jars%n");
        System.out.printf(Locale.ROOT, "%-58s %10s %10s %8s%n", "jar", "zipped MB", "unzipped", "naive/ours");
        System.out.printf(Locale.ROOT, "%-58s %10.1f %10.1f %8s%n", "ours: consumer-lambda.jar (3 model files = "
                + String.format(Locale.ROOT, "%.1f MB", mb(modelsZipped)) + ")", mb(ours), mb(oursUnzipped), "1.0x");
        results.put("jar_mb", fmt(mb(ours)));
        results.put("jar_bytes", Long.toString(ours));
        results.put("jar_unzipped_mb", fmt(mb(oursUnzipped)));
        Path dir = s.m2().resolve("edu/stanford/nlp/stanford-corenlp/4.5.10");
        Path models = dir.resolve("stanford-corenlp-4.5.10-models.jar");
        Path english = dir.resolve("stanford-corenlp-4.5.10-models-english.jar");
        if (Files.isRegularFile(models) && Files.isRegularFile(english)) {
            long[] m = zipTotals(models);
            long[] en = zipTotals(english);
            long naive = ours - modelsZipped + Files.size(models) + Files.size(english);
            long naiveUnzipped = oursUnzipped - modelsUnzipped + m[0] + en[0];
            System.out.printf(Locale.ROOT, "%-58s %10.1f %10.1f %7.1fx%n", "naive, computed: + models + models-english jars",
                    mb(naive), mb(naiveUnzipped), (double) naive / ours);
            long naiveOne = ours - modelsZipped + Files.size(models);
            System.out.printf(Locale.ROOT, "%-58s %10.1f %10.1f %7.1fx%n", "naive, computed: + models jar only (no SR parser!)",
                    mb(naiveOne), mb(oursUnzipped - modelsUnzipped + m[0]), (double) naiveOne / ours);
            results.put("naive_jar_mb", fmt(mb(naive)));
            results.put("naive_ratio", fmt((double) naive / ours));
        } else {
            System.out.println("naive, computed: models jars not found under " + dir + " (skipped)");
        }
        System.out.printf(Locale.ROOT, "%-58s %10.1f %10s %7.1fx%n", "naive, MEASURED in shared/notes/corenlp.md (models jar only)",
                NOTE_NAIVE_MB, "609", NOTE_NAIVE_MB / mb(ours));
        results.put("note_naive_ratio", fmt(NOTE_NAIVE_MB / mb(ours)));
    }

    /** {uncompressed bytes of all entries, entry count}. */
    private static long[] zipTotals(Path jar) throws IOException {
        long size = 0;
        long count = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                size += Math.max(0, e.nextElement().getSize());
                count++;
            }
        }
        return new long[] {size, count};
    }

    // ------------------------------------------------------------------------------------------------ (a) + (g)

    private static void coldStarts(List<Child> bare, List<Child> c2, List<Child> c1, Map<String, String> results) {
        System.out.printf(Locale.ROOT, "%n(a)+(g) cold start in new JVMs, ms from process launch, median of %d (min-max)%n", c2.size());
        System.out.printf(Locale.ROOT, "%-34s %20s %20s %8s%n", "milestone", "C2 (template)", "C1 (Lambda default)", "C1/C2");
        double bareMain = median(collect(bare, c -> c.sinceLaunch("main_ms")));
        System.out.printf(Locale.ROOT, "%-34s %20s %20s %8s%n", "baseline: bare JVM to main()", range(collect(bare, c -> c.sinceLaunch("main_ms"))), "", "");
        String[][] milestones = {
                {"main_ms", "main() entered"},
                {"pipeline_ready_ms", "pipeline ready"},
                {"handler_ready_ms", "handler ready (ConsumerHandler())"},
                {"first_scored_ms", "first short text scored"},
        };
        for (String[] m : milestones) {
            List<Double> a = collect(c2, c -> c.sinceLaunch(m[0]));
            List<Double> b = collect(c1, c -> c.sinceLaunch(m[0]));
            System.out.printf(Locale.ROOT, "%-34s %20s %20s %7.2fx%n", m[1], range(a), range(b), median(b) / median(a));
            results.put("cold_" + m[0].replace("_ms", "") + "_c2_ms", fmt(median(a)));
            results.put("cold_" + m[0].replace("_ms", "") + "_c1_ms", fmt(median(b)));
        }
        for (String[] m : new String[][] {{"pipeline_ready_cpu_ms", "  process CPU ms at pipeline ready"},
                {"first_scored_cpu_ms", "  process CPU ms at first score"},
                {"pipeline_ready_main_cpu_ms", "  main thread CPU ms, pipeline ready"},
                {"first_scored_main_cpu_ms", "  main thread CPU ms, first score"}}) {
            List<Double> a = collect(c2, c -> c.one(m[0]));
            List<Double> b = collect(c1, c -> c.one(m[0]));
            System.out.printf(Locale.ROOT, "%-34s %20s %20s %7.2fx%n", m[1], range(a), range(b), median(b) / median(a));
            results.put("cold_" + m[0].replace("_ms", "") + "_c2_ms", fmt(median(a)));
            results.put("cold_" + m[0].replace("_ms", "") + "_c1_ms", fmt(median(b)));
        }
        System.out.println("(process CPU = all threads, JIT compilers and GC included; main thread CPU = the loading thread"
                + " alone, close to the wall time of an idle machine with a spare core for JIT and GC; other processes' load"
                + " adds to wall time only)");
        double ready = median(collect(c2, c -> c.sinceLaunch("pipeline_ready_ms")));
        System.out.printf(Locale.ROOT, "pipeline ready (C2) = %.0fx a bare JVM's start; classes loaded at pipeline ready: %.0f, at first score: %.0f%n",
                ready / bareMain, median(collect(c2, c -> c.one("classes_at_pipeline_ready"))),
                median(collect(c2, c -> c.one("classes_at_first_scored"))));
        results.put("cold_bare_main_ms", fmt(bareMain));
    }

    // ------------------------------------------------------------------------------------------------ (b) + (g)

    private static void warm(Child c2, Child c1, Map<String, String> results) {
        System.out.printf(Locale.ROOT, "%n(b)+(g) warm scoring per summary, one thread, after warm-up (analysis + rule), ms;%n"
                + "wall = elapsed; cpu = the scoring thread's CPU time (what an idle core would take, near enough)%n");
        System.out.printf(Locale.ROOT, "%-20s %4s %15s %9s %15s %9s %12s%n", "text", "n", "C2 wall med/p95", "C2 cpu",
                "C1 wall med/p95", "C1 cpu", "C1/C2 cpu");
        for (String[] k : new String[][] {{"short_us", "short (40 words)"}, {"long_us", "long (299 words)"}}) {
            List<Double> a = c2.millis(k[0]);
            List<Double> b = c1.millis(k[0]);
            List<Double> ac = c2.cpuMillis(k[0]);
            List<Double> bc = c1.cpuMillis(k[0]);
            System.out.printf(Locale.ROOT, "%-20s %4d %15s %9s %15s %9s %11.2fx%n", k[1], a.size(),
                    fmt(median(a)) + " / " + fmt(p95(a)), fmt(median(ac)),
                    fmt(median(b)) + " / " + fmt(p95(b)), fmt(median(bc)), median(bc) / median(ac));
            String name = k[0].replace("_us", "");
            results.put("warm_" + name + "_median_ms", fmt(median(a)));
            results.put("warm_" + name + "_p95_ms", fmt(p95(a)));
            results.put("warm_" + name + "_cpu_median_ms", fmt(median(ac)));
            results.put("warm_" + name + "_cpu_p95_ms", fmt(p95(ac)));
            results.put("warm_" + name + "_median_c1_ms", fmt(median(b)));
            results.put("warm_" + name + "_cpu_median_c1_ms", fmt(median(bc)));
        }
        List<Double> dev = new ArrayList<>();
        List<Double> devCpu = new ArrayList<>();
        for (String[] v : c2.dev().values()) {
            dev.add(Double.parseDouble(v[0]));
            devCpu.add(Double.parseDouble(v[2]));
        }
        if (!dev.isEmpty()) {
            System.out.printf(Locale.ROOT, "%-20s %4d %15s %9s   (C2; mean wall %.1f, mean cpu %.1f)%n", "dev-set texts", dev.size(),
                    fmt(median(dev)) + " / " + fmt(p95(dev)), fmt(median(devCpu)), mean(dev), mean(devCpu));
            results.put("dev_median_ms", fmt(median(dev)));
            results.put("dev_p95_ms", fmt(p95(dev)));
            results.put("dev_mean_ms", fmt(mean(dev)));
            results.put("dev_mean_cpu_ms", fmt(mean(devCpu)));
        }
        List<Double> w2 = c2.millis("warmup_us");
        List<Double> w1 = c1.millis("warmup_us");
        if (w2.size() >= 4) {
            int k = Math.max(1, w2.size() / 3);
            System.out.printf(Locale.ROOT, "warm-up dev texts, median wall ms, first %d / last %d of %d: C2 %s / %s, C1 %s / %s%n",
                    k, k, w2.size(), fmt(median(w2.subList(0, k))), fmt(median(w2.subList(w2.size() - k, w2.size()))),
                    fmt(median(w1.subList(0, k))), fmt(median(w1.subList(w1.size() - k, w1.size()))));
        }
        System.out.printf(Locale.ROOT, "(these warm JVMs' own cold start: pipeline ready %d ms C2 / %d ms C1 after launch)%n",
                c2.sinceLaunch("pipeline_ready_ms"), c1.sinceLaunch("pipeline_ready_ms"));
    }

    // ------------------------------------------------------------------------------------------------ (c)

    private static void throughput(Child c2, Map<String, String> results) {
        List<String> rows = c2.values.getOrDefault("threads", List.of());
        System.out.printf(Locale.ROOT, "%n(c) throughput, threads sharing ONE pipeline, dev-set texts (C2)%n");
        System.out.printf(Locale.ROOT, "%-8s %6s %10s %10s %10s %s%n", "threads", "texts", "seconds", "docs/s", "vs 1", "labels vs 1 thread");
        double base = 0;
        for (String row : rows) {
            String[] p = row.split(" ");
            int threads = Integer.parseInt(p[0]);
            int n = Integer.parseInt(p[1]);
            double sec = Long.parseLong(p[2]) / 1e6;
            double rate = n / sec;
            if (base == 0) {
                base = rate;
            }
            System.out.printf(Locale.ROOT, "%-8d %6d %10.2f %10.1f %9.2fx %s%n", threads, n, sec, rate, rate / base, p[3]);
            results.put("throughput_" + threads + "_docs_per_s", fmt(rate));
        }
    }

    // ------------------------------------------------------------------------------------------------ (d)

    private static void memory(Child sr, Child pcfg, Map<String, String> results) {
        System.out.printf(Locale.ROOT, "%n(d) memory at the end of the run (-Xmx1536m, JVM default collector)%n");
        System.out.printf(Locale.ROOT, "%-44s %14s %14s %8s%n", "MiB", "shift-reduce", "PCFG baseline", "SR/PCFG");
        String[][] rows = {
                {"heap_live_after_gc_bytes", "live heap after System.gc()", "1"},
                {"heap_peak_pools_bytes", "peak heap (sum of pools' peaks)", "1"},
                {"heap_committed_bytes", "heap committed", "1"},
                {"vmhwm_kb", "peak RSS (VmHWM)", "1024"},
                {"vmrss_kb", "RSS at end (VmRSS)", "1024"},
        };
        for (String[] r : rows) {
            double f = Double.parseDouble(r[2]);
            double a = sr.one(r[0]) * f / (1 << 20);
            double b = pcfg.one(r[0]) * f / (1 << 20);
            System.out.printf(Locale.ROOT, "%-44s %14.0f %14.0f %7.1fx%n", r[1], a, b, a / b);
            results.put("mem_" + r[0].replace("_bytes", "").replace("_kb", "") + "_mib", fmt(a));
        }
    }

    // ------------------------------------------------------------------------------------------------ (f)

    private static void pcfgBaseline(Child sr, Child pcfg, Texts texts, Map<String, String> results) {
        Map<String, String[]> a = sr.dev();
        Map<String, String[]> b = pcfg.dev();
        List<Double> ta = new ArrayList<>();
        List<Double> tb = new ArrayList<>();
        int same = 0;
        int rightA = 0;
        int rightB = 0;
        List<String> labels = List.of("POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED");
        int[][] confusion = new int[4][4];
        for (Map.Entry<String, String[]> e : b.entrySet()) {
            String[] x = a.get(e.getKey());
            if (x == null) {
                continue;
            }
            ta.add(Double.parseDouble(x[0]));
            tb.add(Double.parseDouble(e.getValue()[0]));
            same += x[1].equals(e.getValue()[1]) ? 1 : 0;
            rightA += x[1].equals(texts.gold().get(e.getKey())) ? 1 : 0;
            rightB += e.getValue()[1].equals(texts.gold().get(e.getKey())) ? 1 : 0;
            confusion[labels.indexOf(x[1])][labels.indexOf(e.getValue()[1])]++;
        }
        int n = ta.size();
        System.out.printf(Locale.ROOT, "%n(f) PCFG (tokenize,ssplit,parse,sentiment; englishPCFG) as the baseline: first %d dev texts, same rule, C2%n", n);
        System.out.printf(Locale.ROOT, "%-34s %16s %16s %10s%n", "ms per text", "shift-reduce", "PCFG", "PCFG/SR");
        System.out.printf(Locale.ROOT, "%-34s %16s %16s %9.1fx%n", "dev texts: median / p95", fmt(median(ta)) + " / " + fmt(p95(ta)),
                fmt(median(tb)) + " / " + fmt(p95(tb)), median(tb) / median(ta));
        System.out.printf(Locale.ROOT, "%-34s %16.1f %16.1f %9.1fx%n", "dev texts: mean", mean(ta), mean(tb), mean(tb) / mean(ta));
        List<Double> sa = sr.millis("short_us");
        List<Double> sb = pcfg.millis("short_us");
        System.out.printf(Locale.ROOT, "%-34s %16s %16s %9.1fx%n", "short text: median (n=" + sa.size() + " / " + sb.size() + ")",
                fmt(median(sa)), fmt(median(sb)), median(sb) / median(sa));
        System.out.printf(Locale.ROOT, "%-34s %16d %16d %9.1fx%n", "JVM launch to pipeline ready, ms", sr.sinceLaunch("pipeline_ready_ms"),
                pcfg.sinceLaunch("pipeline_ready_ms"), (double) pcfg.sinceLaunch("pipeline_ready_ms") / sr.sinceLaunch("pipeline_ready_ms"));
        System.out.printf(Locale.ROOT, "labels: %d of %d the same (%.0f %%); right vs the dev set's gold labels: shift-reduce %d, PCFG %d%n",
                same, n, 100.0 * same / Math.max(1, n), rightA, rightB);
        System.out.printf(Locale.ROOT, "confusion (rows shift-reduce, columns PCFG):%n%-10s", "");
        for (String l : labels) {
            System.out.printf(Locale.ROOT, "%10s", l);
        }
        System.out.println();
        for (int i = 0; i < 4; i++) {
            System.out.printf(Locale.ROOT, "%-10s", labels.get(i));
            for (int j = 0; j < 4; j++) {
                System.out.printf(Locale.ROOT, "%10d", confusion[i][j]);
            }
            System.out.println();
        }
        results.put("pcfg_texts", String.valueOf(n));
        results.put("pcfg_dev_median_ms", fmt(median(tb)));
        results.put("pcfg_sr_dev_median_ms", fmt(median(ta)));
        results.put("pcfg_agreement", same + "/" + n);
    }

    // ------------------------------------------------------------------------------------------------ goals

    private static void goals(Map<String, String> r) {
        System.out.printf(Locale.ROOT, "%nGoals (issues 16 and 28)%n");
        long jar = Long.parseLong(r.get("jar_bytes"));
        goal("jar <= 95,000,000 bytes (SentimentJarIT's limit)", jar + " B", jarWithin(jar, JAR_LIMIT_BYTES));
        goal("jar <= 90,000,000 bytes (issue 28's goal)", jar + " B", jarWithin(jar, JAR_GOAL_BYTES));
        if (r.containsKey("naive_ratio")) {
            goal("jar >= 5x smaller than naive (computed, both models jars)", r.get("naive_ratio") + "x", d(r, "naive_ratio") >= 5);
        }
        goal("jar >= 5x smaller than naive (note's measured 495 MB)", r.get("note_naive_ratio") + "x", d(r, "note_naive_ratio") >= 5);
        goal("warm median, one thread, short <= 40 ms (C2)", r.get("warm_short_median_ms") + " ms", d(r, "warm_short_median_ms") <= 40);
        goal("  same, on the scoring thread's CPU time", r.get("warm_short_cpu_median_ms") + " ms", d(r, "warm_short_cpu_median_ms") <= 40);
        goal("warm median, one thread, long <= 250 ms (C2)", r.get("warm_long_median_ms") + " ms", d(r, "warm_long_median_ms") <= 250);
        goal("  same, on the scoring thread's CPU time", r.get("warm_long_cpu_median_ms") + " ms", d(r, "warm_long_cpu_median_ms") <= 250);
        goal("JVM start to pipeline ready <= 5 s (C2)", r.get("cold_pipeline_ready_c2_ms") + " ms", d(r, "cold_pipeline_ready_c2_ms") <= 5000);
        goal("JVM start to pipeline ready <= 5 s (C1)", r.get("cold_pipeline_ready_c1_ms") + " ms", d(r, "cold_pipeline_ready_c1_ms") <= 5000);
        goal("  same, main thread CPU time (C2)", r.get("cold_pipeline_ready_main_cpu_c2_ms") + " ms",
                d(r, "cold_pipeline_ready_main_cpu_c2_ms") <= 5000);
    }

    /** On the byte count, never on a rounded MB figure. */
    static boolean jarWithin(long jarBytes, long limitBytes) {
        return jarBytes <= limitBytes;
    }

    private static void goal(String what, String value, boolean met) {
        System.out.printf(Locale.ROOT, "  %-60s %12s  %s%n", what, value, met ? "met" : "MISSED");
    }

    private static double d(Map<String, String> r, String key) {
        return Double.parseDouble(r.get(key));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private interface Metric {
        long of(Child c);
    }

    private static List<Double> collect(List<Child> children, Metric m) {
        List<Double> out = new ArrayList<>();
        for (Child c : children) {
            out.add((double) m.of(c));
        }
        return out;
    }

    static double median(List<Double> xs) {
        return percentile(xs, 50);
    }

    static double p95(List<Double> xs) {
        return percentile(xs, 95);
    }

    /** Nearest-rank percentile; NaN for no values. */
    static double percentile(List<Double> xs, double p) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        if (p == 50 && sorted.size() % 2 == 0) {
            return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String range(List<Double> xs) {
        return String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", median(xs), Collections.min(xs), Collections.max(xs));
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String str(int v) {
        return String.valueOf(v);
    }

    static double mb(long bytes) {
        return bytes / 1_000_000.0;
    }

    static String loadAverage() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void writeResults(Path out, Map<String, String> results) throws IOException {
        Properties p = new Properties();
        p.putAll(results);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (Writer w = Files.newBufferedWriter(out)) {
            p.store(w, "consumer benchmark results (read by: benchmarks cost)");
        }
        System.out.println("results written to " + out);
    }

    private static void deleteTree(Path dir) throws IOException {
        Set<Path> paths = new HashSet<>();
        try (var walk = Files.walk(dir)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    paths.add(p);
                }
            });
        }
    }
}

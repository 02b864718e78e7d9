package org.fangsentiment.benchmarks;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.trees.TreeCoreAnnotations;
import edu.stanford.nlp.util.CoreMap;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fangsentiment.consumer.lambda.ConsumerHandler;
import org.fangsentiment.sentiment.AnalyzedText;
import org.fangsentiment.sentiment.SentenceSentiment;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.sentiment.SentimentRule;

/**
 * Runs inside a child JVM whose class path is ONLY the shaded {@code consumer-lambda.jar} plus a temporary
 * directory holding this one class file (and, for the PCFG baseline, the PCFG model file). It therefore
 * references nothing but the JDK and classes inside the consumer jar, and has no nested classes: a single
 * {@code .class} file is all that {@link ConsumerBenchmark} copies out.
 *
 * <p>Every figure goes to stdout as one line {@code BENCH <key> <value...>}; the parent parses them.
 * Modes:
 * <ul>
 *   <li>{@code noop}: nothing after main(): the JVM's own start, the floor of every cold start.</li>
 *   <li>{@code cold SHORT}: milestones (epoch ms) from main to pipeline ready, handler ready, first scored text.</li>
 *   <li>{@code warm SHORT LONG DEV WARMUP NSHORT NLONG NDEV THREADS...}: the same milestones, then warm-up, per-text
 *       times for short and long texts, per-text times and labels over the first NDEV dev texts (one thread),
 *       throughput of that set with each thread count sharing one pipeline, then heap and RSS.</li>
 *   <li>{@code pcfg SHORT DEV WARMUP NSHORT NDEV}: the PCFG baseline pipeline with the same rule.</li>
 * </ul>
 */
public final class ConsumerProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ConsumerProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainMs = System.currentTimeMillis();
        emit("jvm_start_ms " + ManagementFactory.getRuntimeMXBean().getStartTime());
        emit("main_ms " + mainMs);
        switch (args[0]) {
            case "noop" -> { } // a bare JVM start with the same class path: the floor of a cold start
            case "cold" -> cold(args);
            case "warm" -> warm(args);
            case "pcfg" -> pcfg(args);
            default -> throw new IllegalArgumentException("mode: " + args[0]);
        }
        System.out.flush();
        // Daemon worker threads of the handler must not keep us alive; halt skips nothing we need.
        Runtime.getRuntime().halt(0);
    }

    private static void cold(String[] args) throws IOException {
        String shortText = Files.readString(Path.of(args[1]));
        milestones(shortText);
    }

    /** Pipeline ready, then handler ready (the rest of what Lambda's init builds), then the first scored text. */
    private static SentimentAnalyzer milestones(String shortText) {
        SentimentAnalyzer analyzer = SentimentAnalyzer.shared();
        emit("pipeline_ready_ms " + System.currentTimeMillis());
        emit("pipeline_ready_cpu_ms " + processCpuMs());
        emit("pipeline_ready_main_cpu_ms " + THREADS.getCurrentThreadCpuTime() / 1_000_000);
        emit("classes_at_pipeline_ready " + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        new ConsumerHandler();
        emit("handler_ready_ms " + System.currentTimeMillis());
        emit("handler_ready_cpu_ms " + processCpuMs());
        SentimentRule rule = new SentimentRule();
        String label = rule.apply(analyzer.analyze(shortText)).label().name();
        emit("first_scored_ms " + System.currentTimeMillis());
        emit("first_scored_cpu_ms " + processCpuMs());
        emit("first_scored_main_cpu_ms " + THREADS.getCurrentThreadCpuTime() / 1_000_000);
        emit("first_label " + label);
        emit("classes_at_first_scored " + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        return analyzer;
    }

    private static void warm(String[] args) throws Exception {
        String shortText = Files.readString(Path.of(args[1]));
        String longText = Files.readString(Path.of(args[2]));
        List<String[]> dev = readDev(Path.of(args[3]));
        int warmup = Integer.parseInt(args[4]);
        int nShort = Integer.parseInt(args[5]);
        int nLong = Integer.parseInt(args[6]);
        int nDev = Math.min(Integer.parseInt(args[7]), dev.size());
        SentimentAnalyzer analyzer = milestones(shortText);
        SentimentRule rule = new SentimentRule();

        for (int i = 0; i < warmup; i++) {
            String text = dev.get(i % dev.size())[2];
            emit("warmup_us " + timed(() -> rule.apply(analyzer.analyze(text)).label().name()).split(" ", 3)[0]);
        }
        for (int i = 0; i < nShort; i++) {
            emit("short_us " + timed(() -> rule.apply(analyzer.analyze(shortText)).label().name()));
        }
        for (int i = 0; i < nLong; i++) {
            emit("long_us " + timed(() -> rule.apply(analyzer.analyze(longText)).label().name()));
        }
        for (int i = 0; i < nDev; i++) {
            String[] d = dev.get(i);
            emit("dev " + d[0] + " " + timed(() -> rule.apply(analyzer.analyze(d[2])).label().name()));
        }
        List<String> reference = null;
        for (int a = 8; a < args.length && nDev > 0; a++) {
            int threads = Integer.parseInt(args[a]);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                long t0 = System.nanoTime();
                List<Future<String>> futures = new ArrayList<>();
                for (int i = 0; i < nDev; i++) {
                    String text = dev.get(i)[2];
                    futures.add(pool.submit(() -> rule.apply(analyzer.analyze(text)).label().name()));
                }
                List<String> labels = new ArrayList<>();
                for (Future<String> f : futures) {
                    labels.add(f.get());
                }
                long us = (System.nanoTime() - t0) / 1_000;
                if (reference == null) {
                    reference = labels;
                }
                emit("threads " + threads + " " + nDev + " " + us + " " + (labels.equals(reference) ? "same" : "DIFFERENT"));
            } finally {
                pool.shutdownNow();
            }
        }
        memory();
    }

    private static void memory() throws IOException {
        long peakPools = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakPools += pool.getPeakUsage().getUsed();
            }
        }
        emit("heap_peak_pools_bytes " + peakPools);
        emit("heap_committed_bytes " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
        System.gc();
        emit("heap_live_after_gc_bytes " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
                    String[] p = line.trim().split("\\s+"); // "VmHWM:  123456 kB"
                    emit(p[0].replace(":", "").toLowerCase() + "_kb " + p[1]);
                }
            }
        }
    }

    /**
     * The consumer's own properties (dependency graphs off, as on the SR side) with the PCFG parser, and
     * without the SR parser's separate POS tagger (the PCFG tags as it parses).
     */
    static Properties pcfgProperties() {
        Properties props = SentimentAnalyzer.properties();
        props.setProperty("annotators", "tokenize,ssplit,parse,sentiment");
        props.setProperty("parse.model", "edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz");
        props.remove("pos.model");
        return props;
    }

    /**
     * The seed-era parser as a baseline: {@code tokenize,ssplit,parse,sentiment} with the default PCFG model, and
     * the consumer's own tree-to-phrases conversion (reached by reflection: it is package-private) and rule.
     */
    private static void pcfg(String[] args) throws Exception {
        String shortText = Files.readString(Path.of(args[1]));
        List<String[]> dev = readDev(Path.of(args[2]));
        int warmup = Integer.parseInt(args[3]);
        int nShort = Integer.parseInt(args[4]);
        int nDev = Math.min(Integer.parseInt(args[5]), dev.size());

        Properties props = pcfgProperties();
        StanfordCoreNLP pipeline = new StanfordCoreNLP(props);
        emit("pipeline_ready_ms " + System.currentTimeMillis());
        Method toSentence = SentimentAnalyzer.class.getDeclaredMethod("toSentence", Tree.class, Tree.class);
        toSentence.setAccessible(true);
        SentimentRule rule = new SentimentRule();

        for (int i = 0; i < warmup; i++) {
            label(pipeline, toSentence, rule, shortText);
        }
        for (int i = 0; i < nShort; i++) {
            emit("short_us " + timed(() -> label(pipeline, toSentence, rule, shortText)));
        }
        for (int i = 0; i < nDev; i++) {
            String[] d = dev.get(i);
            emit("dev " + d[0] + " " + timed(() -> label(pipeline, toSentence, rule, d[2])));
        }
        memory();
    }

    /** "wallMicros cpuMicros label": wall time and this thread's CPU time (robust against other processes). */
    private static String timed(Callable<String> work) throws Exception {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        String label = work.call();
        long wall = System.nanoTime() - t0;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        return wall / 1_000 + " " + cpu / 1_000 + " " + label;
    }

    /** CPU time of the whole process so far (all threads: JIT compilers and GC included). */
    private static long processCpuMs() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1_000_000 : -1;
    }

    private static String label(StanfordCoreNLP pipeline, Method toSentence, SentimentRule rule, String text)
            throws ReflectiveOperationException {
        Annotation document = new Annotation(text);
        pipeline.annotate(document);
        List<SentenceSentiment> sentences = new ArrayList<>();
        for (CoreMap sentence : document.get(CoreAnnotations.SentencesAnnotation.class)) {
            Tree tree = sentence.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
            if (tree != null) {
                // The constituency tree too, so that the rule reads events from the PCFG parse as it does from the SR one.
                sentences.add((SentenceSentiment) toSentence.invoke(null, tree,
                        sentence.get(TreeCoreAnnotations.TreeAnnotation.class)));
            }
        }
        return rule.apply(new AnalyzedText(sentences)).label().name();
    }

    /** Tab-separated lines: id, gold label, text (written by the parent). */
    private static List<String[]> readDev(Path file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rows.add(line.split("\t", 3));
            }
        }
        return rows;
    }

    private static void emit(String line) {
        System.out.println("BENCH " + line);
    }
}

package org.fangsentiment.sentiment;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures what docs/sentiment.md reports: JVM start to pipeline ready, warm median and p95 scoring time of a short
 * and a long text (analysis plus rule), peak heap and live heap after a full GC. Not a test: run it by hand (command
 * in the docs). Arguments: warm-up rounds (default 30), measured rounds (default 50).
 */
public final class SentimentBenchmark {

    private SentimentBenchmark() {}

    public static void main(String[] args) throws IOException {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        SentimentAnalyzer analyzer = new SentimentAnalyzer();
        long ready = System.currentTimeMillis() - jvmStart;
        Runtime r0 = Runtime.getRuntime();
        maxUsed = r0.totalMemory() - r0.freeMemory();
        SentimentRule rule = new SentimentRule();
        String shortText = resource("/sentiment/bench-short.txt");
        String longText = resource("/sentiment/bench-long.txt");

        long firstShort = time(analyzer, rule, shortText);
        for (int i = 0; i < warmup; i++) {
            time(analyzer, rule, shortText);
            time(analyzer, rule, longText);
        }
        List<Long> s = new ArrayList<>();
        List<Long> l = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            s.add(time(analyzer, rule, shortText));
            l.add(time(analyzer, rule, longText));
        }
        long oldGenPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
                oldGenPeak = Math.max(oldGenPeak, pool.getPeakUsage().getUsed());
            }
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long live = rt.totalMemory() - rt.freeMemory();

        System.out.printf(Locale.ROOT, "java %s, %d cpus, max heap %d MiB%n", System.getProperty("java.version"),
                rt.availableProcessors(), rt.maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "JVM start to pipeline ready: %.2f s%n", ready / 1000.0);
        System.out.printf(Locale.ROOT, "first (cold) short text: %d ms%n", firstShort / 1000);
        System.out.printf(Locale.ROOT, "short (%d words): median %.1f ms, p95 %.1f ms (%d rounds after %d warm-ups)%n",
                words(shortText), pct(s, 50), pct(s, 95), rounds, warmup);
        System.out.printf(Locale.ROOT, "long (%d words): median %.1f ms, p95 %.1f ms%n", words(longText), pct(l, 50),
                pct(l, 95));
        System.out.printf(Locale.ROOT, "peak heap used (sampled after each scoring): %d MiB; old generation peak: %d "
                + "MiB; live heap after full GC: %d MiB%n", maxUsed >> 20, oldGenPeak >> 20, live >> 20);
    }

    private static long maxUsed;

    private static long time(SentimentAnalyzer a, SentimentRule r, String text) {
        long t0 = System.nanoTime();
        r.apply(a.analyze(text));
        long micros = (System.nanoTime() - t0) / 1000;
        Runtime rt = Runtime.getRuntime();
        maxUsed = Math.max(maxUsed, rt.totalMemory() - rt.freeMemory());
        return micros;
    }

    private static double pct(List<Long> micros, int p) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, idx)) / 1000.0;
    }

    private static int words(String t) {
        return t.split("\\s+").length;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SentimentBenchmark.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}

package org.fangsentiment.benchmarks;

import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.sentiment.SentimentRule;

/**
 * Child JVM of {@link ScalingBenchmark}; its class path is the consumer's shaded jar and this one class. Modes:
 * <ul>
 *   <li>{@code alu THREADS MILLIS}: integer arithmetic on every thread, no memory traffic: what the machine's
 *       cores give when nothing is shared.</li>
 *   <li>{@code score TEXTS THREADS PIPELINES MILLIS [wait]}: builds PIPELINES analysers (1 = shared by all threads),
 *       warms up, then every thread scores texts (analysis + rule) for MILLIS. With {@code wait} it prints
 *       {@code BENCH ready} after the warm-up and starts on a line from stdin, so that several processes measure
 *       the same window.</li>
 * </ul>
 * Prints {@code BENCH} lines: work done, the window, GC time and count in it, bytes allocated, and the time the
 * workers spent blocked on monitors and waiting (JMX thread contention monitoring).
 */
public final class ScalingProbe {

    private ScalingProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "alu" -> alu(Integer.parseInt(args[1]), Long.parseLong(args[2]));
            case "score" -> score(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]), args.length > 5 && args[5].equals("wait"));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void alu(int threads, long millis) throws InterruptedException {
        AtomicLong ops = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                long x = System.nanoTime();
                long n = 0;
                long end = System.nanoTime() + millis * 1_000_000;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 100_000; i++) {
                        x = x * 6364136223846793005L + 1442695040888963407L;
                        x ^= x >>> 29;
                    }
                    n += 100_000;
                }
                ops.addAndGet(n + (x == 42 ? 1 : 0));
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("BENCH work " + ops.get());
        System.out.println("BENCH window_ms " + millis);
    }

    private static void score(Path textsFile, int threads, int pipelines, long millis, boolean wait) throws Exception {
        List<String> texts = Files.readAllLines(textsFile, StandardCharsets.UTF_8);
        List<SentimentAnalyzer> analyzers = new ArrayList<>();
        for (int p = 0; p < pipelines; p++) {
            StanfordCoreNLP.clearAnnotatorPool(); // a separate pipeline must not share CoreNLP's cached annotators
            analyzers.add(new SentimentAnalyzer());
        }
        SentimentRule rule = new SentimentRule();
        for (int i = 0; i < 40; i++) { // the JIT settles after about 30 texts (the CoreNLP note)
            rule.apply(analyzers.get(i % pipelines).analyze(texts.get(i % texts.size())));
        }
        if (wait) {
            System.out.println("BENCH ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        var threadBean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threadBean.setThreadContentionMonitoringEnabled(true);
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long gcMs0 = gcMillis();
        long gcCount0 = gcCount();
        long[] endAt = new long[1];
        for (int t = 0; t < threads; t++) {
            SentimentAnalyzer analyzer = analyzers.get(t % pipelines);
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < endAt[0]) {
                    String text = texts.get((int) (next.getAndIncrement() % texts.size()));
                    rule.apply(analyzer.analyze(text));
                    done.incrementAndGet();
                }
            });
            workers.add(worker);
            worker.start();
        }
        long[] allocated0 = new long[threads];
        for (int t = 0; t < threads; t++) {
            allocated0[t] = threadBean.getThreadAllocatedBytes(workers.get(t).getId());
        }
        long t0 = System.nanoTime();
        endAt[0] = t0 + millis * 1_000_000;
        start.countDown();
        long allocated = 0;
        long blockedMs = 0;
        long waitedMs = 0;
        long cpuMs = 0;
        for (int t = 0; t < threads; t++) {
            Thread worker = workers.get(t);
            // Read the counters just before the thread ends: they are gone once it has.
            while (worker.isAlive() && System.nanoTime() < endAt[0] - 200_000_000L) {
                worker.join(50);
            }
            ThreadInfo info = threadBean.getThreadInfo(worker.getId());
            allocated += threadBean.getThreadAllocatedBytes(worker.getId()) - allocated0[t];
            cpuMs += threadBean.getThreadCpuTime(worker.getId()) / 1_000_000;
            if (info != null) {
                blockedMs += info.getBlockedTime();
                waitedMs += info.getWaitedTime();
            }
            worker.join();
        }
        long windowMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("BENCH work " + done.get());
        System.out.println("BENCH window_ms " + windowMs);
        System.out.println("BENCH gc_ms " + (gcMillis() - gcMs0));
        System.out.println("BENCH gc_count " + (gcCount() - gcCount0));
        System.out.println("BENCH allocated_bytes " + allocated);
        System.out.println("BENCH blocked_ms " + blockedMs);
        System.out.println("BENCH waited_ms " + waitedMs);
        System.out.println("BENCH worker_cpu_ms " + cpuMs);
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long gcCount() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }
}

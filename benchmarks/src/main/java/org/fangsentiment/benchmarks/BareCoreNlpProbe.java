package org.fangsentiment.benchmarks;

import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.fangsentiment.sentiment.SentimentAnalyzer;

/**
 * The limit the end-to-end run is measured against, run in a fresh child JVM whose class path is only the
 * consumer's shaded jar and the directory holding this one class: a bare CoreNLP pipeline with exactly the
 * consumer's annotators and models ({@link SentimentAnalyzer#properties()}), built once, then annotating
 * every text of the file (one per line) on T threads sharing that one pipeline (second argument, default 1), each
 * taking the next text not yet taken, as the consumer's record threads do. Nothing of ours runs: no rule, no
 * HTTP, no AWS. Prints {@code BENCH built_ms <epoch ms>}, {@code BENCH annotation_ns <sum of per-text times>},
 * {@code BENCH annotation_wall_ns <built to the last text done>}, {@code BENCH texts <n>} and
 * {@code BENCH sentences <n>}.
 */
public final class BareCoreNlpProbe {

    private BareCoreNlpProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<String> texts = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        StanfordCoreNLP pipeline = new StanfordCoreNLP(SentimentAnalyzer.properties());
        System.out.println("BENCH built_ms " + System.currentTimeMillis());
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicLong total = new AtomicLong();
        AtomicInteger sentences = new AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                long t0 = System.nanoTime();
                Annotation document = new Annotation(texts.get(i));
                pipeline.annotate(document);
                total.addAndGet(System.nanoTime() - t0);
                sentences.addAndGet(document.get(edu.stanford.nlp.ling.CoreAnnotations.SentencesAnnotation.class).size());
            }
        };
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(work, "bare-annotate-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("BENCH annotation_wall_ns " + (System.nanoTime() - start));
        System.out.println("BENCH annotation_ns " + total.get());
        System.out.println("BENCH texts " + texts.size());
        System.out.println("BENCH sentences " + sentences.get());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}

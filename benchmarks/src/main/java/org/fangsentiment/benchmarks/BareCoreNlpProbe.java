package org.fangsentiment.benchmarks;

import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fangsentiment.sentiment.SentimentAnalyzer;

/**
 * The limit the end-to-end run is measured against, run in a fresh child JVM whose class path is only the
 * consumer's shaded jar and the directory holding this one class: a bare CoreNLP pipeline with exactly the
 * consumer's annotators and models ({@link SentimentAnalyzer#properties()}), built once, then annotating
 * every text of the file (one per line) on one thread. Nothing of ours runs: no rule, no HTTP, no AWS.
 * Prints {@code BENCH built_ms <epoch ms>}, {@code BENCH annotation_ns <sum of per-text times>} and
 * {@code BENCH texts <n>}.
 */
public final class BareCoreNlpProbe {

    private BareCoreNlpProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<String> texts = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        StanfordCoreNLP pipeline = new StanfordCoreNLP(SentimentAnalyzer.properties());
        System.out.println("BENCH built_ms " + System.currentTimeMillis());
        long total = 0;
        int sentences = 0;
        for (String text : texts) {
            long t0 = System.nanoTime();
            Annotation document = new Annotation(text);
            pipeline.annotate(document);
            total += System.nanoTime() - t0;
            sentences += document.get(edu.stanford.nlp.ling.CoreAnnotations.SentencesAnnotation.class).size();
        }
        System.out.println("BENCH annotation_ns " + total);
        System.out.println("BENCH texts " + texts.size());
        System.out.println("BENCH sentences " + sentences);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}

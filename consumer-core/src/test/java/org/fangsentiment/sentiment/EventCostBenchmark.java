package org.fangsentiment.sentiment;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.trees.TreeCoreAnnotations;
import edu.stanford.nlp.util.CoreMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What reading events off the constituency tree costs beside CoreNLP's annotation, on the 240 labelled texts, warm,
 * one thread: per text the annotation time, then the conversion of its sentences without events
 * ({@code toSentence(tree, null)}) and with them ({@code toSentence(tree, parse)}), and the rule. Not a test: run by hand
 * (command in docs/sentiment.md). Argument: rounds over the texts (default 5; the first is warm-up).
 */
public final class EventCostBenchmark {

    private EventCostBenchmark() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        StanfordCoreNLP pipeline = new StanfordCoreNLP(SentimentAnalyzer.properties());
        SentimentRule rule = new SentimentRule();
        List<DevSet.DevText> texts = DevSet.load();
        List<Double> annotate = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        List<Double> withEvents = new ArrayList<>();
        List<Double> ruleTime = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (DevSet.DevText t : texts) {
                long t0 = System.nanoTime();
                Annotation doc = new Annotation(t.text());
                pipeline.annotate(doc);
                long t1 = System.nanoTime();
                List<Tree[]> trees = new ArrayList<>();
                for (CoreMap s : doc.get(CoreAnnotations.SentencesAnnotation.class)) {
                    trees.add(new Tree[] {s.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class),
                        s.get(TreeCoreAnnotations.TreeAnnotation.class)});
                }
                long t2 = System.nanoTime();
                for (Tree[] tr : trees) {
                    SentimentAnalyzer.toSentence(tr[0], null);
                }
                long t3 = System.nanoTime();
                List<SentenceSentiment> sentences = new ArrayList<>();
                for (Tree[] tr : trees) {
                    sentences.add(SentimentAnalyzer.toSentence(tr[0], tr[1]));
                }
                long t4 = System.nanoTime();
                rule.apply(new AnalyzedText(sentences));
                long t5 = System.nanoTime();
                if (round > 0) {
                    annotate.add((t1 - t0) / 1e6);
                    plain.add((t3 - t2) / 1e6);
                    withEvents.add((t4 - t3) / 1e6);
                    ruleTime.add((t5 - t4) / 1e6);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d texts x %d rounds (after 1 warm-up round), ms per text: median / mean%n",
                texts.size(), rounds - 1);
        print("CoreNLP annotation", annotate);
        print("sentences without events", plain);
        print("sentences with events", withEvents);
        print("rule", ruleTime);
        double extra = mean(withEvents) - mean(plain);
        System.out.printf(Locale.ROOT, "events add %.3f ms per text = %.2f %% of the annotation%n", extra,
                100 * extra / mean(annotate));
    }

    private static void print(String what, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-26s %8.3f / %8.3f%n", what, sorted.get(sorted.size() / 2), mean(ms));
    }

    private static double mean(List<Double> ms) {
        return ms.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}

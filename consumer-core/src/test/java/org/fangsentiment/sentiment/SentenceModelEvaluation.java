package org.fangsentiment.sentiment;

import edu.stanford.nlp.classify.Dataset;
import edu.stanford.nlp.classify.LinearClassifier;
import edu.stanford.nlp.classify.LinearClassifierFactory;
import edu.stanford.nlp.ling.BasicDatum;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Issue 29's learned component, measured against the rule before it is wired in: two logistic regressions (CoreNLP's
 * {@code LinearClassifierFactory}, L2 prior with {@link #SIGMA}) over {@link SentenceFeatures}, one for "this
 * sentence reports something adverse about the company", one for "... favourable", trained on the sentence labels a
 * person gave ({@code sentiment/sentence-labels.jsonl}, {@code sentiment/sentiment-train34.json}). A text gets a side
 * when one of its sentences reaches {@link #THRESHOLD} on it: both sides MIXED, one POSITIVE or NEGATIVE, none
 * NEUTRAL.
 *
 * <p>Prints, for the rule and for the model: 5-fold cross-validation over every text with sentence labels, and
 * leave-one-source-out (trained on every other file, scored on one: texts by one writer share a style, so this is
 * the closer measure of text nobody has written yet). With a file argument (a JSON array of labelled texts outside
 * the resources, such as a frozen set), it also trains on everything and scores that file once. Usage:
 * {@code SentenceModelEvaluation [frozen.json]}; figures and method in docs/sentiment.md "A learned sentence model".
 */
public final class SentenceModelEvaluation {

    /** L2 prior of both regressions; 0.3, 1 and 3 were tried, 3 was best under leave-one-source-out. */
    static final double SIGMA = 3.0;
    /** A sentence counts for a side from this probability on; 0.3 .. 0.7 were tried, 0.5 gave the fewest flips. */
    static final double THRESHOLD = 0.5;

    /** The labelled files with sentence labels, in the order they were written. */
    static final List<String> SOURCES = List.of("dev", "dev2", "dev3", "heldout", "frozen29", "frozen31", "frozen32",
            "frozen33", "train34");

    record Doc(String id, String source, String kind, SentimentLabel gold, AnalyzedText analyzed, String[] labels,
               int fold) {}

    private SentenceModelEvaluation() {}

    public static void main(String[] args) throws IOException {
        SentimentAnalyzer analyzer = SentimentAnalyzer.shared();
        Map<String, String[]> sentenceLabels = SentenceLabels.load();
        List<Doc> docs = new ArrayList<>();
        Map<SentimentLabel, Integer> perLabel = new HashMap<>();
        for (String source : SOURCES) {
            for (SentenceLabels.Text t : SentenceLabels.texts("/sentiment/sentiment-" + source + ".json")) {
                String[] labels = t.sentenceLabels() != null ? t.sentenceLabels() : sentenceLabels.get(t.id());
                AnalyzedText a = analyzer.analyze(t.text());
                if (labels == null || labels.length != a.sentences().size()) {
                    throw new IllegalStateException("sentence labels of " + t.id() + " do not match its "
                            + a.sentences().size() + " sentences");
                }
                int fold = perLabel.merge(t.gold(), 1, Integer::sum) % DevSet.FOLDS;
                docs.add(new Doc(t.id(), source, t.kind(), t.gold(), a, labels, fold));
            }
        }
        System.out.printf(Locale.ROOT, "%d texts, %d sentences, sigma %.1f, threshold %.2f%n", docs.size(),
                docs.stream().mapToInt(d -> d.labels().length).sum(), SIGMA, THRESHOLD);
        SentimentRule rule = new SentimentRule();
        Function<Doc, SentimentLabel> ruleLabel = d -> rule.apply(d.analyzed()).label();

        Map<Doc, SentimentLabel> cv = new HashMap<>();
        for (int k = 0; k < DevSet.FOLDS; k++) {
            int fold = k;
            Models m = train(docs.stream().filter(d -> d.fold() != fold).toList());
            docs.stream().filter(d -> d.fold() == fold).forEach(d -> cv.put(d, m.label(d.analyzed())));
        }
        report("rule, all texts", docs, d -> true, ruleLabel);
        report("model, 5-fold CV", docs, d -> true, cv::get);

        Map<Doc, SentimentLabel> loso = new HashMap<>();
        for (String source : SOURCES) {
            Models m = train(docs.stream().filter(d -> !d.source().equals(source)).toList());
            docs.stream().filter(d -> d.source().equals(source)).forEach(d -> loso.put(d, m.label(d.analyzed())));
        }
        report("model, leave one source out", docs, d -> true, loso::get);
        for (String source : SOURCES) {
            report("  " + source + ": rule", docs, d -> d.source().equals(source), ruleLabel);
            report("  " + source + ": model (trained on the others)", docs, d -> d.source().equals(source), loso::get);
        }
        if (args.length > 0) {
            Models all = train(docs);
            List<Doc> frozen = new ArrayList<>();
            for (SentenceLabels.Text t : SentenceLabels.texts(new File(args[0]))) {
                frozen.add(new Doc(t.id(), args[0], t.kind(), t.gold(), analyzer.analyze(t.text()), null, 0));
            }
            report("frozen file: rule", frozen, d -> true, ruleLabel);
            report("frozen file: model (trained on all)", frozen, d -> true, d -> all.label(d.analyzed()));
            for (Doc d : frozen) {
                SentimentLabel r = ruleLabel.apply(d);
                SentimentLabel m = all.label(d.analyzed());
                if (r != d.gold() || m != d.gold()) {
                    System.out.printf(Locale.ROOT, "  %s [%s] gold=%s rule=%s model=%s%n", d.id(), d.kind(), d.gold(),
                            r, m);
                }
            }
        }
    }

    /** The two regressions. */
    record Models(LinearClassifier<String, String> adverse, LinearClassifier<String, String> favourable) {

        SentimentLabel label(AnalyzedText text) {
            boolean adverseSide = false;
            boolean favourableSide = false;
            for (SentenceSentiment s : text.sentences()) {
                BasicDatum<String, String> datum = datum(s, null);
                adverseSide |= adverse.probabilityOf(datum).getCount(YES) >= THRESHOLD;
                favourableSide |= favourable.probabilityOf(datum).getCount(YES) >= THRESHOLD;
            }
            if (adverseSide && favourableSide) {
                return SentimentLabel.MIXED;
            }
            return favourableSide ? SentimentLabel.POSITIVE
                    : adverseSide ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL;
        }
    }

    private static final String YES = "yes";

    static BasicDatum<String, String> datum(SentenceSentiment s, String label) {
        return new BasicDatum<>(SentenceFeatures.of(s).stream().map(SentenceFeatures.Feature::name).toList(), label);
    }

    static Models train(List<Doc> docs) {
        Dataset<String, String> adverse = new Dataset<>();
        Dataset<String, String> favourable = new Dataset<>();
        for (Doc d : docs) {
            List<SentenceSentiment> sentences = d.analyzed().sentences();
            for (int i = 0; i < sentences.size(); i++) {
                String l = d.labels()[i];
                adverse.add(datum(sentences.get(i), l.equals("A") || l.equals("B") ? YES : "no"));
                favourable.add(datum(sentences.get(i), l.equals("F") || l.equals("B") ? YES : "no"));
            }
        }
        LinearClassifierFactory<String, String> factory = new LinearClassifierFactory<>();
        factory.setSigma(SIGMA);
        factory.setVerbose(false);
        return new Models(factory.trainClassifier(adverse), factory.trainClassifier(favourable));
    }

    static void report(String name, List<Doc> docs, Predicate<Doc> in, Function<Doc, SentimentLabel> predict) {
        List<SentimentLabel> gold = new ArrayList<>();
        List<SentimentLabel> pred = new ArrayList<>();
        Map<String, int[]> perKind = new TreeMap<>();
        for (Doc d : docs) {
            if (in.test(d)) {
                SentimentLabel p = predict.apply(d);
                gold.add(d.gold());
                pred.add(p);
                int[] k = perKind.computeIfAbsent(d.kind(), x -> new int[2]);
                k[0]++;
                k[1] += p == d.gold() ? 1 : 0;
            }
        }
        Calibration.Figures f = Calibration.figures(gold, pred);
        StringBuilder kinds = new StringBuilder();
        perKind.forEach((k, v) -> kinds.append(' ').append(k).append(' ').append(v[1]).append('/').append(v[0]));
        System.out.printf(Locale.ROOT, "%-50s n=%3d acc4=%.3f acc3=%.3f flips=%d |%s%n", name, f.n(), f.acc4(),
                f.acc3(), f.flips(), kinds);
    }
}

package org.fangsentiment.sentiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Chooses {@link SentimentRule.Parameters} on labelled texts and scores them: the procedure behind the defaults and
 * behind the cross-validated figures in {@code docs/sentiment.md}.
 *
 * <p>Grid: {@code strongPhrase} in {0.5, 0.6, 0.7, 0.8, 0.9}, {@code evidenceShare} in 0.001 .. 0.100 (step
 * 0.001). Objective: acc4 minus 0.05 per polarity flip. Ties: the smallest {@code strongPhrase} among the best, then
 * the median (lower) of the best {@code evidenceShare} values, i.e. the middle of the plateau rather than its edge.
 */
final class Calibration {

    static final double[] STRONG_PHRASE = {0.5, 0.6, 0.7, 0.8, 0.9};
    static final double[] EVIDENCE_SHARE = IntStream.rangeClosed(1, 100).mapToDouble(i -> i / 1000.0).toArray();

    /** Figures on a set of texts. {@code confusion[gold][predicted]}, indices in {@link SentimentLabel} order. */
    record Figures(double acc4, double acc3, int flips, int n, int[][] confusion) {
        double objective() {
            return acc4 - 0.05 * flips;
        }
    }

    private final List<DevSet.DevText> texts;
    private final List<AnalyzedText> analyzed;
    private final Map<Double, List<SentimentRule.Evidence>> evidence = new HashMap<>();

    /** Runs CoreNLP once per text; evidence for every grid value is then computed from that output. */
    Calibration(List<DevSet.DevText> texts, List<AnalyzedText> analyzed) {
        this.texts = texts;
        this.analyzed = List.copyOf(analyzed);
        for (double tau : STRONG_PHRASE) {
            List<SentimentRule.Evidence> list = new ArrayList<>();
            for (AnalyzedText a : analyzed) {
                list.add(SentimentRule.evidence(a, tau));
            }
            evidence.put(tau, list);
        }
    }

    List<DevSet.DevText> texts() {
        return texts;
    }

    /** CoreNLP's output for each text, in the same order. */
    List<AnalyzedText> analyzed() {
        return analyzed;
    }

    SentimentLabel predict(int i, SentimentRule.Parameters p) {
        SentimentRule.Evidence e = evidence.containsKey(p.strongPhrase())
                ? evidence.get(p.strongPhrase()).get(i)
                : null;
        if (e == null) {
            throw new IllegalArgumentException("strongPhrase not on the grid: " + p.strongPhrase());
        }
        return SentimentRule.label(e, p.evidenceShare());
    }

    Figures score(List<Integer> idx, SentimentRule.Parameters p) {
        List<SentimentLabel> pred = new ArrayList<>();
        List<SentimentLabel> gold = new ArrayList<>();
        for (int i : idx) {
            pred.add(predict(i, p));
            gold.add(texts.get(i).gold());
        }
        return figures(gold, pred);
    }

    static Figures figures(List<SentimentLabel> gold, List<SentimentLabel> pred) {
        int[][] confusion = new int[4][4];
        int right = 0;
        int right3 = 0;
        int n3 = 0;
        int flips = 0;
        for (int i = 0; i < gold.size(); i++) {
            SentimentLabel g = gold.get(i);
            SentimentLabel p = pred.get(i);
            confusion[g.ordinal()][p.ordinal()]++;
            if (g == p) {
                right++;
            }
            if (g != SentimentLabel.MIXED) {
                n3++;
                if (g == p) {
                    right3++;
                }
            }
            if ((g == SentimentLabel.POSITIVE && p == SentimentLabel.NEGATIVE)
                    || (g == SentimentLabel.NEGATIVE && p == SentimentLabel.POSITIVE)) {
                flips++;
            }
        }
        return new Figures((double) right / gold.size(), n3 == 0 ? 0 : (double) right3 / n3, flips, gold.size(),
                confusion);
    }

    /** The grid search described in the class comment, on the texts at {@code idx}. */
    SentimentRule.Parameters choose(List<Integer> idx) {
        double best = Double.NEGATIVE_INFINITY;
        double bestTau = Double.NaN;
        List<Double> plateau = new ArrayList<>();
        for (double tau : STRONG_PHRASE) {
            for (double theta : EVIDENCE_SHARE) {
                double o = score(idx, new SentimentRule.Parameters(tau, theta)).objective();
                if (o > best + 1e-12) {
                    best = o;
                    bestTau = tau;
                    plateau.clear();
                    plateau.add(theta);
                } else if (Math.abs(o - best) <= 1e-12 && tau == bestTau) {
                    plateau.add(theta);
                }
            }
        }
        return new SentimentRule.Parameters(bestTau, plateau.get((plateau.size() - 1) / 2));
    }

    List<Integer> all() {
        return IntStream.range(0, texts.size()).boxed().toList();
    }

    /** Cross-validated predictions: for each fold, parameters chosen on the other folds. */
    record CrossValidation(Figures figures, List<SentimentRule.Parameters> perFold, List<Figures> trainFigures,
                           List<SentimentLabel> predictions) {}

    CrossValidation crossValidate() {
        SentimentLabel[] pred = new SentimentLabel[texts.size()];
        List<SentimentRule.Parameters> perFold = new ArrayList<>();
        List<Figures> train = new ArrayList<>();
        for (int k = 0; k < DevSet.FOLDS; k++) {
            int fold = k;
            List<Integer> tr = all().stream().filter(i -> texts.get(i).fold() != fold).toList();
            SentimentRule.Parameters p = choose(tr);
            perFold.add(p);
            train.add(score(tr, p));
            for (int i : all()) {
                if (texts.get(i).fold() == fold) {
                    pred[i] = predict(i, p);
                }
            }
        }
        List<SentimentLabel> gold = texts.stream().map(DevSet.DevText::gold).toList();
        return new CrossValidation(figures(gold, List.of(pred)), perFold, train, List.of(pred));
    }
}

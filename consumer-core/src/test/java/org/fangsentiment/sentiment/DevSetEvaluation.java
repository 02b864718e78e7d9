package org.fangsentiment.sentiment;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Prints the dev-set figures of the rule: whole set with the defaults, what the calibration would choose on the
 * whole set, the confusion matrix, every miss, and 5-fold cross-validation. See {@code docs/sentiment.md} for the
 * command.
 */
public final class DevSetEvaluation {

    private DevSetEvaluation() {}

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("dev2") || args[0].equals("heldout"))) {
            Calibration c = SharedDevSet.calibration(args[0].equals("dev2") ? DevSet.DEV2 : DevSet.HELDOUT);
            subset(c, c.all(), System.out);
        } else {
            report(SharedDevSet.calibration(), System.out);
        }
    }

    /** Figures of the default rule on the texts at {@code idx} only (no calibration on them). */
    static void subset(Calibration c, List<Integer> idx, PrintStream out) {
        SentimentRule.Parameters d = SentimentRule.Parameters.DEFAULTS;
        Calibration.Figures f = c.score(idx, d);
        out.printf(Locale.ROOT, "defaults %s on %d texts: acc4=%.3f acc3=%.3f flips=%d%n", d, f.n(), f.acc4(),
                f.acc3(), f.flips());
        out.println(matrix(f.confusion()));
        out.println(perKind(c, idx, i -> c.predict(i, d)));
        for (int i : idx) {
            DevSet.DevText t = c.texts().get(i);
            SentimentLabel p = c.predict(i, d);
            if (p != t.gold()) {
                out.printf(Locale.ROOT, "  %s [%s] gold=%s predicted=%s%n", t.id(), t.kind(), t.gold(), p);
            }
        }
    }

    /** One line per kind: texts, right, and what they were labelled. */
    static String perKind(Calibration c, List<Integer> idx, IntFunction<SentimentLabel> predicted) {
        Map<String, int[]> rows = new TreeMap<>();
        for (int i : idx) {
            DevSet.DevText t = c.texts().get(i);
            SentimentLabel p = predicted.apply(i);
            int[] r = rows.computeIfAbsent(t.kind(), k -> new int[2 + SentimentLabel.values().length]);
            r[0]++;
            if (p == t.gold()) {
                r[1]++;
            }
            r[2 + p.ordinal()]++;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %4s %6s  predicted (P/N/U/M)", "kind",
                "n", "right"));
        rows.forEach((k, r) -> sb.append(System.lineSeparator()).append(String.format(Locale.ROOT,
                "%-24s %4d %6d  %d/%d/%d/%d", k, r[0], r[1], r[2 + SentimentLabel.POSITIVE.ordinal()],
                r[2 + SentimentLabel.NEGATIVE.ordinal()], r[2 + SentimentLabel.NEUTRAL.ordinal()],
                r[2 + SentimentLabel.MIXED.ordinal()])));
        return sb.toString();
    }

    static void report(Calibration c, PrintStream out) {
        SentimentRule.Parameters d = SentimentRule.Parameters.DEFAULTS;
        Calibration.Figures whole = c.score(c.all(), d);
        out.printf(Locale.ROOT, "defaults %s%n", d);
        out.printf(Locale.ROOT, "whole set (n=%d): acc4=%.3f acc3=%.3f flips=%d%n", whole.n(), whole.acc4(),
                whole.acc3(), whole.flips());
        out.printf(Locale.ROOT, "calibration on the whole set chooses %s%n", c.choose(c.all()));
        out.println("confusion (rows gold, columns predicted):");
        out.println(matrix(whole.confusion()));
        out.println(perKind(c, c.all(), i -> c.predict(i, d)));
        out.println("misses:");
        for (int i : c.all()) {
            DevSet.DevText t = c.texts().get(i);
            SentimentLabel p = c.predict(i, d);
            if (p != t.gold()) {
                out.printf(Locale.ROOT, "  %s [%s] gold=%s predicted=%s%s%n", t.id(), t.kind(), t.gold(), p,
                        t.hard() ? " (hard)" : "");
            }
        }
        Calibration.CrossValidation cv = c.crossValidate();
        for (int k = 0; k < cv.perFold().size(); k++) {
            Calibration.Figures f = cv.trainFigures().get(k);
            out.printf(Locale.ROOT, "fold %d: chosen on the other folds %s (train acc4=%.3f)%n", k,
                    cv.perFold().get(k), f.acc4());
        }
        out.printf(Locale.ROOT, "5-fold CV: acc4=%.3f acc3=%.3f flips=%d%n", cv.figures().acc4(),
                cv.figures().acc3(), cv.figures().flips());
        out.println("CV confusion (rows gold, columns predicted):");
        out.println(matrix(cv.figures().confusion()));
        out.println("CV per kind:");
        out.println(perKind(c, c.all(), cv.predictions()::get));
    }

    static String matrix(int[][] m) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s", ""));
        for (SentimentLabel l : SentimentLabel.values()) {
            sb.append(String.format(Locale.ROOT, "%10s", l));
        }
        for (SentimentLabel g : SentimentLabel.values()) {
            sb.append(System.lineSeparator()).append(String.format(Locale.ROOT, "%-10s", g));
            for (SentimentLabel p : SentimentLabel.values()) {
                sb.append(String.format(Locale.ROOT, "%10d", m[g.ordinal()][p.ordinal()]));
            }
        }
        return sb.toString();
    }
}

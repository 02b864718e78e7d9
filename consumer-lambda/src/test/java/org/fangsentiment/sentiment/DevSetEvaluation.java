package org.fangsentiment.sentiment;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints the dev-set figures of the rule: whole set with the defaults, what the calibration would choose on the
 * whole set, the confusion matrix, every miss, and 5-fold cross-validation. See {@code docs/sentiment.md} for the
 * command.
 */
public final class DevSetEvaluation {

    private DevSetEvaluation() {}

    public static void main(String[] args) {
        report(SharedDevSet.calibration(), System.out);
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
        out.println("misses:");
        for (int i : c.all()) {
            DevSet.DevText t = c.texts().get(i);
            SentimentLabel p = c.predict(i, d);
            if (p != t.gold()) {
                out.printf(Locale.ROOT, "  %s gold=%s predicted=%s%s%n", t.id(), t.gold(), p, t.hard() ? " (hard)" : "");
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

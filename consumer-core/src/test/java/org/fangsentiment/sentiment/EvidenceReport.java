package org.fangsentiment.sentiment;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for each labelled file and for all of them together, the default rule's figures (whole set, per kind,
 * confusion matrix), 5-fold cross-validation over all files, and one line per text with its gold label, the
 * predicted label and the evidence column: the list a person reads to judge every evidence phrase
 * ({@code sentiment/evidence-judgements.tsv}). Usage: {@code EvidenceReport [resource ...]}, default the three dev
 * files.
 */
public final class EvidenceReport {

    private EvidenceReport() {}

    public static void main(String[] args) {
        String[] files = args.length > 0 ? args : new String[] {DevSet.DEV1, DevSet.DEV2, DevSet.DEV3};
        PrintStream out = System.out;
        SentimentRule rule = new SentimentRule();
        for (String file : files) {
            Calibration c = SharedDevSet.calibration(file);
            out.println("== " + file);
            DevSetEvaluation.subset(c, c.all(), out);
            for (int i : c.all()) {
                DevSet.DevText t = c.texts().get(i);
                SentimentResult r = rule.apply(c.analyzed().get(i));
                out.printf(Locale.ROOT, "TEXT\t%s\t%s\t%s\t%s%n", t.id(), t.gold(), r.label(), r.evidence());
            }
        }
        if (files.length > 1) {
            Calibration all = SharedDevSet.calibration(files);
            out.println("== all files");
            List<Integer> idx = all.all();
            DevSetEvaluation.subset(all, idx, out);
            Calibration.CrossValidation cv = all.crossValidate();
            out.printf(Locale.ROOT, "5-fold CV over all files: acc4=%.3f acc3=%.3f flips=%d%n", cv.figures().acc4(),
                    cv.figures().acc3(), cv.figures().flips());
            out.println(DevSetEvaluation.matrix(cv.figures().confusion()));
            out.println(DevSetEvaluation.perKind(all, idx, cv.predictions()::get));
        }
    }
}

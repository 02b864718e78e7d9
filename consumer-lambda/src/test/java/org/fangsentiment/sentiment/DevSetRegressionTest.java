package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Regression guard on fixed data: the rule's dev-set figures must not fall below what was reached when it was
 * calibrated (docs/sentiment.md). CoreNLP is deterministic, so these are exact, not statistical, checks.
 */
class DevSetRegressionTest {

    // Figures reached at calibration (whole set 0.800 / 0.875 / 0 flips; 5-fold CV 0.750 / 0.813 / 0 flips).
    private static final double WHOLE_ACC4 = 0.80;
    private static final double WHOLE_ACC3 = 0.875;
    private static final double CV_ACC4 = 0.75;

    @Test
    void wholeDevSetFiguresHold() {
        Calibration c = SharedDevSet.calibration();
        Calibration.Figures f = c.score(c.all(), SentimentRule.Parameters.DEFAULTS);
        assertEquals(60, f.n());
        assertTrue(f.acc4() >= WHOLE_ACC4 - 1e-9, "acc4 " + f.acc4());
        assertTrue(f.acc3() >= WHOLE_ACC3 - 1e-9, "acc3 " + f.acc3());
        assertEquals(0, f.flips(), "polarity flips");
    }

    @Test
    void crossValidatedFiguresHold() {
        Calibration.CrossValidation cv = SharedDevSet.calibration().crossValidate();
        assertTrue(cv.figures().acc4() >= CV_ACC4 - 1e-9, "CV acc4 " + cv.figures().acc4());
        assertEquals(0, cv.figures().flips(), "CV polarity flips");
    }

    @Test
    void defaultsAreWhatTheCalibrationChoosesOnTheWholeSet() {
        Calibration c = SharedDevSet.calibration();
        assertEquals(SentimentRule.Parameters.DEFAULTS, c.choose(c.all()));
    }

    @Test
    void evaluationReportPrints() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DevSetEvaluation.report(SharedDevSet.calibration(), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String report = buf.toString(StandardCharsets.UTF_8);
        System.out.println(report); // kept in target/surefire-reports/*-output.txt
        assertTrue(report.contains("5-fold CV: acc4="), report);
        assertTrue(report.contains("confusion"), report);
    }
}

package org.fangsentiment.sentiment;

import java.util.List;

/** The dev set analysed once per test JVM with the shared pipeline (CoreNLP is deterministic). */
final class SharedDevSet {

    private SharedDevSet() {}

    static Calibration calibration() {
        return Holder.CALIBRATION;
    }

    private static final class Holder {
        static final Calibration CALIBRATION;

        static {
            List<DevSet.DevText> texts = DevSet.load();
            SentimentAnalyzer analyzer = SentimentAnalyzer.shared();
            CALIBRATION = new Calibration(texts, texts.stream().map(t -> analyzer.analyze(t.text())).toList());
        }
    }
}

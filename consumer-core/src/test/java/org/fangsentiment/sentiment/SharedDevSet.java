package org.fangsentiment.sentiment;

import java.util.List;

/** The three labelled dev files (240 texts) analysed once per test JVM with the shared pipeline (CoreNLP is deterministic). */
final class SharedDevSet {

    private SharedDevSet() {}

    static Calibration calibration() {
        return Holder.CALIBRATION;
    }

    /** A fresh (uncached) calibration over the given resources, e.g. {@link DevSet#DEV2} alone. */
    static Calibration calibration(String... resources) {
        List<DevSet.DevText> texts = DevSet.load(resources);
        SentimentAnalyzer analyzer = SentimentAnalyzer.shared();
        return new Calibration(texts, texts.stream().map(t -> analyzer.analyze(t.text())).toList());
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

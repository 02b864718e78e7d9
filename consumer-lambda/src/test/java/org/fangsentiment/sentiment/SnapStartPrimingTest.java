package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void sampleIsBundledAndPrimingScoresIt() {
        assertFalse(SnapStartPriming.sampleText().isBlank());
        SentimentResult r = new SnapStartPriming(SentimentAnalyzer.shared(), new SentimentRule()).prime();
        assertTrue(r.sentenceCount() >= 3, r::toString);
    }

    @Test
    void beforeCheckpointPrimes() throws Exception {
        new SnapStartPriming(SentimentAnalyzer.shared(), new SentimentRule()).beforeCheckpoint(null);
    }
}

package org.fangsentiment.consumer.lambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.sentiment.SentimentResult;
import org.fangsentiment.sentiment.SentimentRule;
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
        SnapStartPriming priming = new SnapStartPriming(SentimentAnalyzer.shared(), new SentimentRule());
        assertTrue(priming.lastResult().isEmpty(), "nothing scored before the checkpoint");
        priming.beforeCheckpoint(null);
        SentimentResult scored = priming.lastResult().orElseThrow(() -> new AssertionError("the checkpoint scored nothing"));
        assertTrue(scored.sentenceCount() >= 3, scored::toString);
    }

    @Test
    void registeringTwiceRegistersOnce() {
        SentimentAnalyzer analyzer = SentimentAnalyzer.shared();
        assertSame(analyzer, SnapStartPriming.register(analyzer));
        SnapStartPriming first = SnapStartPriming.registered().orElseThrow();
        SnapStartPriming.register(analyzer);
        assertSame(first, SnapStartPriming.registered().orElseThrow(), "one priming resource per process");
    }
}

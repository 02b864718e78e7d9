package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure logic of the rule on hand-made CoreNLP output (no pipeline). */
class SentimentRuleTest {

    private static final Distribution NEU = new Distribution(0.02, 0.08, 0.8, 0.08, 0.02);
    private static final Distribution POS = new Distribution(0.0, 0.02, 0.08, 0.6, 0.3);
    private static final Distribution NEG = new Distribution(0.3, 0.6, 0.08, 0.02, 0.0);

    private final SentimentRule rule = new SentimentRule(new SentimentRule.Parameters(0.8, 0.05));

    /** A sentence of {@code n} tokens named w0..w(n-1) whose nodes are single tokens with the given distributions. */
    private static SentenceSentiment sentence(List<String> tokens, List<Distribution> perToken,
            List<NegationScope> negations) {
        List<PhraseSentiment> phrases = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            phrases.add(new PhraseSentiment(i, i + 1, "NN", perToken.get(i)));
        }
        return new SentenceSentiment(tokens, NEU, phrases, negations);
    }

    private static List<String> words(int n) {
        List<String> w = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w.add("w" + i);
        }
        return w;
    }

    private static List<Distribution> neutralWith(int n, int at, Distribution d) {
        List<Distribution> list = new ArrayList<>(java.util.Collections.nCopies(n, NEU));
        list.set(at, d);
        return list;
    }

    private SentimentResult apply(SentenceSentiment... s) {
        return rule.apply(new AnalyzedText(List.of(s)));
    }

    @Test
    void allNeutralIsNeutralWithScoreZero() {
        SentimentResult r = apply(sentence(words(10), neutralWith(10, 0, NEU), List.of()));
        assertEquals(SentimentLabel.NEUTRAL, r.label());
        assertEquals(0.0, r.score(), 1e-9);
        assertEquals(1, r.sentenceCount());
        assertEquals(10, r.phraseCount());
    }

    @Test
    void enoughStrongPositivePhrasesArePositive() {
        SentimentResult r = apply(sentence(words(10), neutralWith(10, 3, POS), List.of()));
        assertEquals(SentimentLabel.POSITIVE, r.label());
        assertTrue(r.score() > 0);
        assertEquals(0.1, r.positiveShare(), 1e-9);
    }

    @Test
    void tooFewStrongPhrasesAreNeutral() {
        SentimentResult r = apply(sentence(words(30), neutralWith(30, 3, POS), List.of()));
        assertEquals(SentimentLabel.NEUTRAL, r.label()); // 1/30 < 0.05
        assertTrue(r.score() > 0);
    }

    @Test
    void strongNegativePhrasesAreNegative() {
        SentimentResult r = apply(sentence(words(10), neutralWith(10, 3, NEG), List.of()));
        assertEquals(SentimentLabel.NEGATIVE, r.label());
        assertTrue(r.score() < 0);
    }

    @Test
    void bothSidesAreMixed() {
        SentimentResult r = apply(
                sentence(words(10), neutralWith(10, 3, POS), List.of()),
                sentence(words(10), neutralWith(10, 5, NEG), List.of()));
        assertEquals(SentimentLabel.MIXED, r.label());
        assertEquals(2, r.sentenceCount());
    }

    @Test
    void businessEventTermTurnsItsNodesNegative() {
        List<String> tokens = new ArrayList<>(words(10));
        tokens.set(4, "Bankruptcy");
        SentimentResult r = apply(sentence(tokens, neutralWith(10, 0, NEU), List.of()));
        assertEquals(SentimentLabel.NEGATIVE, r.label());
        assertEquals(List.of("Bankruptcy"), r.eventTerms());
        assertTrue(r.score() < 0);
    }

    @Test
    void negatedHarmReadsAsPraise() {
        // "w0 never w2 ..." : cue at 1, scope [2, 10); a strongly negative node inside the scope is mirrored.
        List<String> tokens = new ArrayList<>(words(10));
        tokens.set(1, "never");
        SentimentResult r = apply(sentence(tokens, neutralWith(10, 4, NEG), List.of(new NegationScope(1, 2, 10))));
        assertEquals(SentimentLabel.POSITIVE, r.label());
        assertTrue(r.score() > 0);
        assertEquals(1, r.negationCount());
    }

    @Test
    void negatedBusinessEventReadsAsPraise() {
        List<String> tokens = new ArrayList<>(words(10));
        tokens.set(1, "never");
        tokens.set(5, "recalled");
        SentimentResult r = apply(sentence(tokens, neutralWith(10, 0, NEU), List.of(new NegationScope(1, 2, 10))));
        assertEquals(SentimentLabel.POSITIVE, r.label());
        assertEquals(List.of("recalled"), r.negatedEventTerms());
        assertTrue(r.eventTerms().isEmpty());
    }

    @Test
    void nodesContainingTheCueAreLeftOut() {
        // CoreNLP reads the negator itself as negative: that node must not count.
        List<String> tokens = new ArrayList<>(words(10));
        tokens.set(1, "not");
        SentimentResult r = apply(sentence(tokens, neutralWith(10, 1, NEG), List.of(new NegationScope(1, 2, 10))));
        assertEquals(SentimentLabel.NEUTRAL, r.label());
        assertEquals(9, r.phraseCount());
    }

    @Test
    void distributionIsTheMeanOfTheCorrectedNodes() {
        SentimentResult r = apply(sentence(words(2), List.of(POS, NEU), List.of()));
        assertEquals((POS.positive() + NEU.positive()) / 2, r.pPositive(), 1e-12);
        assertEquals(1.0, r.distribution().sum(), 1e-9);
    }

    @Test
    void emptyTextIsNeutral() {
        SentimentResult r = rule.apply(new AnalyzedText(List.of()));
        assertEquals(SentimentLabel.NEUTRAL, r.label());
        assertEquals(0, r.sentenceCount());
        assertEquals(0.0, r.score(), 1e-12);
    }

    @Test
    void adverseKeepsIntensity() {
        Distribution d = SentimentRule.adverse(new Distribution(0.1, 0.2, 0.3, 0.3, 0.1));
        assertEquals(new Distribution(0.2, 0.8, 0, 0, 0), new Distribution(
                Math.round(d.veryNegative() * 10) / 10.0, Math.round(d.negative() * 10) / 10.0, 0, 0, 0));
    }

    @Test
    void scoreIsTheExpectation() {
        assertEquals(-1.0, new Distribution(1, 0, 0, 0, 0).score(), 1e-12);
        assertEquals(0.5, new Distribution(0, 0, 0, 1, 0).score(), 1e-12);
        assertEquals(0.25, new Distribution(0, 0, 0.5, 0.5, 0).score(), 1e-12);
        assertEquals(new Distribution(0.5, 0.4, 0.1, 0, 0), new Distribution(0, 0, 0.1, 0.4, 0.5).mirrored());
    }

    @Test
    void parametersAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SentimentRule.Parameters(0.4, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new SentimentRule.Parameters(0.8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Distribution(-0.1, 0, 1, 0, 0));
        assertEquals(SentimentRule.Parameters.DEFAULTS, new SentimentRule().parameters());
    }
}

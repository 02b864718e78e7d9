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

    /** Like {@link #words}, with a word of praise ({@link OpinionVocabulary}) at {@code at}. */
    private static List<String> praiseAt(int n, int at) {
        List<String> w = words(n);
        w.set(at, "excellent");
        return w;
    }

    @Test
    void aStronglyPositiveNodeWithoutAWordOfPraiseIsNoEvidence() {
        List<String> tokens = words(10);
        tokens.set(3, "Cupertino");
        SentimentResult r = apply(sentence(tokens, neutralWith(10, 3, POS), List.of()));
        assertEquals(SentimentLabel.NEUTRAL, r.label());
        assertEquals("", r.evidence());
        assertEquals(0.0, r.positiveShare(), 1e-9);
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
        assertEquals("", r.evidence());
        assertEquals(1, r.sentenceCount());
        assertEquals(10, r.phraseCount());
    }

    @Test
    void enoughStrongPositivePhrasesArePositive() {
        SentimentResult r = apply(sentence(praiseAt(10, 3), neutralWith(10, 3, POS), List.of()));
        assertEquals(SentimentLabel.POSITIVE, r.label());
        assertTrue(r.score() >= 0.5);
        assertEquals("excellent (+)", r.evidence());
        assertEquals(0.1, r.positiveShare(), 1e-9);
    }

    @Test
    void tooFewStrongPhrasesAreNeutral() {
        SentimentResult r = apply(sentence(praiseAt(30, 3), neutralWith(30, 3, POS), List.of()));
        assertEquals(SentimentLabel.NEUTRAL, r.label()); // 1/30 < 0.05
        assertTrue(r.score() > 0);
    }

    /** An event mention at {@code token}, as EventDetector would report it. */
    private static EventMention event(int token, String term, EventLexicon.Side side, boolean negated) {
        return new EventMention(token, term, "test", side, EventDecision.of(EventDecision.Kind.EVENT), negated,
                "phrase of " + term);
    }

    private static SentenceSentiment withEvents(int n, List<NegationScope> negations, EventMention... events) {
        List<PhraseSentiment> phrases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            phrases.add(new PhraseSentiment(i, i + 1, "NN", NEU));
        }
        return new SentenceSentiment(words(n), NEU, phrases, negations, List.of(events));
    }

    @Test
    void coreNlpNegativePhrasesAloneAreNotEnough() {
        // CoreNLP's negative side reflects long factual sentences and sombre trades: only events count as adverse.
        SentimentResult r = apply(sentence(words(10), neutralWith(10, 3, NEG), List.of()));
        assertEquals(SentimentLabel.NEUTRAL, r.label());
        assertEquals("", r.evidence());
    }

    @Test
    void anAdverseEventIsNegativeWithItsEvidence() {
        SentimentResult r = apply(withEvents(10, List.of(), event(4, "recall", EventLexicon.Side.ADVERSE, false)));
        assertEquals(SentimentLabel.NEGATIVE, r.label());
        assertEquals(List.of("recall"), r.eventTerms());
        assertEquals(-0.5, r.score(), 1e-9);
        assertEquals("phrase of recall (-)", r.evidence());
    }

    @Test
    void aTradeMentionCountsForNothing() {
        EventMention trade = new EventMention(4, "fraud", "test", EventLexicon.Side.ADVERSE,
                new EventDecision(EventDecision.Kind.COMPOUND_PART, "part of 'fraud-detection'"), false,
                "fraud-detection software");
        SentimentResult r = apply(withEvents(10, List.of(), trade));
        assertEquals(SentimentLabel.NEUTRAL, r.label());
        assertTrue(r.eventTerms().isEmpty());
        assertEquals(0.0, r.score(), 1e-9);
    }

    @Test
    void bothSidesOfEventsAreMixedWithAScoreNearZero() {
        SentimentResult r = apply(withEvents(10, List.of(),
                event(2, "fine", EventLexicon.Side.ADVERSE, false),
                event(6, "award", EventLexicon.Side.FAVOURABLE, false)));
        assertEquals(SentimentLabel.MIXED, r.label());
        assertTrue(Math.abs(r.score()) <= 0.25, "score " + r.score());
        assertEquals("phrase of fine (-); phrase of award (+)", r.evidence());
    }

    @Test
    void aNegatedAdverseEventIsFavourable() {
        SentimentResult r = apply(withEvents(10, List.of(new NegationScope(1, 2, 10)),
                event(5, "recall", EventLexicon.Side.ADVERSE, true)));
        assertEquals(SentimentLabel.POSITIVE, r.label());
        assertEquals(List.of("recall"), r.negatedEventTerms());
        assertTrue(r.eventTerms().isEmpty());
        assertEquals("phrase of recall (+)", r.evidence());
    }

    @Test
    void aNegatedFavourableEventCountsForNeitherSide() {
        SentimentResult r = apply(withEvents(10, List.of(new NegationScope(1, 2, 10)),
                event(5, "rescue", EventLexicon.Side.FAVOURABLE, true)));
        assertEquals(SentimentLabel.NEUTRAL, r.label());
    }

    @Test
    void scoreOrdersLikeTheLabel() {
        double neg2 = apply(withEvents(10, List.of(), event(2, "fine", EventLexicon.Side.ADVERSE, false),
                event(5, "sue", EventLexicon.Side.ADVERSE, false))).score();
        double neg1 = apply(withEvents(10, List.of(), event(2, "fine", EventLexicon.Side.ADVERSE, false))).score();
        double neutral = apply(sentence(praiseAt(30, 3), neutralWith(30, 3, POS), List.of())).score();
        double pos = apply(sentence(praiseAt(10, 3), neutralWith(10, 3, POS), List.of())).score();
        assertTrue(neg2 < neg1 && neg1 <= -0.5, neg2 + " " + neg1);
        assertTrue(neutral > -0.25 && neutral < 0.25, "neutral " + neutral);
        assertTrue(pos >= 0.5 && pos <= 1, "positive " + pos);
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

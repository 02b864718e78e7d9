package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Negation scopes read off CoreNLP's parse of made-up sentences. */
class NegationScopesTest {

    private static SentenceSentiment only(String text) {
        List<SentenceSentiment> s = SentimentAnalyzer.shared().analyze(text).sentences();
        assertEquals(1, s.size());
        return s.get(0);
    }

    private static String scoped(SentenceSentiment s, NegationScope n) {
        return String.join(" ", s.tokens().subList(n.start(), n.end()));
    }

    @Test
    void adverbScopeIsTheRestOfItsVerbPhraseAndFollowsADisjunction() {
        SentenceSentiment s = only("The airline has never lost an aircraft or injured a passenger.");
        assertEquals(1, s.negations().size());
        NegationScope n = s.negations().get(0);
        assertEquals("never", s.tokens().get(n.cue()));
        assertEquals("lost an aircraft or injured a passenger", scoped(s, n));
    }

    @Test
    void subjectNegationCoversThePredicate() {
        SentenceSentiment s = only("No one has been hurt in its factories.");
        NegationScope n = s.negations().get(0);
        assertTrue(scoped(s, n).endsWith("has been hurt in its factories"), scoped(s, n));
    }

    @Test
    void withoutScopesItsObject() {
        SentenceSentiment s = only("The plant stored chemicals without the required permits for years.");
        NegationScope n = s.negations().get(0);
        assertEquals("without", s.tokens().get(n.cue()));
        assertTrue(scoped(s, n).startsWith("the required permits"), scoped(s, n));
    }

    @Test
    void phrasesCoverTheSentenceWithDistributions() {
        SentenceSentiment s = only("The company makes bicycles.");
        assertEquals(List.of("The", "company", "makes", "bicycles", "."), s.tokens());
        PhraseSentiment root = s.phrases().get(0);
        assertEquals(0, root.start());
        assertEquals(s.length(), root.end());
        assertEquals(root.distribution(), s.root());
        for (PhraseSentiment p : s.phrases()) {
            assertEquals(1.0, p.distribution().sum(), 1e-6);
        }
        assertTrue(s.negations().isEmpty());
    }
}

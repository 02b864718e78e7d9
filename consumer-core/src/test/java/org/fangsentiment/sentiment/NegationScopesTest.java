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

    /** Quantifier negation in subject position negates the whole predicate, active or passive. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "Not one of the brewery's kegs has ever been recalled by a regulator.|recalled",
        "No case of food poisoning has been traced to its kitchens.|traced",
        "Not a single worker at the quarry was injured in thirty years.|injured",
        "No regulator has fined the ferry line since 1980.|fined",
        "In forty years, not one of its lorries has crashed on the motorway.|crashed"})
    void quantifierNegationInTheSubjectCoversTheClause(String text, String word) {
        SentenceSentiment s = only(text);
        int at = s.tokens().indexOf(word);
        assertTrue(s.negated(at), () -> word + " not negated: " + s.negations().stream().map(n -> scoped(s, n)).toList());
    }

    /** A negated subject does not reach a second, coordinated clause with its own subject. */
    @Test
    void quantifierNegationStopsAtItsClause() {
        SentenceSentiment s = only("No worker was hurt in the blast, but the regulator fined the plant in 2019.");
        assertTrue(s.negated(s.tokens().indexOf("hurt")));
        assertTrue(!s.negated(s.tokens().indexOf("fined")), () -> s.negations().stream().map(n -> scoped(s, n)).toList().toString());
    }

    /** Scoring: a harm that never happened is never adverse. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "Hollin Dairy is a Welsh cheese maker. Not one of its cheeses has been recalled since it opened in 1988.",
        "Carrow Toys makes wooden toys in Norfolk. No case of a child being injured by one of its toys has ever "
                + "been reported.",
        "Ferrol Cranes is a Spanish crane hire company. Not a single crane of its fleet has collapsed in forty "
                + "years.",
        "Tarn Valley Foods is a French baby-food maker that has never had to recall a product.",
        "Lakeside Buses is a Finnish bus company whose drivers have run its routes for twenty years without a "
                + "single fatal accident."})
    void negatedHarmIsNeverAdverse(String text) {
        SentimentResult r = new SentimentRule().apply(SentimentAnalyzer.shared().analyze(text));
        assertTrue(r.label() != SentimentLabel.NEGATIVE && r.label() != SentimentLabel.MIXED,
                () -> r.label() + " " + r.evidence() + " " + r);
        assertTrue(!r.negatedEventTerms().isEmpty(), r::toString);
    }
}

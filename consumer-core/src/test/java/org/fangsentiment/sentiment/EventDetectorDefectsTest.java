package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.stanford.nlp.trees.Tree;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 28 item 7, on hand-written parse trees (no model needed): "won" and "awarded" are deals, not honours,
 * when their object is a contract; the noun "award" modified by a deal noun ("a contract award") is a deal too;
 * the verb-object pairs "cut ... jobs" and "closed ... mills" are found as their own lexicon entries.
 */
class EventDetectorDefectsTest {

    private static List<EventMention> mentions(String penn) {
        return EventDetector.find(new TreeIndex(Tree.valueOf(penn)), List.of());
    }

    private static EventMention only(String penn, String term) {
        return mentions(penn).stream().filter(m -> m.term().equals(term)).findFirst().orElseThrow();
    }

    @Test
    void aContractAwardIsADealNotAnHonour() {
        // "In 2019 the firm received a contract award from the navy." The noun "award" names the deal; before the
        // fix `win || award && VB` only looked at the object of the verb "award", never at a noun "award".
        EventMention award = only("(ROOT (S (PP (IN In) (NP (CD 2019))) (NP (DT the) (NN firm)) (VP (VBD received)"
                + " (NP (NP (DT a) (NML (NN contract)) (NN award)) (PP (IN from) (NP (DT the) (NN navy))))) (. .)))",
                "award");
        assertFalse(award.event(), award::toString);
        assertEquals(EventDecision.Kind.DEAL, award.decision().kind(), award::toString);
    }

    @Test
    void anHonourIsStillAnHonour() {
        EventMention award = only("(ROOT (S (NP (PRP It)) (VP (VBD received) (NP (DT a) (JJ national) (NN design)"
                + " (NN award))) (. .)))", "award");
        assertTrue(award.event(), award::toString);
        EventMention won = only("(ROOT (S (NP (PRP It)) (VP (VBD won) (NP (DT a) (NN prize))) (. .)))", "win");
        assertTrue(won.event(), won::toString);
    }

    @Test
    void wonAndAwardedContractsAreDeals() {
        EventMention won = only("(ROOT (S (NP (PRP It)) (VP (VBD won) (NP (DT a) (NN contract))) (. .)))", "win");
        assertFalse(won.event(), won::toString);
        EventMention awarded = only("(ROOT (S (NP (DT The) (NN navy)) (VP (VBD awarded) (NP (PRP it))"
                + " (NP (DT a) (NN contract))) (. .)))", "award");
        assertFalse(awarded.event(), awarded::toString);
        assertEquals(EventDecision.Kind.DEAL, awarded.decision().kind(), awarded::toString);
    }

    @Test
    void cuttingJobsAndClosingSitesAreTheirOwnEntries() {
        EventMention cut = mentions("(ROOT (S (NP (PRP It)) (VP (VBD cut) (NP (CD 900) (NNS jobs))) (. .)))").get(0);
        assertEquals("job cut", cut.term(), cut::toString);
        assertTrue(cut.event(), cut::toString);
        EventMention closed = mentions("(ROOT (S (NP (PRP It)) (VP (VBD closed) (NP (CD two) (NNS mills)))"
                + " (. .)))").get(0);
        assertEquals("closure", closed.term(), closed::toString);
        assertTrue(closed.event(), closed::toString);
    }
}

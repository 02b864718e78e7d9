package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code wordnet-events.tsv} is exactly what {@link WordNetExpansion} makes of the documented root
 * senses and WordNet 3.1, and the stop rule holds on words chosen here for the purpose.
 */
class WordNetExpansionTest {

    private static String committed() throws Exception {
        try (InputStream in = EventLexicon.class.getResourceAsStream(EventLexicon.WORDNET_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void committedListIsWordNetsOutput() throws Exception {
        assertEquals(WordNetExpansion.generate(), committed(),
                "wordnet-events.tsv differs from WordNet's expansion of wordnet-roots.tsv: regenerate it with"
                        + " WordNetExpansion " + WordNetExpansion.OUTPUT);
    }

    @Test
    void stopRuleDropsAmbiguousAndOffSenseWords() throws Exception {
        Set<String> lemmas = EventLexicon.WORDNET_ENTRIES.stream()
                .map(e -> e.term() + "/" + e.wordClass()).collect(Collectors.toSet());
        // first sense elsewhere: "cook" (prepare food) from "cook the books", "break" from "violate",
        // "withdraw" (retreat) from "recall", "return" (go back) from "repay"
        for (String off : List.of("cook/V", "break/V", "withdraw/V", "return/V", "remember/V", "draw/V")) {
            assertFalse(lemmas.contains(off), off);
        }
        // too many senses: "shoot" (20 verb senses) under "injure"
        assertFalse(lemmas.contains("shoot/V"));
        // documented stop list
        for (String excluded : WordNetExpansion.excluded()) {
            assertFalse(lemmas.contains(excluded), excluded);
        }
        // hand-written entries are not duplicated
        assertFalse(lemmas.contains("fraud/N"));
        // what the roots are for
        for (String kept : List.of("hurt/V", "swindle/V", "impound/V", "overstate/V", "maltreat/V", "lack/V")) {
            assertTrue(lemmas.contains(kept), kept);
        }
        assertTrue(EventLexicon.WORDNET_REMEDY_VERBS.containsAll(List.of("refund", "repay", "give back")));
    }
}

package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The evidence column's text: the tokens read as they were written. */
class TokensTest {

    @Test
    void hyphenatedWordsStayWhole() {
        assertEquals("a leading clean-energy start-up",
                Tokens.join(List.of("a", "leading", "clean", "-", "energy", "start", "-", "up")));
    }

    @Test
    void punctuationAndAmountsReadAsWritten() {
        assertEquals("fined $40 million, (in 2019) it didn't appeal; 12% of staff",
                Tokens.join(List.of("fined", "$", "40", "million", ",", "-LRB-", "in", "2019", "-RRB-", "it", "did",
                        "n't", "appeal", ";", "12", "%", "of", "staff")));
    }
}

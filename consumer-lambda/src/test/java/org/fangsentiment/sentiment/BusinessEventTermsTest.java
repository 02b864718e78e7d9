package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessEventTermsTest {

    private static List<Integer> find(String sentence) {
        return BusinessEventTerms.find(List.of(sentence.split(" ")));
    }

    @Test
    void stemsMatchInflectionsCaseInsensitively() {
        assertEquals(List.of(1, 4), find("was Convicted of wire fraud"));
        assertEquals(List.of(2), find("filed for bankruptcy protection"));
        assertEquals(List.of(0), find("Recalls followed"));
    }

    @Test
    void phrasalEntriesMatchTwoTokens() {
        assertEquals(List.of(2), find("the company laid off 300 staff"));
        assertTrue(find("the company laid the foundation").isEmpty());
    }

    @Test
    void exactEntriesDoNotMatchLongerWords() {
        assertTrue(find("fine wines and Protestant hospitals").isEmpty());
        assertTrue(find("pledged allegiance to the crown").isEmpty());
    }

    @Test
    void everyCategoryIsDocumented() {
        assertEquals(6, BusinessEventTerms.CATEGORIES.size());
    }
}

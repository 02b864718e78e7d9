package org.fangsentiment.wikipedia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fangsentiment.wikipedia.ExtractSanitizer.Sanitized;
import org.junit.jupiter.api.Test;

class ExtractSanitizerTest {

    @Test
    void nullAndEmptyAreEmpty() {
        assertEquals(new Sanitized("", false), ExtractSanitizer.sanitize(null, 10));
        assertEquals(new Sanitized("", false), ExtractSanitizer.sanitize(" \t\n ", 10));
    }

    @Test
    void controlAndBidiCharactersGoWhitespaceCollapses() {
        Sanitized s = ExtractSanitizer.sanitize("\uFEFFa\u0000b\u001B[31m c\u202Ed\u2066e\r\n\u2029 f\u00A0g", 100);

        assertEquals("ab[31m cde f g", s.text());
        assertFalse(s.truncated());
    }

    @Test
    void loneSurrogatesAreReplacedPairsKept() {
        assertEquals("x\uFFFDy 🍕", ExtractSanitizer.sanitize("x\uD800y 🍕", 100).text());
    }

    @Test
    void textIsNfcNormalised() {
        assertEquals("Nestl\u00E9", ExtractSanitizer.sanitize("Nestle\u0301", 100).text());
    }

    @Test
    void cutPrefersAWordBoundaryNearTheLimit() {
        Sanitized s = ExtractSanitizer.sanitize("one two three four five six seven eight nine ten", 20);

        assertEquals("one two three four", s.text());
        assertTrue(s.truncated());
    }

    @Test
    void cutWithoutANearbySpaceCutsHard() {
        Sanitized s = ExtractSanitizer.sanitize("a " + "x".repeat(50), 20);

        assertEquals(20, s.text().length());
        assertTrue(s.truncated());
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        Sanitized s = ExtractSanitizer.sanitize("🍕".repeat(10), 5);

        assertEquals("🍕🍕", s.text());
        assertTrue(s.truncated());
    }
}

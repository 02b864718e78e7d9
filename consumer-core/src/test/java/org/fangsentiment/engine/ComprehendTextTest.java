package org.fangsentiment.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ComprehendTextTest {

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aTextWithinTheLimitIsSentAsItIs() {
        String text = "a".repeat(5_000);
        ComprehendText.Cut cut = ComprehendText.fit(text);
        assertEquals(text, cut.text());
        assertFalse(cut.truncated());
    }

    @Test
    void aLongerTextIsCutAfterTheLastWholeSentenceThatFits() {
        String sentence = "Acme makes anvils for coyotes. "; // 31 bytes
        String text = sentence.repeat(200).strip(); // 6,199 bytes
        ComprehendText.Cut cut = ComprehendText.fit(text);
        assertTrue(cut.truncated());
        assertEquals(sentence.repeat(161).strip(), cut.text(), "161 sentences are 4,990 bytes; 162 would be 5,021");
        assertTrue(bytes(cut.text()) <= 5_000);
    }

    @Test
    void multiByteTextIsCountedInBytesNotCharacters() {
        // 3 bytes per character: 2,000 characters are 6,000 bytes, over the limit though far under 5,000 characters.
        String sentence = "日本の会社です。".repeat(1) + " "; // 8 chars x 3 bytes + 1 = 25 bytes
        String text = sentence.repeat(80).strip(); // 1,999 bytes... repeated to exceed
        String longText = (text + " ").repeat(3).strip();
        assertTrue(longText.length() < 5_000 && bytes(longText) > 5_000);
        ComprehendText.Cut cut = ComprehendText.fit(longText);
        assertTrue(cut.truncated());
        assertTrue(bytes(cut.text()) <= 5_000, bytes(cut.text()) + " bytes");
        assertTrue(cut.text().endsWith("。"), "ends at a sentence end: " + cut.text().substring(cut.text().length() - 5));
        assertTrue(bytes(cut.text()) > 5_000 - 25, "no more than one sentence is lost");
    }

    @Test
    void aSingleSentenceOverTheLimitIsCutAtAWordAndNeverInsideACharacter() {
        String text = "Acme " + "sells 🚀 rockets and ".repeat(300) + "more.";
        ComprehendText.Cut cut = ComprehendText.fit(text);
        assertTrue(cut.truncated());
        assertTrue(bytes(cut.text()) <= 5_000);
        assertTrue(bytes(cut.text()) > 4_950, "cut near the limit, at a word: " + bytes(cut.text()));
        assertTrue(text.startsWith(cut.text()));
        char last = cut.text().charAt(cut.text().length() - 1);
        assertFalse(Character.isHighSurrogate(last), "a surrogate pair stays whole");
        assertFalse(Character.isWhitespace(last));
        String next = text.substring(cut.text().length());
        assertTrue(next.startsWith(" ") || !Character.isLetter(next.charAt(0)), "ends at a word boundary: '"
                + next.substring(0, 10) + "'");
    }

    @Test
    void oneWordLongerThanTheLimitIsCutBetweenCharacters() {
        String text = "🚀".repeat(1_300); // 5,200 bytes, no boundary inside
        ComprehendText.Cut cut = ComprehendText.fit(text);
        assertEquals("🚀".repeat(1_250), cut.text());
        assertTrue(cut.truncated());
    }
}

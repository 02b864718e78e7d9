package org.fangsentiment.engine;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.Locale;

/**
 * Fits a text to Comprehend's document limit, {@value #MAX_BYTES} bytes of UTF-8: a longer text is
 * cut after its last whole sentence that fits; when even the first sentence does not fit, after its
 * last whole word that fits; never inside a character (a surrogate pair stays whole).
 */
final class ComprehendText {

    /** Comprehend's limit for one document of DetectSentiment and BatchDetectSentiment. */
    static final int MAX_BYTES = 5_000;

    /** The text to send, and whether it was cut. */
    record Cut(String text, boolean truncated) {
        int bytes() {
            return utf8Length(text);
        }
    }

    private ComprehendText() {
    }

    static Cut fit(String text) {
        return fit(text, MAX_BYTES);
    }

    static Cut fit(String text, int maxBytes) {
        if (utf8Length(text) <= maxBytes) {
            return new Cut(text, false);
        }
        int fits = longestPrefixWithin(text, maxBytes); // chars of the longest prefix within the limit
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(text);
        int end = sentences.preceding(fits + 1);
        if (end <= 0) {
            BreakIterator words = BreakIterator.getWordInstance(Locale.ENGLISH);
            words.setText(text);
            end = words.preceding(fits + 1);
            if (end <= 0) {
                end = fits; // one "word" longer than the limit: cut between characters
            }
        }
        return new Cut(text.substring(0, end).stripTrailing(), true);
    }

    /** The length in chars of the longest prefix of at most {@code maxBytes} UTF-8 bytes, never splitting a pair. */
    private static int longestPrefixWithin(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return i;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}

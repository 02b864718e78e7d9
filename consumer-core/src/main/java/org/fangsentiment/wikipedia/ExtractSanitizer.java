package org.fangsentiment.wikipedia;

import java.text.Normalizer;

/**
 * Makes untrusted text from the API safe to score, log and write to CSV: Unicode NFC, control and
 * bidirectional-override characters removed, unpaired surrogates replaced, every run of
 * whitespace (including line and paragraph separators) a single space, and the length capped
 * without splitting a character.
 */
final class ExtractSanitizer {

    /** The sanitised text and whether it was cut to fit. */
    record Sanitized(String text, boolean truncated) {
    }

    private static final char REPLACEMENT = '\uFFFD';

    private ExtractSanitizer() {
    }

    /** Sanitises {@code raw} (may be {@code null}) and cuts it to at most {@code maxChars} chars. */
    static Sanitized sanitize(String raw, int maxChars) {
        if (raw == null || raw.isEmpty()) {
            return new Sanitized("", false);
        }
        String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                pendingSpace = appendPending(out, pendingSpace);
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                pendingSpace = appendPending(out, pendingSpace);
                out.append(REPLACEMENT);
            } else if (isSpace(c)) {
                pendingSpace = out.length() > 0;
            } else if (!isRemoved(c)) {
                pendingSpace = appendPending(out, pendingSpace);
                out.append(c);
            }
        }
        if (out.length() <= maxChars) {
            return new Sanitized(out.toString(), false);
        }
        return new Sanitized(cut(out, maxChars), true);
    }

    /** Cuts at a word boundary near the limit when there is one, never inside a surrogate pair. */
    private static String cut(CharSequence text, int maxChars) {
        int end = maxChars;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        int space = lastSpace(text, end);
        // Prefer a whole word, unless that would throw away more than a tenth of the allowed length.
        if (text.charAt(end) != ' ' && space >= maxChars - Math.max(1, maxChars / 10)) {
            end = space;
        }
        return text.subSequence(0, end).toString().stripTrailing();
    }

    private static int lastSpace(CharSequence text, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (text.charAt(i) == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static boolean appendPending(StringBuilder out, boolean pendingSpace) {
        if (pendingSpace) {
            out.append(' ');
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    // Control characters, the byte-order mark and the bidi embeddings, overrides and isolates,
    // which can make text display differently from what it says. Zero-width joiners stay: emoji
    // sequences and some scripts need them.
    private static boolean isRemoved(char c) {
        return Character.getType(c) == Character.CONTROL
                || c == '\uFEFF'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E' || c == '\u200F';
    }
}

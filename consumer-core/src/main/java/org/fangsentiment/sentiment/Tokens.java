package org.fangsentiment.sentiment;

import java.util.List;

/**
 * Turns parser tokens back into readable text for the {@code evidence} column: the one joiner for event phrases
 * and CoreNLP's praise phrases alike. Undoes the Penn Treebank escapes ({@code -LRB-}, {@code ``}), writes
 * punctuation against the word before it, and keeps hyphenated words whole ("clean-energy", not "clean - energy").
 */
final class Tokens {

    private Tokens() {
    }

    /** The tokens as text. */
    static String join(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String token : tokens) {
            String w = unescape(token);
            if (!sb.isEmpty() && !gluesToPrevious(w) && !gluesToNext(sb.charAt(sb.length() - 1))) {
                sb.append(' ');
            }
            sb.append(w);
        }
        return sb.toString();
    }

    private static boolean gluesToPrevious(String w) {
        return switch (w) {
            case ",", ".", ";", ":", ")", "%", "-", "n't" -> true;
            default -> w.startsWith("'");
        };
    }

    private static boolean gluesToNext(char last) {
        return last == '(' || last == '$' || last == '-';
    }

    private static String unescape(String w) {
        return switch (w) {
            case "-LRB-" -> "(";
            case "-RRB-" -> ")";
            case "``", "''" -> "\"";
            default -> w;
        };
    }
}

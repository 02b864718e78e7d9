package org.fangsentiment.wikipedia;

import java.nio.charset.StandardCharsets;

/**
 * Turns article titles into URL parts the way the REST API expects: spaces become underscores
 * and the title is percent-encoded as one path segment, so that {@code /}, {@code ?}, {@code %},
 * {@code &}, {@code #} and {@code +} cannot change the URL's structure, and every non-ASCII
 * character is sent as its UTF-8 bytes.
 */
final class TitlePath {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private TitlePath() {
    }

    /** The title as the last path segment of the summary URL, e.g. {@code AC%2FDC}. */
    static String segment(String title) {
        String key = key(title);
        if (key.equals(".") || key.equals("..")) {
            // A bare dot segment would be removed by path normalisation on the way.
            return key.replace(".", "%2E");
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isKept(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return out.toString();
    }

    /** The title in the API's key form: runs of spaces and underscores as one underscore, none at the ends. */
    static String key(String title) {
        return title.replaceAll("[\\s_]+", "_").replaceAll("^_|_$", "");
    }

    /** A query string value: UTF-8 percent-encoded, spaces as {@code %20}. */
    static String queryValue(String value) {
        byte[] bytes = value.strip().getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return out.toString();
    }

    // Unreserved characters plus the sub-delimiters that Wikipedia itself leaves readable in
    // article URLs, e.g. Amazon_(company); everything else is encoded.
    private static boolean isKept(int c) {
        return isUnreserved(c) || c == '(' || c == ')' || c == ',' || c == '\'' || c == '!' || c == '*'
                || c == ':' || c == '@';
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}

package org.fangsentiment.local.runner;

/** Untrusted text made safe for one console line: no control characters (no terminal escapes), bounded width. */
final class Console {

    private Console() {
    }

    static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.length() <= max ? out.toString() : out.substring(0, Math.max(0, max - 1)) + "…";
    }
}

package org.fangsentiment.wikipedia;

import java.util.regex.Pattern;

/**
 * Tells whether a description or extract marks its article as a company or organisation: one of
 * the words "company", "corporation", "conglomerate", "multinational", "subsidiary", "service" or
 * "platform" (whole words, any case, plurals included).
 */
final class CompanyMarkers {

    private static final Pattern MARKER = Pattern.compile(
            "\\b(?:compan(?:y|ies)|corporations?|conglomerates?|multinationals?|subsidiar(?:y|ies)"
                    + "|services?|platforms?)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private CompanyMarkers() {
    }

    /** Whether any of the texts (each may be empty) contains a marker word. */
    static boolean marksCompany(String... texts) {
        for (String text : texts) {
            if (text != null && MARKER.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}

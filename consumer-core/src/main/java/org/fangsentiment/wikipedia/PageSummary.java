package org.fangsentiment.wikipedia;

/**
 * The fields of a REST summary response that the client uses, as received (not yet sanitised).
 *
 * @param type {@code standard}, {@code disambiguation}, {@code mainpage} or {@code no-extract}
 * @param title human-readable title ({@code titles.normalized}, else the deprecated {@code title})
 * @param canonical title in key form ({@code titles.canonical})
 * @param description short description, may be empty
 * @param extract plain-text lead, may be empty
 * @param pageUrl desktop article URL ({@code content_urls.desktop.page}), may be empty
 */
record PageSummary(String type, String title, String canonical, String description, String extract, String pageUrl) {

    static final String DISAMBIGUATION = "disambiguation";
    static final String NO_EXTRACT = "no-extract";

    boolean isDisambiguation() {
        return DISAMBIGUATION.equals(type);
    }
}

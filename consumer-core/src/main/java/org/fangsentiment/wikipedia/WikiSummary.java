package org.fangsentiment.wikipedia;

import java.util.Objects;

/**
 * The answer of one lookup. Text fields are never {@code null}: absent values are empty strings.
 * All text has been sanitised (no control characters, whitespace normalised).
 *
 * @param requestedName the company name the lookup was made for, as given
 * @param title the article's human-readable title ({@code titles.normalized}), e.g.
 *     {@code Apple Inc.}; the disambiguation page's title for {@link LookupStatus#AMBIGUOUS}; empty
 *     for {@link LookupStatus#NOT_FOUND} and refused answers
 * @param canonicalUrl the article's desktop URL on the configured site
 *     ({@code content_urls.desktop.page} when it is on the site, else built from the title), empty
 *     when not found or refused
 * @param extract the lead summary in plain text, at most the configured number of characters;
 *     empty unless the status is {@link LookupStatus#OK}
 * @param status what the lookup found
 * @param description Wikidata's short description of the article (e.g. "American multinational
 *     technology company"), empty when there is none
 * @param truncated whether the extract was cut to the configured maximum length, or, for scoring, to
 *     the engine's limit (Comprehend's 5,000 bytes)
 */
public record WikiSummary(
        String requestedName,
        String title,
        String canonicalUrl,
        String extract,
        LookupStatus status,
        String description,
        boolean truncated) {

    public WikiSummary {
        Objects.requireNonNull(requestedName, "requestedName");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(canonicalUrl, "canonicalUrl");
        Objects.requireNonNull(extract, "extract");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(description, "description");
        if (status != LookupStatus.OK && (!extract.isEmpty() || truncated)) {
            throw new IllegalArgumentException("only an OK summary carries an extract");
        }
    }

    /** Nothing suitable was found for the name. */
    public static WikiSummary notFound(String requestedName) {
        return new WikiSummary(requestedName, "", "", "", LookupStatus.NOT_FOUND, "", false);
    }

    /** The title named a disambiguation page and no company was among the search's candidates. */
    public static WikiSummary ambiguous(String requestedName, String title, String canonicalUrl) {
        return new WikiSummary(requestedName, title, canonicalUrl, "", LookupStatus.AMBIGUOUS, "", false);
    }

    /**
     * The answer was refused for good ({@link LookupStatus#REDIRECTED_OFF_SITE} or
     * {@link LookupStatus#TOO_LARGE}): nothing of it is kept, the status says why.
     */
    public static WikiSummary refused(String requestedName, LookupStatus status) {
        if (status != LookupStatus.REDIRECTED_OFF_SITE && status != LookupStatus.TOO_LARGE) {
            throw new IllegalArgumentException("not a refusal: " + status);
        }
        return new WikiSummary(requestedName, "", "", "", status, "", false);
    }

    /** This summary marked as cut: the engine scored only a leading part of the extract (Comprehend's limit). */
    public WikiSummary asTruncated() {
        return new WikiSummary(requestedName, title, canonicalUrl, extract, status, description, true);
    }

    /** Whether the status is {@link LookupStatus#OK}, i.e. there is an extract to score. */
    public boolean hasExtract() {
        return status == LookupStatus.OK;
    }
}

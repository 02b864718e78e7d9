package org.fangsentiment.wikipedia;

/**
 * What a lookup found. Every status is a definitive answer: the consumer writes it and does not
 * retry it (failures that may heal are thrown as {@link TransientLookupException} instead).
 *
 * <p>The last two are answers the client refused rather than found: the name of the status is the
 * reason, and the log line next to it gives the details. They are definitive on purpose: asking
 * again would get the same redirect or the same body, so retrying would only spend the lookup
 * budget and the message's receives on a known outcome.
 */
public enum LookupStatus {
    /** An article was found and has a non-empty extract. */
    OK,
    /** Neither the title nor the search found a page that marks itself as a company. */
    NOT_FOUND,
    /** The title is a disambiguation page and the search found no company among its candidates. */
    AMBIGUOUS,
    /** The article exists but has no extract (type {@code no-extract}, or an empty lead). */
    EMPTY,
    /**
     * The site answered with a redirect to another site (another scheme, host or port), which
     * the client does not follow: nothing from another site reaches the CSV.
     */
    REDIRECTED_OFF_SITE,
    /**
     * A response body was larger than the client's limit, as sent or once decompressed (a gzip
     * bomb); the client stops reading at the limit.
     */
    TOO_LARGE
}

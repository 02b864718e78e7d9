package org.fangsentiment.wikipedia;

/**
 * What a lookup found. Every status is a definitive answer: the consumer writes it and does not
 * retry it (failures that may heal are thrown as {@link TransientLookupException} instead).
 */
public enum LookupStatus {
    /** An article was found and has a non-empty extract. */
    OK,
    /** Neither the title nor the search found a page that marks itself as a company. */
    NOT_FOUND,
    /** The title is a disambiguation page and the search found no company among its candidates. */
    AMBIGUOUS,
    /** The article exists but has no extract (type {@code no-extract}, or an empty lead). */
    EMPTY
}

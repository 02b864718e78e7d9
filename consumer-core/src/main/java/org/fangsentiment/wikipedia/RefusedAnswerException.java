package org.fangsentiment.wikipedia;

import java.util.Objects;

/**
 * An answer the client will not use and must not ask for again: a redirect off the configured
 * site, or a body over the size limit. Thrown by {@link PoliteFetcher} past its retry loop and
 * turned by {@link WikipediaClient} into a definitive {@link WikiSummary} with {@link #status()}.
 */
final class RefusedAnswerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final LookupStatus status;

    /**
     * @param status {@link LookupStatus#REDIRECTED_OFF_SITE} or {@link LookupStatus#TOO_LARGE}
     * @param message the details for the log; untrusted parts already shortened and cleaned
     */
    RefusedAnswerException(LookupStatus status, String message) {
        super(message);
        this.status = Objects.requireNonNull(status, "status");
    }

    LookupStatus status() {
        return status;
    }
}

package org.fangsentiment.wikipedia;

/**
 * No definitive answer could be had within the lookup's time budget: timeouts, connection
 * errors, 429 and 5xx answers, a {@code Retry-After} longer than the client may wait, or
 * responses that are not an answer at all (malformed JSON, a wrong content type, a redirect loop,
 * an unexpected status). The consumer turns it into a batch item failure so that SQS redelivers
 * the message later; after the queue's maximum receive count it lands in the dead-letter queue,
 * where a persistent fault (for instance a wrong site URL) becomes visible.
 *
 * <p>Unchecked so that lookups can run inside executors and lambdas; {@link WikipediaClient}
 * documents it on every method that throws it.
 */
public final class TransientLookupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * @param message what went wrong last, for the log (never shown to users)
     * @param attempts HTTP requests made by the lookup before giving up
     * @param cause the last underlying failure, or {@code null}
     */
    public TransientLookupException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** HTTP requests made by the lookup before it gave up. */
    public int attempts() {
        return attempts;
    }
}

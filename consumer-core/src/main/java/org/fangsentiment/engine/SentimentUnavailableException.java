package org.fangsentiment.engine;

/**
 * The engine gave no sentiment for this record (Comprehend throttled or failed after the retries,
 * or refused the text). The batch reports the record as failed: SQS redelivers it and, after
 * {@code maxReceiveCount}, moves it to the dead-letter queue. Never turned into a label.
 */
public final class SentimentUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SentimentUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

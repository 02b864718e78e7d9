package org.fangsentiment.consumer;

/**
 * A message the consumer can never process (not JSON, not an object, no usable {@code name}).
 * It is reported as a batch item failure, so SQS moves it to the dead-letter queue after
 * {@code maxReceiveCount} receives: visible there, not lost.
 */
public final class InvalidMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

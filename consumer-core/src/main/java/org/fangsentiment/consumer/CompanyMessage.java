package org.fangsentiment.consumer;

import java.util.Objects;
import java.util.Optional;

/**
 * One queued company message as the consumer reads it, whoever received it: Lambda's event source
 * mapping (the handler adapts its {@code SQSMessage}) or the queue worker (which adapts the SDK's
 * {@code Message}). Only what {@link CompanyProcessor} reads: the body, and the two attributes that
 * date the run.
 *
 * @param messageId SQS's message id, for the log and the batch's failure report (null only in a
 *     hand-made event that lacks it: the record is still processed, and reported by that null id)
 * @param body the message body: one company item as JSON (null when a sender sent none)
 * @param runId the {@code run_id} message attribute the producer sets, when present
 * @param sentTimestamp SQS's {@code SentTimestamp} system attribute (epoch milliseconds as text), when present
 */
public record CompanyMessage(String messageId, String body, Optional<String> runId, Optional<String> sentTimestamp) {

    public CompanyMessage {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(sentTimestamp, "sentTimestamp");
    }

    /** A message with only an id and a body (no attributes), as the seed's messages are. */
    public static CompanyMessage of(String messageId, String body) {
        return new CompanyMessage(messageId, body, Optional.empty(), Optional.empty());
    }
}

package org.fangsentiment.producer;

/**
 * Thrown when a run ends with items that were neither sent nor invalid, so that Lambda reports the
 * invocation as failed and the schedule's retry policy runs the producer again.
 */
public final class ProducerIncompleteException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient ProducerResult result;

    public ProducerIncompleteException(ProducerResult result, String reason) {
        super("Producer run " + result.runId() + " incomplete: " + reason + " (scanned " + result.scanned()
                + ", sent " + result.sent() + ", invalid " + result.invalid() + ", failed " + result.failed() + ")");
        this.result = result;
    }

    public ProducerResult result() {
        return result;
    }
}

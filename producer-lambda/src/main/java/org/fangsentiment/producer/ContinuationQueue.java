package org.fangsentiment.producer;

import java.util.Map;
import org.fangsentiment.config.PipelineContract;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Hands a chain's saved position to the next producer invocation: one message on the continuation
 * queue, which triggers the producer's continuation handler. The message carries the run id as its
 * {@code run_id} attribute too, so a continuation can be told apart in the queue's console.
 */
final class ContinuationQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    ContinuationQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Sends it; an SDK failure propagates, so the invocation fails and its own trigger comes back. */
    void send(Continuation continuation) {
        String body = continuation.toJson();
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of(
                PipelineContract.RUN_ID_ATTRIBUTE, MessageAttributeValue.builder().dataType("String")
                        .stringValue(continuation.runId()).build())));
    }
}

package org.fangsentiment.consumer.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;

/**
 * Run by {@link ConsumerJarIT} in a fresh JVM whose class path is the shaded jar (plus this class):
 * builds the handler exactly as Lambda does (no-argument constructor, configuration from the
 * environment) and hands it one poison record, then builds a second handler as a warm container
 * would, to show that start-up advice is given once.
 */
public final class HandlerProbe {

    private HandlerProbe() {
    }

    public static void main(String[] args) {
        SQSEvent.SQSMessage poison = new SQSEvent.SQSMessage();
        poison.setMessageId("probe-poison-1");
        poison.setBody("not json at all");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(poison));
        SQSBatchResponse response = new ConsumerHandler().handleRequest(event, null);
        new ConsumerHandler().handleRequest(new SQSEvent(), null);
        System.out.println("PROBE failures=" + response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
    }
}

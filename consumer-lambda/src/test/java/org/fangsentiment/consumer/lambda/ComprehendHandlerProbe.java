package org.fangsentiment.consumer.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@code ComprehendJarIT} in a fresh JVM whose class path is the shaded jar (plus this class):
 * builds the handler as Lambda does, with {@code SENTIMENT_ENGINE=comprehend} in the environment, and
 * hands it one record per company named in the arguments.
 */
public final class ComprehendHandlerProbe {

    private ComprehendHandlerProbe() {
    }

    public static void main(String[] args) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String name : args) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("probe-" + name);
            record.setBody("{\"name\":\"" + name + "\"}");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        SQSBatchResponse response = new ConsumerHandler().handleRequest(event, null);
        System.out.println("PROBE failures=" + response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
    }
}

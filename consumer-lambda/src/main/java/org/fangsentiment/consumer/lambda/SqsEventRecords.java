package org.fangsentiment.consumer.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyMessage;

/**
 * The adapter between Lambda's SQS event and the consumer core: each record as a
 * {@link CompanyMessage}, and the core's failed records as {@code ReportBatchItemFailures}.
 */
final class SqsEventRecords {

    private SqsEventRecords() {
    }

    /** The event's records, in order (none for a null event or one without records). */
    static List<CompanyMessage> of(SQSEvent event) {
        List<SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        List<CompanyMessage> messages = new ArrayList<>(records.size());
        records.forEach(record -> messages.add(of(record)));
        return messages;
    }

    static CompanyMessage of(SQSMessage record) {
        Map<String, MessageAttribute> attributes = record.getMessageAttributes();
        MessageAttribute runId = attributes == null ? null : attributes.get(PipelineContract.RUN_ID_ATTRIBUTE);
        Map<String, String> system = record.getAttributes();
        return new CompanyMessage(record.getMessageId(), record.getBody(),
                Optional.ofNullable(runId == null ? null : runId.getStringValue()),
                Optional.ofNullable(system == null ? null : system.get("SentTimestamp")));
    }

    /** The partial-batch response: the failed records' ids, so SQS redelivers only those. */
    static SQSBatchResponse response(List<BatchRunner.Failure> failures) {
        List<SQSBatchResponse.BatchItemFailure> items = new ArrayList<>(failures.size());
        failures.forEach(failure -> items.add(new SQSBatchResponse.BatchItemFailure(failure.messageId())));
        return new SQSBatchResponse(items);
    }
}

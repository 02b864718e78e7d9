package org.fangsentiment.local.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Reads what the dead-letter queue holds without consuming it: every message is received (hidden
 * meanwhile, so each is read once), then made visible again, so it stays there for the user.
 */
final class DeadLetters {

    /** How long a read message stays hidden while the rest are read. */
    static final int READ_VISIBILITY_SECONDS = 30;

    private DeadLetters() {
    }

    /** Message id to body of every message in the queue. */
    static Map<String, String> read(SqsClient sqs, String queueUrl) {
        Map<String, String> messages = new LinkedHashMap<>();
        List<Message> read = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(READ_VISIBILITY_SECONDS)).messages();
            if (batch.isEmpty()) {
                break;
            }
            for (Message message : batch) {
                messages.putIfAbsent(message.messageId(), message.body());
                read.add(message);
            }
        }
        for (int from = 0; from < read.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(read.size(), from + 10); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(read.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(change -> change.queueUrl(queueUrl).entries(entries));
        }
        return messages;
    }
}

package org.fangsentiment.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Drains a queue for assertions: receives until it is empty, deleting what it received. */
final class QueueContents {

    private QueueContents() {
    }

    /** Drains with four receivers in parallel (a large queue drains several times faster). */
    static List<Message> drain(SqsClient sqs, String queueUrl) {
        List<Message> all = java.util.Collections.synchronizedList(new ArrayList<>());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<Message>>> parts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                parts.add(pool.submit(() -> drainOne(sqs, queueUrl)));
            }
            for (var part : parts) {
                all.addAll(part.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        // A message received twice (an emulator's receive race) is one message: dedupe by id.
        // A message sent twice would have two ids and still be counted twice.
        Map<String, Message> byId = new LinkedHashMap<>();
        for (Message message : all) {
            byId.putIfAbsent(message.messageId(), message);
        }
        return new ArrayList<>(byId.values());
    }

    private static List<Message> drainOne(SqsClient sqs, String queueUrl) {
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        int emptyReceives = 0;
        while (System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(120).messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                // Empty receives can be false negatives on SQS: also ask the queue's counters.
                if (++emptyReceives >= 2 && isEmpty(sqs, queueUrl)) {
                    return all;
                }
                continue;
            }
            emptyReceives = 0;
            all.addAll(batch);
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).build());
            }
            sqs.deleteMessageBatch(delete -> delete.queueUrl(queueUrl).entries(deletes));
        }
        throw new AssertionError("queue not drained within 3 minutes; got " + all.size());
    }

    private static boolean isEmpty(SqsClient sqs, String queueUrl) {
        var attributes = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::body).sorted().collect(Collectors.toList());
    }
}

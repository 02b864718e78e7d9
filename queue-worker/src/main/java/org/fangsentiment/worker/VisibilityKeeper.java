package org.fangsentiment.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Keeps the messages of records still running hidden: {@link #extendDue()}, called periodically,
 * extends every tracked message whose visibility has less than half of {@code visibility} left
 * back to the full {@code visibility} ({@code ChangeMessageVisibilityBatch}), so a slow record is
 * never handed to a second consumer while the first still works on it. A message whose extension
 * fails (its receipt handle expired) is logged and dropped from tracking: it may be received again,
 * which costs a duplicate write of the same key, never a loss.
 */
final class VisibilityKeeper {

    private static final Logger LOG = LogManager.getLogger(VisibilityKeeper.class);

    /** A received message and when its visibility lapses. */
    private record Tracked(String messageId, String receiptHandle, long visibleUntilNanos) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration visibility;
    private final LongSupplier nanoTime;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final AtomicLong extensions = new AtomicLong();

    VisibilityKeeper(SqsClient sqs, String queueUrl, Duration visibility, LongSupplier nanoTime) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.visibility = visibility;
        this.nanoTime = nanoTime;
    }

    /** Starts keeping these messages hidden; {@code receivedAtNanos} is taken before the receive was sent. */
    void track(List<Message> messages, long receivedAtNanos) {
        long until = receivedAtNanos + visibility.toNanos();
        messages.forEach(m -> tracked.put(m.receiptHandle(), new Tracked(m.messageId(), m.receiptHandle(), until)));
    }

    /** Stops keeping these messages hidden (they are about to be deleted or released). */
    void untrack(List<Message> messages) {
        messages.forEach(m -> tracked.remove(m.receiptHandle()));
    }

    /** Extensions that SQS confirmed, counted per message. */
    long extensions() {
        return extensions.get();
    }

    /** Extends every tracked message with less than half its visibility left. */
    void extendDue() {
        long now = nanoTime.getAsLong();
        List<Tracked> due = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (t.visibleUntilNanos() - now < visibility.toNanos() / 2) {
                due.add(t);
            }
        }
        for (int from = 0; from < due.size(); from += QueueDrain.MAX_BATCH) {
            extend(due.subList(from, Math.min(due.size(), from + QueueDrain.MAX_BATCH)), now);
        }
    }

    private void extend(List<Tracked> batch, long now) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout((int) visibility.toSeconds()).build());
        }
        ChangeMessageVisibilityBatchResponse response;
        try {
            response = sqs.changeMessageVisibilityBatch(change -> change.queueUrl(queueUrl).entries(entries));
        } catch (SdkException e) {
            // Tried again on the next tick, while there is time left.
            LOG.warn("Extending the visibility of {} messages failed; trying again: {}", batch.size(), e.getMessage());
            return;
        }
        long until = now + visibility.toNanos();
        response.successful().forEach(ok -> {
            Tracked t = batch.get(Integer.parseInt(ok.id()));
            // Only if still tracked: a record that ended meanwhile must not come back into the map.
            if (tracked.replace(t.receiptHandle(), t, new Tracked(t.messageId(), t.receiptHandle(), until))) {
                extensions.incrementAndGet();
            }
        });
        response.failed().forEach(failure -> {
            Tracked t = batch.get(Integer.parseInt(failure.id()));
            tracked.remove(t.receiptHandle(), t);
            LOG.warn("Could not extend the visibility of message {} ({}: {}); another consumer may receive it"
                    + " and write its CSV again", t.messageId(), failure.code(), failure.message());
        });
    }
}

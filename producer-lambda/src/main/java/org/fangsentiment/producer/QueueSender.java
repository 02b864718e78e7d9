package org.fangsentiment.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.concurrent.DaemonThreads;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.retry.Backoff;
import org.fangsentiment.retry.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends messages with {@code SendMessageBatch}, packing each batch by count (at most 10) and by
 * bytes (at most the queue's limit), and retries the entries SQS reports as failed.
 *
 * <p>Entries that fail with a sender fault, or whose whole call fails, are retried after the first
 * pass, with exponential backoff and full jitter, up to {@link RetryPolicy#maxAttempts}; entries
 * SQS rejects as the caller's fault are not retried. What still failed is returned to the caller,
 * each logged with its key and reason. Each worker thread uses its own {@link Batcher}; the sender
 * itself is thread-safe. With {@code inFlight} above 1 a batcher keeps up to that many calls in flight
 * on the sender's pool (a network round trip no longer idles its segment) and waits for them when
 * closed; with 1 it sends on the caller's thread, one call at a time. Close the sender to stop its pool.
 */
public final class QueueSender implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(QueueSender.class);

    /** SendMessageBatch takes at most this many entries. */
    public static final int MAX_BATCH_ENTRIES = 10;
    /** SQS's largest message and batch since 2025. */
    public static final int SQS_MAX_BYTES = 1_048_576;
    /** Assumed when a queue does not report {@code MaximumMessageSize} (the limit before 2025). */
    public static final int DEFAULT_MAX_BYTES = 262_144;

    /**
     * A message to send; {@code key} identifies its item in logs, and {@code size} is what SQS counts
     * against its limits (the body plus each attribute's name, type and value), computed once.
     */
    public record Message(String key, String body, Map<String, MessageAttributeValue> attributes, int size) {

        public Message(String key, String body, Map<String, MessageAttributeValue> attributes) {
            this(key, body, attributes, sizeOf(body, attributes));
        }

        /**
         * A message whose attributes' size is already known ({@link #sizeOf(Map)}, computed once for a run
         * whose messages all carry the same attributes): only the body is measured.
         */
        public static Message withAttributesSize(String key, String body, Map<String, MessageAttributeValue> attributes,
                                                 int attributesSize) {
            return new Message(key, body, attributes, utf8Length(body) + attributesSize);
        }

        private static int sizeOf(String body, Map<String, MessageAttributeValue> attributes) {
            return utf8Length(body) + sizeOf(attributes);
        }

        /** What SQS counts for these attributes: each one's name, type and value. */
        public static int sizeOf(Map<String, MessageAttributeValue> attributes) {
            int size = 0;
            for (var attribute : attributes.entrySet()) {
                MessageAttributeValue value = attribute.getValue();
                size += utf8Length(attribute.getKey()) + utf8Length(value.dataType())
                        + (value.stringValue() == null ? 0 : utf8Length(value.stringValue()))
                        + (value.binaryValue() == null ? 0 : value.binaryValue().asByteArray().length);
            }
            return size;
        }
    }

    /**
     * The UTF-8 length of {@code text}, counted without encoding it (one per item, so no copy); an
     * unpaired surrogate counts as the one byte {@code '?'} that {@link String#getBytes} writes for it.
     */
    static int utf8Length(String text) {
        int length = text.length();
        int bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 2; // the pair's two chars make four bytes
                i++;
            } else if (Character.isSurrogate(c)) {
                continue; // unpaired: getBytes writes '?'
            } else {
                bytes += 2;
            }
        }
        return bytes;
    }

    /**
     * How often and how patiently failed entries are sent again: at most {@code maxAttempts} sends
     * of an entry, with the {@code backoff} before each retry round.
     */
    public record RetryPolicy(int maxAttempts, Backoff backoff) {
        public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(5));

        public RetryPolicy {
            Objects.requireNonNull(backoff, "backoff");
        }

        /** A policy whose backoff starts at {@code baseDelay} and is capped at {@code maxDelay}. */
        public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
            this(maxAttempts, new Backoff(baseDelay, maxDelay));
        }
    }

    /** A message that failed, and why. */
    public record Failure(Message message, String reason) {
    }

    private record Pending(Message message, int attempts, String lastReason) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final int maxBytes;
    private final RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final Queue<Pending> toRetry = new ConcurrentLinkedQueue<>();
    private final Queue<Failure> permanent = new ConcurrentLinkedQueue<>();
    private final int inFlight;
    /** Runs the calls of batchers with more than one in flight; null when {@code inFlight} is 1. */
    private final ExecutorService pool;

    /** A sender with one call in flight per batcher. */
    public QueueSender(SqsClient sqs, String queueUrl, int maxBytes, RetryPolicy retryPolicy, Sleeper sleeper) {
        this(sqs, queueUrl, maxBytes, retryPolicy, sleeper, 1);
    }

    /** @param inFlight {@code SendMessageBatch} calls each batcher may have in flight at once */
    public QueueSender(SqsClient sqs, String queueUrl, int maxBytes, RetryPolicy retryPolicy, Sleeper sleeper,
                       int inFlight) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1, was " + inFlight);
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.maxBytes = maxBytes;
        this.retryPolicy = retryPolicy;
        this.sleeper = sleeper;
        this.inFlight = inFlight;
        // Unbounded threads, bounded by each batcher's permits: segments x inFlight at most.
        this.pool = inFlight == 1 ? null
                : LogContext.propagating(Executors.newCachedThreadPool(DaemonThreads.named("sqs-send")));
    }

    /** Stops the pool; every batcher must have been closed first. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    /**
     * The largest message and batch this queue takes: its {@code MaximumMessageSize} (256 KiB if it
     * reports none), never more than SQS's 1 MiB.
     */
    public static int maxBytesOf(SqsClient sqs, String queueUrl) {
        String reported = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.MAXIMUM_MESSAGE_SIZE))
                .attributes().get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE);
        return limitFrom(reported);
    }

    /** The limit for a reported {@code MaximumMessageSize} (null or blank when the queue reports none). */
    static int limitFrom(String reported) {
        int limit = reported == null || reported.isBlank() ? DEFAULT_MAX_BYTES : Integer.parseInt(reported.trim());
        return Math.min(limit, SQS_MAX_BYTES);
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Messages SQS accepted so far. */
    public long sent() {
        return sent.get();
    }

    /** SendMessageBatch calls made so far. */
    public long calls() {
        return calls.get();
    }

    /** A new batch packer for one worker thread; close it to send what it still holds. */
    public Batcher batcher() {
        return new Batcher();
    }

    /**
     * Sends the failed entries again, round after round, until they are sent, out of attempts, or
     * {@code keepGoing} says stop. Returns every message that was not sent, each logged with its key
     * and reason.
     */
    public List<Failure> retryFailed(BooleanSupplier keepGoing) {
        int round = 0;
        while (!toRetry.isEmpty() && keepGoing.getAsBoolean()) {
            try {
                sleeper.sleep(retryPolicy.backoff().delay(round++));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            List<Pending> due = new ArrayList<>();
            for (Pending p; (p = toRetry.poll()) != null; ) {
                due.add(p);
            }
            LOG.info("Retrying {} failed entries, round {}", due.size(), round);
            try (Batcher batcher = new Batcher()) {
                due.forEach(batcher::add);
            }
        }
        List<Failure> failures = new ArrayList<>(permanent);
        for (Pending p; (p = toRetry.poll()) != null; ) {
            failures.add(new Failure(p.message(), "not sent after " + p.attempts() + " attempts: " + p.lastReason()));
        }
        for (Failure failure : failures) {
            LOG.error("Item {} was not sent: {}", failure.message().key(), failure.reason());
        }
        return failures;
    }

    /** Packs messages into batches by count and bytes, and sends each full batch. Not thread-safe. */
    public final class Batcher implements AutoCloseable {
        private final List<Pending> batch = new ArrayList<>(MAX_BATCH_ENTRIES);
        private final Semaphore permits = new Semaphore(inFlight);
        private int batchBytes;

        private Batcher() {
        }

        /** Adds a message; its size must be within the queue's limit (the caller checks). */
        public void add(Message message) {
            add(new Pending(message, 0, ""));
        }

        private void add(Pending pending) {
            int size = pending.message().size();
            if (size > maxBytes) {
                throw new IllegalArgumentException("Message of item " + pending.message().key() + " has "
                        + size + " bytes, over the queue's limit of " + maxBytes);
            }
            if (batch.size() == MAX_BATCH_ENTRIES || batchBytes + size > maxBytes) {
                flush();
            }
            batch.add(pending);
            batchBytes += size;
        }

        /** Sends what the batch holds. */
        public void flush() {
            if (batch.isEmpty()) {
                return;
            }
            List<Pending> entries = List.copyOf(batch);
            batch.clear();
            batchBytes = 0;
            if (pool == null) {
                send(entries);
                return;
            }
            permits.acquireUninterruptibly();
            try {
                pool.execute(() -> {
                    try {
                        send(entries);
                    } catch (RuntimeException e) {
                        // Never lose a batch to an unexpected failure: its entries go back to be retried.
                        String reason = "SendMessageBatch failed: " + e;
                        entries.forEach(p -> retryLater(p, reason));
                    } finally {
                        permits.release();
                    }
                });
            } catch (RuntimeException e) {
                permits.release();
                throw e;
            }
        }

        /** Sends what the batch holds and waits until every call of this batcher has been answered. */
        @Override
        public void close() {
            flush();
            permits.acquireUninterruptibly(inFlight);
            permits.release(inFlight);
        }
    }

    private void send(List<Pending> entries) {
        List<SendMessageBatchRequestEntry> request = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Message message = entries.get(i).message();
            request.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .messageBody(message.body()).messageAttributes(message.attributes()).build());
        }
        SendMessageBatchResponse response;
        try {
            calls.incrementAndGet();
            response = sqs.sendMessageBatch(batch -> batch.queueUrl(queueUrl).entries(request));
        } catch (SdkException e) {
            // The SDK already retried what it considers retryable; treat the whole batch as a sender fault.
            String reason = "SendMessageBatch failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("A batch of {} entries failed as a whole: {}", entries.size(), reason);
            entries.forEach(p -> retryLater(p, reason));
            return;
        }
        sent.addAndGet(response.successful().size());
        for (BatchResultErrorEntry error : response.failed()) {
            Pending pending = entries.get(Integer.parseInt(error.id()));
            String reason = error.code() + ": " + error.message();
            if (Boolean.TRUE.equals(error.senderFault())) {
                permanent.add(new Failure(pending.message(), reason));
            } else {
                retryLater(pending, reason);
            }
        }
    }

    private void retryLater(Pending pending, String reason) {
        int attempts = pending.attempts() + 1;
        if (attempts >= retryPolicy.maxAttempts()) {
            permanent.add(new Failure(pending.message(), "not sent after " + attempts + " attempts: " + reason));
        } else {
            toRetry.add(new Pending(pending.message(), attempts, reason));
        }
    }
}

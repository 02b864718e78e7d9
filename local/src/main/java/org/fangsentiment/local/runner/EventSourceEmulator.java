package org.fangsentiment.local.runner;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.concurrent.DaemonThreads;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.worker.SqsRecords;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Feeds a queue to an SQS-triggered handler the way Lambda's event source mapping does, with
 * {@code ReportBatchItemFailures}:
 * <ol>
 *   <li>receive up to 10 messages (all system and message attributes), hidden for the function
 *       timeout plus a margin, so a slow batch is never received twice;</li>
 *   <li>call the handler with an {@link SQSEvent} made of them (message id, receipt handle, body,
 *       attributes such as {@code ApproximateReceiveCount} and {@code SentTimestamp}, message
 *       attributes, event source ARN, region) and a {@link LambdaContext} whose remaining time runs
 *       down from the function timeout;</li>
 *   <li>delete the records not reported as failed ({@code DeleteMessageBatch}); make the failed ones
 *       visible again after {@link Settings#retryDelay} (a short local stand-in for the rest of the
 *       visibility timeout), so the queue's redrive policy moves a poison message to the
 *       dead-letter queue after {@link PipelineContract#MAX_RECEIVE_COUNT} receives within seconds.
 *       A handler that throws, or answers with an id not in the batch, fails the whole batch, as
 *       in Lambda.</li>
 * </ol>
 * Up to {@link Settings#concurrency} batches are in flight at once, each on a pool thread that
 * carries the log context of the thread that called {@link #drain}. It stops when nothing is in
 * flight and the queue reports no visible, in-flight or delayed messages on two reads in a row.
 * The redrive itself is the queue's (ElasticMQ, LocalStack, moto and SQS all apply it on receive).
 */
public final class EventSourceEmulator {

    private static final Logger LOG = LogManager.getLogger(EventSourceEmulator.class);
    static final int MAX_BATCH = 10;
    /** Long-poll wait of a receive: it returns as soon as a message is there, else after this (no busy loop). */
    static final int IDLE_WAIT_SECONDS = 1;

    /**
     * @param functionTimeout the consumer "Lambda"'s timeout: the context's remaining time starts there
     * @param retryDelay how long a failed record stays hidden before it is received again
     * @param concurrency batches in flight at once (Lambda's concurrent invocations)
     */
    public record Settings(Duration functionTimeout, Duration retryDelay, int concurrency) {
        public Settings {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1");
            }
        }

        /** Messages stay hidden this long when received: the function timeout and a margin. */
        Duration receiveVisibility() {
            return functionTimeout.plusSeconds(10);
        }
    }

    /** One handled batch, for progress output. */
    public record BatchReport(int number, int records, int succeeded, int failed, long millis, int processedSoFar) {
    }

    /**
     * What a drain did.
     *
     * @param batches handler invocations
     * @param received receives of messages (a retried message counts each time)
     * @param processed ids of the messages handled successfully and deleted
     * @param seen every message id received
     * @param failureReasons the last reason the consumer gave for each message id it failed
     */
    public record Result(int batches, int received, Set<String> processed, Set<String> seen,
                         Map<String, String> failureReasons) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Settings settings;
    private final Consumer<BatchReport> progress;
    private final String queueArn;
    private final String region;

    public EventSourceEmulator(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                               Settings settings, Consumer<BatchReport> progress) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.queueArn = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().getOrDefault(QueueAttributeName.QUEUE_ARN, "");
        this.region = SqsRecords.regionOf(queueArn);
    }

    /** Runs until the queue is empty and nothing is in flight; returns what happened. */
    public Result drain() throws InterruptedException {
        Map<String, String> reasons = new ConcurrentHashMap<>();
        Set<String> processed = ConcurrentHashMap.newKeySet();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger batchNumber = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicReference<Throwable> batchError = new AtomicReference<>();
        Semaphore slots = new Semaphore(settings.concurrency());
        ExecutorService batches = LogContext.propagating(
                Executors.newFixedThreadPool(settings.concurrency(), DaemonThreads.named("event-source")));
        Runnable stopListening = FailureReasons.listen((id, reason) -> {
            if (seen.contains(id)) {
                reasons.put(id, reason);
            }
        });
        try {
            int emptyReads = 0;
            while (true) {
                rethrow(batchError.get());
                slots.acquire();
                List<Message> messages;
                try {
                    messages = receive();
                } catch (RuntimeException e) {
                    slots.release();
                    throw e;
                }
                if (!messages.isEmpty()) {
                    emptyReads = 0;
                    received.addAndGet(messages.size());
                    messages.forEach(m -> seen.add(m.messageId()));
                    int number = batchNumber.incrementAndGet();
                    inFlight.incrementAndGet();
                    batches.execute(() -> {
                        try {
                            handle(number, messages, processed, reasons);
                        } catch (Throwable e) {
                            batchError.compareAndSet(null, e);
                        } finally {
                            inFlight.decrementAndGet();
                            slots.release();
                        }
                    });
                    continue;
                }
                slots.release();
                if (inFlight.get() == 0 && queueIsEmpty()) {
                    if (++emptyReads >= 2) {
                        break;
                    }
                } else {
                    emptyReads = 0;
                }
            }
            rethrow(batchError.get());
        } finally {
            stopListening.run();
            batches.shutdownNow();
            batches.awaitTermination(10, TimeUnit.SECONDS);
        }
        return new Result(batchNumber.get(), received.get(), Set.copyOf(processed), Set.copyOf(seen), Map.copyOf(reasons));
    }

    private static void rethrow(Throwable error) {
        if (error == null) {
            return;
        }
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        throw new IllegalStateException(error);
    }

    @SuppressWarnings("deprecation") // attributeNames: emulators that predate MessageSystemAttributeNames read only it
    private List<Message> receive() {
        return sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                .maxNumberOfMessages(MAX_BATCH)
                .waitTimeSeconds(IDLE_WAIT_SECONDS)
                .visibilityTimeout((int) settings.receiveVisibility().toSeconds())
                .attributeNamesWithStrings("All")
                .messageSystemAttributeNamesWithStrings("All")
                .messageAttributeNames("All")).messages();
    }

    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return counts.values().stream().mapToLong(EventSourceEmulator::count).sum() == 0;
    }

    private static long count(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    private void handle(int number, List<Message> messages, Set<String> processed, Map<String, String> reasons) {
        long start = System.nanoTime();
        SQSEvent event = toEvent(messages);
        Set<String> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.messageId()));
        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = handler.handleRequest(event,
                    LambdaContext.counting("fang-local-consumer", settings.functionTimeout()));
            if (response != null && response.getBatchItemFailures() != null) {
                for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                    String id = failure == null ? null : failure.getItemIdentifier();
                    if (id == null || !ids.contains(id)) {
                        LOG.warn("The handler reported a failure for an id not in the batch; the whole batch fails, as in Lambda");
                        failed.addAll(ids);
                        ids.forEach(i -> reasons.putIfAbsent(i, "the handler answered with an unknown item id"));
                        break;
                    }
                    failed.add(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The handler threw; the whole batch fails, as in Lambda", e);
            failed.addAll(ids);
            String reason = "the handler threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
            ids.forEach(id -> reasons.put(id, reason));
        }
        List<Message> succeeded = new ArrayList<>();
        List<Message> retried = new ArrayList<>();
        for (Message message : messages) {
            (failed.contains(message.messageId()) ? retried : succeeded).add(message);
        }
        delete(succeeded, processed);
        retryLater(retried);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        progress.accept(new BatchReport(number, messages.size(), succeeded.size(), retried.size(), millis, processed.size()));
    }

    private void delete(List<Message> messages, Set<String> processed) {
        if (messages.isEmpty()) {
            return;
        }
        Map<String, Message> byEntry = new LinkedHashMap<>();
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            byEntry.put(Integer.toString(i), message);
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(message.receiptHandle()).build());
        }
        DeleteMessageBatchResponse response = sqs.deleteMessageBatch(delete -> delete.queueUrl(queueUrl).entries(entries));
        response.successful().forEach(ok -> processed.add(byEntry.get(ok.id()).messageId()));
        response.failed().forEach(failure -> LOG.warn("Deleting message {} failed ({}: {}); it will be processed again",
                byEntry.get(failure.id()).messageId(), failure.code(), failure.message()));
    }

    private void retryLater(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle())
                    .visibilityTimeout((int) settings.retryDelay().toSeconds()).build());
        }
        sqs.changeMessageVisibilityBatch(change -> change.queueUrl(queueUrl).entries(entries));
    }

    /** The Lambda event for these messages, field for field as the event source mapping builds it. */
    SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
        for (Message message : messages) {
            records.add(SqsRecords.toRecord(message, queueArn, region));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}

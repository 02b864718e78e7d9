package org.fangsentiment.local.runner;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.worker.QueueDrain;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Feeds a queue to an SQS-triggered handler the way Lambda's event source mapping does, with
 * {@code ReportBatchItemFailures}, on the queue worker's own {@link QueueDrain}:
 * <ol>
 *   <li>receive up to 10 messages (all system and message attributes), hidden for the function
 *       timeout plus a margin, so a slow batch is never received twice;</li>
 *   <li>call the handler with an {@link SQSEvent} made of them (message id, receipt handle, body,
 *       attributes such as {@code ApproximateReceiveCount} and {@code SentTimestamp}, message
 *       attributes, event source ARN, region) and a {@link LambdaContext} whose remaining time runs
 *       down from the function timeout;</li>
 *   <li>delete the records not reported as failed; make the failed ones visible again after
 *       {@link Settings#retryDelay} (a short local stand-in for the rest of the visibility timeout),
 *       so the queue's redrive policy moves a poison message to the dead-letter queue after
 *       {@link PipelineContract#MAX_RECEIVE_COUNT} receives within seconds. A handler that throws, or
 *       answers with an id not in the batch, fails the whole batch, as in Lambda.</li>
 * </ol>
 * Up to {@link Settings#concurrency} batches are in flight at once, each on a pool thread that
 * carries the log context of the thread that called {@link #drain}. It stops when nothing is in
 * flight and the queue reports no visible, in-flight or delayed messages on two reads in a row.
 * The redrive itself is the queue's (ElasticMQ, LocalStack, moto and SQS all apply it on receive).
 */
public final class EventSourceEmulator {

    private static final Logger LOG = LogManager.getLogger(EventSourceEmulator.class);
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

        /** The drain as Lambda's event source runs it: hidden for the function timeout and a margin, never extended. */
        QueueDrain.Settings drain() {
            return new QueueDrain.Settings(concurrency, receiveVisibility(),
                    Duration.ofSeconds(IDLE_WAIT_SECONDS), retryDelay, functionTimeout, true, false);
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final Settings settings;
    private final Consumer<QueueDrain.BatchReport> progress;
    private final String queueArn;
    private final String region;
    /** Why the consumer failed each record, as its {@code BatchRunner} reports it ({@link FailureReasons}). */
    private final Map<String, String> consumerReasons = new ConcurrentHashMap<>();

    public EventSourceEmulator(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                               Settings settings, Consumer<QueueDrain.BatchReport> progress) {
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
    public QueueDrain.Result drain() throws InterruptedException {
        return drain(0);
    }

    /**
     * As {@link #drain()}, knowing that {@code expected} messages were sent ({@link QueueDrain#expecting}): it ends
     * as soon as they are processed and the queue is empty, without long polls after the last batch.
     */
    public QueueDrain.Result drain(long expected) throws InterruptedException {
        Runnable stopListening = FailureReasons.listen(consumerReasons::put);
        try {
            return new QueueDrain(sqs, queueUrl, settings.drain(), this::invoke, progress).expecting(expected).run();
        } finally {
            stopListening.run();
        }
    }

    /** One invocation of the handler; returns the records that failed, with the consumer's reason when it gave one. */
    private Map<String, String> invoke(List<Message> messages) {
        Set<String> ids = new HashSet<>();
        messages.forEach(m -> ids.add(m.messageId()));
        Map<String, String> failed = new HashMap<>();
        try {
            SQSBatchResponse response = handler.handleRequest(toEvent(messages),
                    LambdaContext.counting("fang-local-consumer", settings.functionTimeout()));
            if (response != null && response.getBatchItemFailures() != null) {
                for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
                    String id = failure == null ? null : failure.getItemIdentifier();
                    if (id == null || !ids.contains(id)) {
                        LOG.warn("The handler reported a failure for an id not in the batch; the whole batch fails, as in Lambda");
                        ids.forEach(i -> failed.put(i, "the handler answered with an unknown item id"));
                        return failed;
                    }
                    failed.put(id, consumerReasons.getOrDefault(id, "reported failed by the handler"));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("The handler threw; the whole batch fails, as in Lambda", e);
            String reason = "the handler threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
            ids.forEach(id -> failed.put(id, reason));
        }
        return failed;
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

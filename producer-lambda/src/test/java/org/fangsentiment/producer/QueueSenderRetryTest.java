package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.fangsentiment.retry.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Retry rounds of {@link QueueSender}: how many, how long between them, and what stops them. */
class QueueSenderRetryTest {

    private static final QueueSender.RetryPolicy POLICY =
            new QueueSender.RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300));

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anEntryThatKeepsFailingIsSentMaxAttemptsTimesWithBackoffBetweenRounds() {
        AlwaysFailing sqs = new AlwaysFailing();
        QueueSender sender = new QueueSender(sqs, "queue", QueueSender.DEFAULT_MAX_BYTES, POLICY, waits::add);

        try (QueueSender.Batcher batcher = sender.batcher()) {
            batcher.add(new QueueSender.Message("k1", "{}", Map.of()));
        }
        List<QueueSender.Failure> failures = sender.retryFailed(() -> true);

        assertEquals(POLICY.maxAttempts(), sqs.calls.get());
        assertEquals(POLICY.maxAttempts() - 1, waits.size(), "one wait before each retry round");
        for (int round = 0; round < waits.size(); round++) {
            Duration wait = waits.get(round);
            assertTrue(!wait.isNegative() && wait.compareTo(POLICY.backoff().ceiling(round)) <= 0,
                    "round " + round + " waited " + wait);
        }
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).reason().startsWith("not sent after " + POLICY.maxAttempts() + " attempts"),
                failures.get(0).reason());
    }

    @Test
    void anInterruptedWaitEndsTheRetriesAndKeepsTheInterrupt() {
        AlwaysFailing sqs = new AlwaysFailing();
        Sleeper interrupted = duration -> {
            throw new InterruptedException("stop");
        };
        QueueSender sender = new QueueSender(sqs, "queue", QueueSender.DEFAULT_MAX_BYTES, POLICY, interrupted);

        try (QueueSender.Batcher batcher = sender.batcher()) {
            batcher.add(new QueueSender.Message("k1", "{}", Map.of()));
        }
        List<QueueSender.Failure> failures = sender.retryFailed(() -> true);

        assertEquals(1, sqs.calls.get(), "no retry after the interrupt");
        assertEquals(1, failures.size(), "the entry is still reported");
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is passed on");
    }

    /** An SQS whose every entry fails the way SQS reports a transient failure. */
    private static final class AlwaysFailing implements SqsClient {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            calls.incrementAndGet();
            return SendMessageBatchResponse.builder().failed(request.entries().stream()
                    .map(entry -> BatchResultErrorEntry.builder().id(entry.id()).code("InternalError")
                            .message("try again").senderFault(false).build())
                    .toList()).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }
}

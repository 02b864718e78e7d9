package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/** {@link QueueSender} with several calls in flight per batcher: how many at once, and every item counted once. */
class QueueSenderInFlightTest {

    private static final QueueSender.RetryPolicy FAST =
            new QueueSender.RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(2));

    @Test
    void aBatcherKeepsItsCallsInFlightAtOnceAndNeverMore() {
        int inFlight = 4;
        Gate sqs = new Gate(inFlight, entry -> false);
        try (QueueSender sender = new QueueSender(sqs, "queue", QueueSender.DEFAULT_MAX_BYTES, FAST, d -> { }, inFlight)) {
            try (QueueSender.Batcher batcher = sender.batcher()) {
                for (int i = 0; i < 200; i++) {
                    batcher.add(new QueueSender.Message("k" + i, "{\"name\":\"" + i + "\"}", Map.of()));
                }
            }
            assertTrue(sqs.gateOpened, "the first " + inFlight + " calls were all in flight at once");
            assertEquals(inFlight, sqs.most.get(), "never more than " + inFlight + " calls in flight");
            assertEquals(200, sender.sent(), "closing the batcher waited for every call");
            assertEquals(20, sender.calls());
        }
        assertEquals(200, sqs.accepted.size());
        sqs.accepted.values().forEach(count -> assertEquals(1, count.get()));
    }

    @Test
    void failedEntriesOfCallsInFlightAreRetriedAndEachItemIsCountedOnce() {
        AtomicInteger failures = new AtomicInteger();
        // Every seventh item fails its first attempt, as SQS reports a transient failure.
        Map<String, Boolean> failedOnce = new ConcurrentHashMap<>();
        Gate sqs = new Gate(1, entry -> Integer.parseInt(entry.messageBody().replaceAll("\\D", "")) % 7 == 0
                && failedOnce.putIfAbsent(entry.messageBody(), true) == null && failures.incrementAndGet() > 0);
        List<QueueSender.Failure> unsent;
        try (QueueSender sender = new QueueSender(sqs, "queue", QueueSender.DEFAULT_MAX_BYTES, FAST, d -> { }, 8)) {
            List<Thread> segments = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int segment = s;
                Thread thread = new Thread(() -> {
                    try (QueueSender.Batcher batcher = sender.batcher()) {
                        for (int i = segment * 250; i < (segment + 1) * 250; i++) {
                            batcher.add(new QueueSender.Message("k" + i, "{\"name\":\"" + i + "\"}", Map.of()));
                        }
                    }
                });
                thread.start();
                segments.add(thread);
            }
            for (Thread thread : segments) {
                assertJoined(thread);
            }
            unsent = sender.retryFailed(() -> true);
            assertEquals(1000, sender.sent(), "each item counted once, retried ones included");
        }
        assertEquals(List.of(), unsent);
        assertEquals(143, failures.get(), "0, 7, ..., 994 failed once");
        assertEquals(1000, sqs.accepted.size());
        sqs.accepted.values().forEach(count -> assertEquals(1, count.get()));
    }

    private static void assertJoined(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertTrue(!thread.isAlive(), "segment finished");
    }

    /**
     * An SQS whose first {@code gate} calls wait until that many are in flight together (so a sender
     * that sends one at a time fails the test instead of passing it), that records the most calls in
     * flight at once, and accepts every entry the predicate does not fail.
     */
    private static final class Gate implements SqsClient {
        private final CountDownLatch arrived;
        private final java.util.function.Predicate<SendMessageBatchRequestEntry> fails;
        private final AtomicInteger current = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        volatile boolean gateOpened = true;

        Gate(int gate, java.util.function.Predicate<SendMessageBatchRequestEntry> fails) {
            this.arrived = new CountDownLatch(gate);
            this.fails = fails;
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            most.accumulateAndGet(current.incrementAndGet(), Math::max);
            try {
                arrived.countDown();
                if (!arrived.await(10, TimeUnit.SECONDS)) {
                    gateOpened = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<SendMessageBatchResultEntry> ok = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (SendMessageBatchRequestEntry entry : request.entries()) {
                if (fails.test(entry)) {
                    failed.add(BatchResultErrorEntry.builder().id(entry.id()).code("InternalError").message("again")
                            .senderFault(false).build());
                } else {
                    accepted.computeIfAbsent(entry.messageBody(), k -> new AtomicInteger()).incrementAndGet();
                    ok.add(SendMessageBatchResultEntry.builder().id(entry.id()).messageId("m").build());
                }
            }
            current.decrementAndGet();
            return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
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

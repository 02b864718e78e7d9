package org.fangsentiment.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ResourceSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The one SQS drain that the queue worker and the local runner's event-source emulator share,
 * against the backend's real queues (redrive to the dead-letter queue included), with handlers
 * that decide per message: each behaviour of the drain is held here once, without CoreNLP.
 */
@ExtendWith(AwsBackendExtension.class)
class QueueDrainIT {

    private static final Duration VISIBILITY = Duration.ofSeconds(30);

    private final AwsBackend backend;
    private final SqsClient sqs;

    QueueDrainIT(AwsBackend backend) {
        this.backend = backend;
        this.sqs = backend.clients().sqs();
    }

    private ResourceSetup.Queues queues(String purpose) {
        String queue = backend.freshResources(purpose, VISIBILITY).queue();
        return new ResourceSetup(backend.clients()).ensureQueues(queue, VISIBILITY);
    }

    private static QueueDrain.Settings settings(boolean exitWhenEmpty) {
        return new QueueDrain.Settings(2, VISIBILITY, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), exitWhenEmpty, true);
    }

    private Map<String, String> send(String queueUrl, List<String> bodies) {
        Map<String, String> ids = new HashMap<>();
        for (String body : bodies) {
            ids.put(sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody(body)).messageId(), body);
        }
        return ids;
    }

    private long count(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    @Test
    void successesAreDeletedAndAPoisonMessageIsRetriedThenDeadLetteredWithItsReason() throws Exception {
        ResourceSetup.Queues queues = queues("drain-poison");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            bodies.add("ok-" + i);
        }
        bodies.add("poison");
        Map<String, String> sent = send(queues.queueUrl(), bodies);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        List<QueueDrain.BatchReport> reports = new ArrayList<>();

        QueueDrain.Result result = new QueueDrain(sqs, queues.queueUrl(), settings(true), batch -> {
            Map<String, String> failed = new HashMap<>();
            for (Message message : batch) {
                handled.computeIfAbsent(message.body(), body -> new AtomicInteger()).incrementAndGet();
                if (message.body().equals("poison")) {
                    failed.put(message.messageId(), "poisoned on receive " + handled.get("poison").get());
                }
            }
            return failed;
        }, report -> {
            synchronized (reports) {
                reports.add(report);
            }
        }).run();

        String poisonId = sent.entrySet().stream().filter(e -> e.getValue().equals("poison")).findFirst().orElseThrow().getKey();
        Set<String> succeeded = new HashSet<>(sent.keySet());
        succeeded.remove(poisonId);
        assertEquals(succeeded, result.processed(), "every good message deleted, the poison one never");
        assertEquals(sent.keySet(), result.seen());
        assertEquals(PipelineContract.MAX_RECEIVE_COUNT, handled.get("poison").get(), "received maxReceiveCount times");
        assertEquals(Map.of(poisonId, "poisoned on receive " + PipelineContract.MAX_RECEIVE_COUNT), result.failureReasons());
        bodies.stream().filter(b -> !b.equals("poison")).forEach(b -> assertEquals(1, handled.get(b).get(), b));
        assertEquals(0, count(queues.queueUrl()), "nothing left in the queue");
        assertEquals(1, count(queues.deadLetterQueueUrl()), "the poison message is in the dead-letter queue");
        assertEquals(result.batches(), reports.size());
        assertTrue(reports.stream().allMatch(r -> r.records() <= QueueDrain.MAX_BATCH), reports.toString());
        assertEquals(sent.size() - 1 + PipelineContract.MAX_RECEIVE_COUNT, result.received());
    }

    @Test
    void aStopReturnsWhatIsRunningAfterItsBudgetAndWhatArrivesAfterIt() throws Exception {
        ResourceSetup.Queues queues = queues("drain-stop");
        Map<String, String> sent = send(queues.queueUrl(), List.of("a", "b", "c", "d", "e"));
        CountDownLatch inHandler = new CountDownLatch(1);
        QueueDrain[] drain = new QueueDrain[1];
        drain[0] = new QueueDrain(sqs, queues.queueUrl(), new QueueDrain.Settings(1, VISIBILITY,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(300), false, true), batch -> {
            inHandler.countDown();
            // Runs until the stop's deadline, as a record that cannot finish in the budget would.
            Map<String, String> failed = new HashMap<>();
            while (drain[0].deadline().remainingMillis().orElse(Long.MAX_VALUE) > 0) {
                try {
                    Thread.sleep(20); // polling the condition (the deadline has passed), as BatchRunner re-reads it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            batch.forEach(m -> failed.put(m.messageId(), "not finished before the deadline"));
            return failed;
        }, report -> { });
        assertTrue(drain[0].deadline().remainingMillis().isEmpty(), "no deadline before a stop");

        CompletableFuture<QueueDrain.Result> running = CompletableFuture.supplyAsync(() -> {
            try {
                return drain[0].run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(inHandler.await(60, TimeUnit.SECONDS), "a batch started");
        drain[0].stop();
        QueueDrain.Result result = running.get(60, TimeUnit.SECONDS);

        assertTrue(result.stopped());
        assertEquals(Set.of(), result.processed());
        assertTrue(result.returned() >= 1, "the running batch went back to the queue: " + result);
        assertEquals(sent.size(), count(queues.queueUrl()), "every message is back in the queue, none deleted or lost");
        // Visible at once (visibility 0), not after the 30 s the receive asked for.
        Set<String> again = new HashSet<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (again.size() < sent.size() && System.nanoTime() < end) {
            sqs.receiveMessage(r -> r.queueUrl(queues.queueUrl()).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages().forEach(m -> again.add(m.messageId()));
        }
        assertEquals(sent.keySet(), again);
    }

    @Test
    void aHandlerThatThrowsEndsTheDrainWithItsErrorAndLosesNothing() throws Exception {
        ResourceSetup.Queues queues = queues("drain-throws");
        send(queues.queueUrl(), List.of("x", "y"));
        IllegalStateException bug = new IllegalStateException("a bug outside the records");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> new QueueDrain(sqs, queues.queueUrl(), settings(true), batch -> {
                    throw bug;
                }, report -> { }).run());

        assertSame(bug, thrown);
        assertEquals(2, count(queues.queueUrl()), "the messages stay in the queue, to come back after their visibility");
    }

    /** Counts receives that brought no message: each is a long-poll wait. */
    private static final class EmptyReceives implements ExecutionInterceptor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof ReceiveMessageResponse response && response.messages().isEmpty()) {
                count.incrementAndGet();
            }
        }
    }

    @Test
    void knowingHowManyWereSentItEndsAfterTheLastBatchWithoutEmptyReceives() throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            bodies.add("m-" + i);
        }
        ResourceSetup.Queues told = queues("drain-expecting");
        Map<String, String> sent = send(told.queueUrl(), bodies);
        EmptyReceives empty = new EmptyReceives();
        QueueDrain.Result result = new QueueDrain(backend.clients(empty).sqs(), told.queueUrl(), settings(true),
                batch -> Map.of(), report -> { }).expecting(sent.size()).run();
        assertEquals(sent.keySet(), result.processed());
        assertEquals(0, count(told.queueUrl()), "nothing left in the queue");
        assertEquals(0, empty.count.get(), "no long poll of an empty queue");

        // The same without the count: it ends only after two empty receives in a row.
        ResourceSetup.Queues untold = queues("drain-not-expecting");
        Map<String, String> sentToo = send(untold.queueUrl(), bodies);
        EmptyReceives emptyToo = new EmptyReceives();
        QueueDrain.Result resultToo = new QueueDrain(backend.clients(emptyToo).sqs(), untold.queueUrl(), settings(true),
                batch -> Map.of(), report -> { }).run();
        assertEquals(sentToo.keySet(), resultToo.processed());
        assertTrue(emptyToo.count.get() >= 2, "empty receives: " + emptyToo.count.get());
    }

    @Test
    void knowingHowManyWereSentAPoisonMessageIsStillRetriedThenDeadLettered() throws Exception {
        ResourceSetup.Queues queues = queues("drain-expecting-poison");
        Map<String, String> sent = send(queues.queueUrl(), List.of("ok-1", "ok-2", "ok-3", "poison"));
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        QueueDrain.Result result = new QueueDrain(sqs, queues.queueUrl(), settings(true), batch -> {
            Map<String, String> failed = new HashMap<>();
            for (Message message : batch) {
                handled.computeIfAbsent(message.body(), body -> new AtomicInteger()).incrementAndGet();
                if (message.body().equals("poison")) {
                    failed.put(message.messageId(), "poisoned");
                }
            }
            return failed;
        }, report -> { }).expecting(sent.size()).run();

        assertEquals(3, result.processed().size());
        assertEquals(PipelineContract.MAX_RECEIVE_COUNT, handled.get("poison").get(), "received maxReceiveCount times");
        assertEquals(0, count(queues.queueUrl()), "nothing left in the queue");
        assertEquals(1, count(queues.deadLetterQueueUrl()), "the poison message is in the dead-letter queue");
    }

    @Test
    void settingsRefuseNoBatchesInFlight() {
        assertThrows(IllegalArgumentException.class, () -> new QueueDrain.Settings(0, VISIBILITY,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), true, false));
    }
}

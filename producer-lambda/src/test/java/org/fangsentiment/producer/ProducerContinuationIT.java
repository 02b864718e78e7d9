package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.retry.Sleeper;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.LogCapture;
import org.joda.time.DateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A run spread over invocations: the producer's two entry points driven as Lambda drives them (the
 * schedule once, then each continuation message as its own invocation, a failed one received again
 * until the queue dead-letters it), on a real backend. Each invocation's deadline comes after a
 * fixed number of pages, counted where the producer asks for its remaining time, so the number of
 * continuations does not depend on the machine's speed. What SQS accepted is counted on the wire.
 */
@ExtendWith(AwsBackendExtension.class)
class ProducerContinuationIT {

    private static final Instant RUN_TIME = Instant.parse("2026-11-29T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(RUN_TIME.plusSeconds(60), ZoneOffset.UTC);
    private static final QueueSender.RetryPolicy FAST_RETRIES =
            new QueueSender.RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));
    private static final int PAGE = 1_000;
    /** The large run: on the embedded stack 200,000 items; a slower third-party emulator (LocalStack) gets fewer. */
    private final int largeRun;

    private final AwsBackend backend;
    private final AwsClients clients;

    ProducerContinuationIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
        this.largeRun = backend.kind() == AwsBackend.Kind.EMBEDDED ? 200_000 : 20_000;
    }

    /** A table, a work queue, and a continuation queue whose dead-letter queue takes a message after 5 receives. */
    private record Setup(ProducerConfig config, String workQueueUrl, String continuationUrl, String continuationDlqUrl) {
    }

    private Setup setup(String purpose, int items) {
        ProducerConfig base = backend.freshResources(purpose, Duration.ofSeconds(120)).producerConfig();
        SqsClient sqs = clients.sqs();
        String dlq = sqs.createQueue(create -> create.queueName(base.queueName() + "-cont-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(get -> get.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String continuation = sqs.createQueue(create -> create.queueName(base.queueName() + "-cont").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "120",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                        + PipelineContract.MAX_RECEIVE_COUNT + "\"}"))).queueUrl();
        String workQueue = sqs.getQueueUrl(get -> get.queueName(base.queueName())).queueUrl();
        if (items > 0) {
            putInParallel(base.tableName(), items);
        }
        ProducerConfig.Scaling scaling = base.scaling().withContinuationQueue(continuation);
        if (backend.kind() != AwsBackend.Kind.EMBEDDED) {
            // Python emulators answer 32 calls at once with read timeouts: fewer in flight there.
            scaling = scaling.withSendInFlight(2);
        }
        ProducerConfig config = base.withScaling(scaling);
        return new Setup(config, workQueue, continuation, dlq);
    }

    /** The large table, filled once for the tests that read it (the producer never writes to it). */
    private static String largeTable;

    private synchronized Setup withLargeTable(Setup setup) {
        if (largeTable == null) {
            String table = backend.freshResources("large", Duration.ofSeconds(120)).table();
            putInParallel(table, largeRun);
            largeTable = table;
        }
        ProducerConfig config = setup.config();
        return new Setup(config.withResources(largeTable, config.queueName()), setup.workQueueUrl(),
                setup.continuationUrl(), setup.continuationDlqUrl());
    }

    private void putInParallel(String table, int items) {
        List<Map<String, AttributeValue>> all = TableContents.companies(items);
        int parts = 4;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            List<Map<String, AttributeValue>> part = all.subList(p * items / parts, (p + 1) * items / parts);
            Thread thread = new Thread(() -> TableContents.put(clients.dynamoDb(), table, part));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static Producer producer(AwsClients with, ProducerConfig config) {
        return new Producer(with.dynamoDb(), with.sqs(), config, PAGE, FAST_RETRIES, Sleeper.system(), CLOCK);
    }

    /** Counts, on the wire, every body SQS accepted into the work queue, and every continuation sent. */
    private static final class Wire implements ExecutionInterceptor {
        final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        final Set<String> runIds = ConcurrentHashMap.newKeySet();
        final AtomicLong continuationsSent = new AtomicLong();
        /** The continuation sends to lose (1-based), standing in for a crash before the position is saved. */
        final Set<Long> lose = ConcurrentHashMap.newKeySet();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageRequest) {
                long n = continuationsSent.incrementAndGet();
                if (lose.contains(n)) {
                    throw SdkClientException.create("injected: the invocation crashed before handing on (" + n + ")");
                }
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageBatchRequest request
                    && context.response() instanceof SendMessageBatchResponse response) {
                Map<String, String> bodies = new HashMap<>();
                request.entries().forEach(entry -> {
                    bodies.put(entry.id(), entry.messageBody());
                    runIds.add(entry.messageAttributes().get(PipelineContract.RUN_ID_ATTRIBUTE).stringValue());
                });
                response.successful().forEach(ok -> accepted
                        .computeIfAbsent(bodies.get(ok.id()), k -> new AtomicInteger()).incrementAndGet());
            }
        }

        long total() {
            return accepted.values().stream().mapToLong(AtomicInteger::get).sum();
        }
    }

    /** A deadline after {@code pages} questions: the producer asks before each page of each segment. */
    private static LongSupplier deadlineAfter(int pages) {
        AtomicInteger asked = new AtomicInteger();
        return () -> asked.incrementAndGet() <= pages ? 300_000 : 1_000;
    }

    /** What Lambda did: invocations of the continuation handler, and their outcomes. */
    private record Driven(int invocations, int failedInvocations) {
    }

    /**
     * Lambda's SQS event source, one message per invocation: delete on success; on a reported failure
     * make the message visible again at once (standing in for the visibility timeout running out).
     */
    private static Driven drive(SqsClient sqs, String continuationUrl, ProducerContinuationHandler handler,
                                int pagesPerInvocation) {
        int invocations = 0;
        int failed = 0;
        for (int empty = 0; empty < 3; ) {
            int wait = empty == 0 ? 0 : 1;
            List<Message> messages = sqs.receiveMessage(receive -> receive.queueUrl(continuationUrl)
                    .maxNumberOfMessages(1).waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            if (messages.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            Message message = messages.get(0);
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(record));
            invocations++;
            SQSBatchResponse response = handler.handleRequest(event,
                    new LambdaContext("fang-producer", deadlineAfter(pagesPerInvocation)));
            if (response.getBatchItemFailures().isEmpty()) {
                sqs.deleteMessage(delete -> delete.queueUrl(continuationUrl).receiptHandle(message.receiptHandle()));
            } else {
                assertEquals(message.messageId(), response.getBatchItemFailures().get(0).getItemIdentifier());
                failed++;
                sqs.changeMessageVisibility(change -> change.queueUrl(continuationUrl)
                        .receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            }
        }
        return new Driven(invocations, failed);
    }

    private static long visible(SqsClient sqs, String queueUrl) {
        return Long.parseLong(sqs.getQueueAttributes(get -> get.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static Map<String, Long> summedMetrics(LogCapture log) {
        Map<String, Long> sums = new HashMap<>();
        for (JsonNode line : log.since(0, LogCapture::isMetrics)) {
            LogCapture.emfMetrics(line, MetricsLog.NAMESPACE).forEach((name, value) -> sums.merge(name, value, Long::sum));
        }
        return sums;
    }

    private static ScheduledEvent scheduled() {
        ScheduledEvent event = new ScheduledEvent();
        event.setTime(new DateTime(RUN_TIME.toEpochMilli()));
        return event;
    }

    @Test
    void aLargeTableFansOutAndEveryChainContinuesUntilEachItemIsSentOnce() {
        Setup setup = withLargeTable(setup("fanout", 0));
        // Four chains of four segments; each invocation stops after 12 pages (12,000 items at most).
        ProducerConfig config = setup.config().withScaling(setup.config().scaling().withFanOut(10, largeRun / 4));
        Wire wire = new Wire();
        AwsClients counted = backend.clients(wire);
        Producer producer = producer(counted, config);

        try (LogCapture log = new LogCapture()) {
            ProducerResult start = new ProducerHandler(producer).handleRequest(scheduled(),
                    new LambdaContext("fang-producer", deadlineAfter(12)));
            assertEquals(4, start.continuations(), "one continuation per chain: " + start);
            assertEquals(0, start.sent(), "the scheduled invocation only plans a fanned-out run");

            Driven driven = drive(counted.sqs(), setup.continuationUrl(), new ProducerContinuationHandler(producer), 12);

            assertEquals(0, driven.failedInvocations());
            assertTrue(driven.invocations() >= 8, "each chain needs several invocations: " + driven);
            assertEquals(largeRun, wire.accepted.size(), "every item reached the queue");
            assertEquals(largeRun, wire.total(), "no item was sent twice");
            assertEquals(Set.of(Producer.runIdOf(RUN_TIME)), wire.runIds, "one run id across invocations");
            assertEquals(largeRun, visible(counted.sqs(), setup.workQueueUrl()), "and the queue holds each once");
            assertEquals(0, visible(counted.sqs(), setup.continuationDlqUrl()));
            assertEquals(Map.of("Scanned", (long) largeRun, "Sent", (long) largeRun, "Invalid", 0L, "Failed", 0L),
                    summedMetrics(log), "the run's metrics add up over its invocations");
            assertEquals(4, log.since(0, line -> line.path("message").asText().contains("finished in")).size(),
                    "each chain logs its end once");
        }
    }

    @Test
    void aCrashBeforeHandingOnResumesFromTheLastSavedPositionLosingNothing() {
        Setup setup = withLargeTable(setup("crash", 0));
        Wire wire = new Wire();
        wire.lose.add(2L); // the second invocation's hand-on is lost: it fails, and its message comes back
        AwsClients counted = backend.clients(wire);
        Producer producer = producer(counted, setup.config());
        int pagesPerInvocation = 24; // 24 pages of 1,000 items over four segments

        ProducerResult start = new ProducerHandler(producer).handleRequest(scheduled(),
                new LambdaContext("fang-producer", deadlineAfter(pagesPerInvocation)));
        assertEquals(1, start.continuations(), "a one-chain run works in the scheduled invocation and hands on");
        long savedAfterFirst = start.sent();

        Driven driven = drive(counted.sqs(), setup.continuationUrl(), new ProducerContinuationHandler(producer),
                pagesPerInvocation);

        assertEquals(1, driven.failedInvocations(), "the invocation whose hand-on was lost failed");
        assertEquals(largeRun, wire.accepted.size(), "none lost");
        long duplicates = wire.total() - largeRun;
        assertTrue(duplicates > 0, "the crashed invocations' pages were sent again");
        assertTrue(duplicates <= (long) pagesPerInvocation * PAGE,
                "only the pages after the last saved position, twice at most: " + duplicates);
        assertTrue(savedAfterFirst > 0 && wire.accepted.size() == largeRun, "never from zero: resumed after "
                + savedAfterFirst);
        wire.accepted.forEach((body, count) -> assertTrue(count.get() <= 2, body + " sent " + count));
        assertEquals(Set.of(Producer.runIdOf(RUN_TIME)), wire.runIds);
        assertEquals(0, visible(counted.sqs(), setup.continuationDlqUrl()));
    }

    @Test
    void badContinuationsAreRefusedWithTheirReasonAndDeadLettered() {
        Setup setup = setup("bad-continuation", 10);
        SqsClient sqs = clients.sqs();
        String table = setup.config().tableName();
        String valid = Continuation.start(Producer.runIdOf(RUN_TIME), table, 4, 0,
                List.of(TableScanner.Position.start(0))).toJson();
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("not JSON", "malformed continuation: the body is not JSON");
        bodies.put("[1, 2]", "malformed continuation: the body is not a JSON object");
        bodies.put(valid.replace("\"segment\":0", "\"segment\":4"), "'segment' is not an integer from 0 to 3");
        bodies.put(valid.replace("\"total_segments\":4", "\"total_segments\":\"four\""), "'total_segments' is not");
        bodies.put(valid.replace("\"table\":\"" + table + "\"", "\"table\":\"someone-elses\""),
                "unknown run: run " + Producer.runIdOf(RUN_TIME) + " scans table 'someone-elses'");
        bodies.put(valid.replace(Producer.runIdOf(RUN_TIME), "2026-01-01T00:00:00Z"),
                "unknown run: run 2026-01-01T00:00:00Z started more than 24 h ago");
        bodies.put(valid.replace(Producer.runIdOf(RUN_TIME), "yesterday"), "unknown run: run id 'yesterday'");
        Map<String, String> reasonById = new HashMap<>();
        bodies.forEach((body, reason) -> reasonById.put(
                sqs.sendMessage(send -> send.queueUrl(setup.continuationUrl()).messageBody(body)).messageId(), reason));

        try (LogCapture log = new LogCapture()) {
            Driven driven = drive(sqs, setup.continuationUrl(),
                    new ProducerContinuationHandler(producer(clients, setup.config())), 100);

            assertEquals(bodies.size() * PipelineContract.MAX_RECEIVE_COUNT, driven.invocations(),
                    "each refused at every receive until the queue dead-letters it");
            assertEquals(driven.invocations(), driven.failedInvocations());
            List<String> deadLettered = new ArrayList<>();
            for (List<Message> got; !(got = sqs.receiveMessage(receive -> receive.queueUrl(setup.continuationDlqUrl())
                    .maxNumberOfMessages(10)).messages()).isEmpty(); ) {
                got.forEach(m -> deadLettered.add(m.body()));
            }
            assertEquals(Set.copyOf(bodies.keySet()), Set.copyOf(deadLettered), "every bad continuation dead-lettered");
            reasonById.forEach((id, reason) -> {
                List<JsonNode> lines = log.since(0, line -> line.path("level").asText().equals("ERROR")
                        && line.path("message").asText().contains("Continuation message " + id + " refused")
                        && line.path("message").asText().contains(reason));
                assertEquals(PipelineContract.MAX_RECEIVE_COUNT, lines.size(), "the log names " + id + " and why: " + reason);
            });
            assertEquals(0, visible(sqs, setup.workQueueUrl()), "nothing sent for a refused continuation");
        }
    }

    @Test
    void theFunctionsEntryPointTakesTheScheduleAndTheContinuationQueuesEvents() throws Exception {
        Setup setup = setup("entry-point", 30);
        Wire wire = new Wire();
        AwsClients counted = backend.clients(wire);
        Producer producer = producer(counted, setup.config());
        ProducerFunctionHandler function = new ProducerFunctionHandler(new ProducerHandler(producer),
                new ProducerContinuationHandler(producer));

        // The schedule's event, as EventBridge sends it; the deadline after one page of one segment.
        String schedule = "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"time\":\"" + RUN_TIME + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}";
        JsonNode result = invoke(function, schedule, 1);
        assertEquals(Producer.runIdOf(RUN_TIME), result.path("runId").asText());
        assertEquals(1, result.path("continuations").asInt(), result.toString());

        Message continuation = counted.sqs().receiveMessage(receive -> receive.queueUrl(setup.continuationUrl())
                .messageAttributeNames("All")).messages().get(0);
        assertEquals(Producer.runIdOf(RUN_TIME),
                continuation.messageAttributes().get(PipelineContract.RUN_ID_ATTRIBUTE).stringValue());
        String sqsEvent = "{\"Records\":[{\"messageId\":\"" + continuation.messageId() + "\",\"receiptHandle\":\"r\","
                + "\"body\":" + ItemJson.MAPPER.writeValueAsString(continuation.body()) + ",\"attributes\":"
                + "{\"ApproximateReceiveCount\":\"1\"},\"eventSource\":\"aws:sqs\"}]}";
        JsonNode answer = invoke(function, sqsEvent, 1_000);
        assertEquals(0, answer.path("batchItemFailures").size(), answer.toString());
        assertEquals(30, wire.accepted.size());
        assertEquals(30, wire.total());

        JsonNode refused = invoke(function, "{\"Records\":[{\"messageId\":\"m-1\",\"body\":\"{}\"}]}", 1_000);
        assertEquals("m-1", refused.path("batchItemFailures").get(0).path("itemIdentifier").asText(), refused.toString());
    }

    private static JsonNode invoke(ProducerFunctionHandler function, String event, int pages) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new LambdaContext("fang-producer", deadlineAfter(pages)));
        return ItemJson.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    }
}

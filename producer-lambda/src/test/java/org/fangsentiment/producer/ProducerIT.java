package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.retry.Sleeper;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.testing.FailingBatchEntries;
import org.fangsentiment.testing.SdkCallCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The producer against a real backend: completeness, exactness, sizes, retries and the deadline. */
@ExtendWith(AwsBackendExtension.class)
class ProducerIT {

    private static final Instant RUN_TIME = Instant.parse("2026-11-29T06:00:00Z");
    private static final QueueSender.RetryPolicy FAST_RETRIES =
            new QueueSender.RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));

    private final AwsBackend backend;
    private final AwsClients clients;

    ProducerIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
    }

    private ProducerConfig fresh(String purpose) {
        return backend.freshResources(purpose, Duration.ofSeconds(120)).producerConfig();
    }

    private Producer producer(AwsClients with, ProducerConfig config, Integer pageLimit) {
        return new Producer(with.dynamoDb(), with.sqs(), config, pageLimit, FAST_RETRIES,
                Sleeper.system(), Clock.systemUTC());
    }

    private String queueUrl(ProducerConfig config) {
        return clients.sqs().getQueueUrl(get -> get.queueName(config.queueName())).queueUrl();
    }

    @ParameterizedTest(name = "{0} items")
    @ValueSource(ints = {0, 1, 10, 11, 1_000})
    void everyItemArrivesExactlyOnce(int count) {
        assertEveryItemArrivesOnce(fresh("count" + count), count, null);
    }

    @Test
    void twentyFiveThousandItemsOverManyPages() {
        // Limit 500 forces 50+ scan pages across the 4 segments.
        assertEveryItemArrivesOnce(fresh("large"), 25_000, 500);
    }

    private void assertEveryItemArrivesOnce(ProducerConfig config, int count, Integer pageLimit) {
        List<Map<String, AttributeValue>> items = TableContents.companies(count);
        TableContents.put(clients.dynamoDb(), config.tableName(), items);

        ProducerResult result = producer(clients, config, pageLimit).run(RUN_TIME, () -> Long.MAX_VALUE);

        assertEquals(new ProducerResult("2026-11-29T06:00:00Z", count, count, 0, 0, result.durationMs()), result);
        List<Message> messages = QueueContents.drain(clients.sqs(), queueUrl(config));
        assertEquals(count, messages.size(), "one message per item");
        Set<String> expected = items.stream().map(TableContents::body).collect(Collectors.toSet());
        assertEquals(expected, new HashSet<>(QueueContents.bodies(messages)), "bodies equal the items' name, none twice");
        for (Message message : messages.subList(0, Math.min(5, messages.size()))) {
            assertEquals("2026-11-29T06:00:00Z", message.messageAttributes().get(PipelineContract.RUN_ID_ATTRIBUTE).stringValue());
            assertEquals(config.tableName(), message.messageAttributes().get(PipelineContract.SOURCE_TABLE_ATTRIBUTE).stringValue());
        }
        long left = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = clients.dynamoDb().scan(scan -> scan.tableName(config.tableName()).exclusiveStartKey(from));
            left += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertEquals(count, left, "the table is not modified");
    }

    @Test
    void onlyNameAndTitleAreSentWhateverElseTheItemHolds() throws Exception {
        ProducerConfig config = fresh("types");
        Map<String, AttributeValue> allTypes = new HashMap<>();
        allTypes.put("name", AttributeValue.fromS("Société Générale 🚀 日本"));
        allTypes.put("wikipedia_title", AttributeValue.fromS("Société Générale"));
        allTypes.put("price", AttributeValue.fromN("12345678901234567890.000000000000000001"));
        allTypes.put("listed", AttributeValue.fromBool(true));
        allTypes.put("parent", AttributeValue.fromNul(true));
        allTypes.put("logo", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})));
        allTypes.put("founders", AttributeValue.fromL(List.of(AttributeValue.fromS("A"), AttributeValue.fromN("2"))));
        allTypes.put("hq", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("Paris"))));
        allTypes.put("tickers", AttributeValue.fromSs(List.of("GLE", "SCGLY")));
        allTypes.put("years", AttributeValue.fromNs(List.of("1864", "2026")));
        Map<String, AttributeValue> blank = Map.of("name", AttributeValue.fromS("   "));
        Map<String, AttributeValue> emoji = Map.of("name", AttributeValue.fromS("👩‍💻 Zoë Ltd. \u202Eevil"));
        TableContents.put(clients.dynamoDb(), config.tableName(), List.of(allTypes, blank, emoji));

        ProducerResult result = producer(clients, config, null).run(RUN_TIME, () -> Long.MAX_VALUE);

        assertEquals(3, result.scanned());
        assertEquals(2, result.sent());
        assertEquals(1, result.invalid(), "the blank name is invalid");
        Map<String, JsonNode> byName = new HashMap<>();
        for (Message m : QueueContents.drain(clients.sqs(), queueUrl(config))) {
            JsonNode body = ItemJson.MAPPER.readTree(m.body());
            byName.put(body.get("name").asText(), body);
        }
        assertEquals(Set.of("Société Générale 🚀 日本", "👩‍💻 Zoë Ltd. \u202Eevil"), byName.keySet());
        // Every other type of attribute stays in the table: the consumer reads nothing else, and an
        // unrelated attribute must not make a message too large to send.
        assertEquals(ItemJson.MAPPER.readTree("{\"name\":\"Société Générale 🚀 日本\","
                        + "\"wikipedia_title\":\"Société Générale\"}"),
                byName.get("Société Générale 🚀 日本"));
        assertEquals(ItemJson.MAPPER.readTree("{\"name\":\"👩‍💻 Zoë Ltd. \u202Eevil\"}"),
                byName.get("👩‍💻 Zoë Ltd. \u202Eevil"));
    }

    @Test
    void aThreeHundredKibItemFollowsTheQueuesOwnLimit() {
        ProducerConfig big = fresh("bigqueue");
        ProducerConfig small = fresh("smallqueue");
        clients.sqs().setQueueAttributes(set -> set.queueUrl(queueUrl(big))
                .attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576")));
        clients.sqs().setQueueAttributes(set -> set.queueUrl(queueUrl(small))
                .attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "262144")));
        // Only what is sent counts: a 300 KiB title (an unrelated attribute is not sent at all).
        Map<String, AttributeValue> item = Map.of("name", AttributeValue.fromS("Huge Corp"),
                "wikipedia_title", AttributeValue.fromS("n".repeat(300 * 1024)));
        TableContents.put(clients.dynamoDb(), big.tableName(), List.of(item));
        TableContents.put(clients.dynamoDb(), small.tableName(), List.of(item));

        ProducerResult toSmall = producer(clients, small, null).run(RUN_TIME, () -> Long.MAX_VALUE);
        assertEquals(1, toSmall.invalid(), "over a 256 KiB queue's limit");
        assertEquals(0, toSmall.sent());

        // A queue that does not report MaximumMessageSize (ElasticMQ) is held to 256 KiB; one that does, to its own.
        int bigLimit = QueueSender.maxBytesOf(clients.sqs(), queueUrl(big));
        ProducerResult toBig = producer(clients, big, null).run(RUN_TIME, () -> Long.MAX_VALUE);
        if (bigLimit == QueueSender.SQS_MAX_BYTES) {
            assertEquals(1, toBig.sent());
            List<Message> got = QueueContents.drain(clients.sqs(), queueUrl(big));
            assertEquals(ItemJson.toJsonText(item), got.get(0).body());
        } else {
            assertEquals(QueueSender.DEFAULT_MAX_BYTES, bigLimit, "a queue without the attribute");
            assertEquals(1, toBig.invalid());
        }
    }

    @Test
    void largeMessagesArePackedIntoBatchesWithinTheLimit() {
        ProducerConfig config = fresh("packing");
        clients.sqs().setQueueAttributes(set -> set.queueUrl(queueUrl(config))
                .attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1048576")));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(Map.of("name", AttributeValue.fromS("Wide " + i),
                    "wikipedia_title", AttributeValue.fromS("w".repeat(180 * 1024))));
        }
        TableContents.put(clients.dynamoDb(), config.tableName(), items);
        SdkCallCounter calls = new SdkCallCounter();

        ProducerResult result = producer(backend.clients(calls), config, null).run(RUN_TIME, () -> Long.MAX_VALUE);

        assertEquals(8, result.sent(), "a batch over the limit would have been rejected whole");
        int limit = QueueSender.maxBytesOf(clients.sqs(), queueUrl(config));
        int perBatch = limit / (180 * 1024 + 200);
        assertTrue(calls.count("SendMessageBatch") >= (int) Math.ceil(8.0 / perBatch),
                "batches of at most " + perBatch + " large messages: " + calls.count("SendMessageBatch") + " calls");
        assertEquals(8, QueueContents.drain(clients.sqs(), queueUrl(config)).size());
    }

    @Test
    void partiallyFailedEntriesAreRetriedAndNothingIsLost() {
        ProducerConfig config = fresh("partial");
        List<Map<String, AttributeValue>> items = TableContents.companies(300);
        TableContents.put(clients.dynamoDb(), config.tableName(), items);
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        // Every third message fails on its first attempt, as SQS does under load (SenderFault=false).
        FailingBatchEntries failing = new FailingBatchEntries(entry ->
                Math.floorMod(entry.messageBody().hashCode(), 3) == 0 && failedOnce.add(entry.messageBody()));

        ProducerResult result = producer(backend.clients(failing), config, null).run(RUN_TIME, () -> Long.MAX_VALUE);

        assertTrue(failing.failedEntries() > 50, "failures were injected: " + failing.failedEntries());
        assertEquals(300, result.sent());
        assertEquals(0, result.failed());
        List<Message> messages = QueueContents.drain(clients.sqs(), queueUrl(config));
        assertEquals(items.stream().map(TableContents::body).sorted().toList(), QueueContents.bodies(messages));
    }

    @Test
    void aBatchThatFailsAfterSqsAcceptedItIsSentAgainAndNothingIsLost() {
        ProducerConfig config = fresh("accepted");
        List<Map<String, AttributeValue>> items = TableContents.companies(30);
        TableContents.put(clients.dynamoDb(), config.tableName(), items);
        AtomicLong lostAnswers = new AtomicLong();
        // SQS enqueues the batch, then the answer is lost (a reset connection, a timeout): the SDK
        // reports the call failed as a whole, so the sender cannot know the entries arrived.
        ExecutionInterceptor lostAnswer = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (context.response() instanceof SendMessageBatchResponse && lostAnswers.incrementAndGet() <= 2) {
                    throw SdkClientException.create("injected: the connection was reset after SQS accepted the batch");
                }
            }
        };

        ProducerResult result = producer(backend.clients(lostAnswer), config, null).run(RUN_TIME, () -> Long.MAX_VALUE);

        assertEquals(30, result.sent(), "every item sent, the resent ones counted once");
        assertEquals(0, result.failed());
        assertTrue(result.complete());
        List<Message> messages = QueueContents.drain(clients.sqs(), queueUrl(config));
        assertTrue(messages.size() > 30, "the lost answers' batches arrived twice: " + messages.size() + " messages");
        assertEquals(items.stream().map(TableContents::body).collect(Collectors.toSet()),
                new HashSet<>(QueueContents.bodies(messages)), "every item arrived, none other");
        // A duplicate carries the same body and run id, so the consumer writes the same object key twice.
        assertEquals(Set.of(Producer.runIdOf(RUN_TIME)), messages.stream()
                .map(m -> m.messageAttributes().get(PipelineContract.RUN_ID_ATTRIBUTE).stringValue())
                .collect(Collectors.toSet()));
    }

    @Test
    void aRunWithItemsNeitherSentNorInvalidThrows() {
        ProducerConfig config = fresh("unaccounted");
        TableContents.put(clients.dynamoDb(), config.tableName(), TableContents.companies(12));
        // SQS's answer leaves one accepted entry out of both Successful and Failed: nothing reports
        // it failed, yet the run cannot say it was sent.
        AtomicLong dropped = new AtomicLong();
        ExecutionInterceptor omitting = new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                if (context.response() instanceof SendMessageBatchResponse response && response.hasSuccessful()
                        && !response.successful().isEmpty() && dropped.getAndIncrement() == 0) {
                    return response.toBuilder().successful(response.successful().subList(1, response.successful().size()))
                            .build();
                }
                return context.response();
            }
        };

        ProducerIncompleteException error = assertThrows(ProducerIncompleteException.class,
                () -> producer(backend.clients(omitting), config, null).run(RUN_TIME, () -> Long.MAX_VALUE));

        assertEquals(12, error.result().scanned());
        assertEquals(11, error.result().sent());
        assertEquals(0, error.result().failed());
        assertTrue(error.getMessage().contains("1 item(s) neither sent nor invalid"), error.getMessage());
    }

    @Test
    void aPermanentFailureThrowsAfterEverythingElseIsSent() {
        ProducerConfig config = fresh("permanent");
        List<Map<String, AttributeValue>> items = new ArrayList<>(TableContents.companies(40));
        items.add(Map.of("name", AttributeValue.fromS("Never Sent Inc.")));
        TableContents.put(clients.dynamoDb(), config.tableName(), items);
        FailingBatchEntries failing = new FailingBatchEntries(entry -> entry.messageBody().contains("Never Sent"));

        ProducerIncompleteException error = assertThrows(ProducerIncompleteException.class,
                () -> producer(backend.clients(failing), config, null).run(RUN_TIME, () -> Long.MAX_VALUE));

        assertEquals(1, error.result().failed());
        assertEquals(40, error.result().sent());
        assertEquals(FAST_RETRIES.maxAttempts(), failing.failedEntries(), "tried maxAttempts times");
        List<String> bodies = QueueContents.bodies(QueueContents.drain(clients.sqs(), queueUrl(config)));
        assertEquals(40, bodies.size());
        assertTrue(bodies.stream().noneMatch(b -> b.contains("Never Sent")));
    }

    @Test
    void stopsTakingPagesNearTheDeadlineAndFailsLoudly() {
        ProducerConfig config = fresh("deadline");
        TableContents.put(clients.dynamoDb(), config.tableName(), TableContents.companies(200));
        // 30 s left for the first three checks, then only 5 s: below the reserve.
        AtomicLong checks = new AtomicLong();
        ProducerIncompleteException error = assertThrows(ProducerIncompleteException.class,
                () -> producer(clients, config, 10).run(RUN_TIME, () -> checks.incrementAndGet() <= 3 ? 30_000 : 5_000));

        assertTrue(error.getMessage().contains("deadline"), error.getMessage());
        assertTrue(error.result().scanned() < 200, "stopped early: " + error.result().scanned());
        assertEquals(error.result().scanned(), error.result().sent(), "what was read was sent");
        assertEquals(error.result().sent(), QueueContents.drain(clients.sqs(), queueUrl(config)).size());
    }
}

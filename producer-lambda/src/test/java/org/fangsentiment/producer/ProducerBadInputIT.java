package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.LogCapture;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Hostile input to the producer, one row each: table items it must count {@code invalid} (and
 * name in a WARN line) while sending every other item, and schedule events as the Lambda Java
 * runtime deserialises them ({@code aws-lambda-java-serialization}), so that what reaches
 * {@link ProducerHandler} is what Lambda would hand it. The consumer's half of the suite is
 * {@code ConsumerBadInputIT} in consumer-lambda.
 */
@ExtendWith(AwsBackendExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProducerBadInputIT {

    /** How the runtime's deserialiser names the field it could not read. */
    static final String TIME_FIELD = "ScheduledEvent[\"time\"]";

    private final AwsBackend backend;
    private final AwsClients clients;
    private LogCapture log;

    ProducerBadInputIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
    }

    @BeforeAll
    void start() {
        log = new LogCapture();
    }

    @AfterAll
    void stop() {
        if (log != null) {
            log.close();
        }
    }

    /** A table whose one hostile item must be counted invalid and named, the rest sent. */
    record ItemRow(String input, List<Map<String, AttributeValue>> items, String item, String reason) {
        @Override
        public String toString() {
            return input;
        }
    }

    /** A schedule event; {@code rejectedFor} is what the runtime's error names, null where the handler runs now. */
    record ScheduleRow(String input, String eventJson, String rejectedFor) {
        @Override
        public String toString() {
            return input;
        }
    }

    Stream<ItemRow> items() {
        Map<String, AttributeValue> small = Map.of("name", AttributeValue.fromS("Small Corp"));
        String longName = "L".repeat(1_500);
        return Stream.of(
                new ItemRow("a 300 KiB wikipedia_title", List.of(Map.of("name", AttributeValue.fromS("Big Corp"),
                                "wikipedia_title", AttributeValue.fromS("n".repeat(300 * 1024))), small),
                        "\"Big Corp\"", "its message has 307"),
                new ItemRow("a 1,500-character name (DynamoDB keys allow 2,048 bytes)",
                        List.of(Map.of("name", AttributeValue.fromS(longName)), small),
                        "\"" + "L".repeat(199) + "...(1502 chars)", "'name' is longer than 1000 characters (1500)"),
                new ItemRow("an item whose name holds NUL and a newline",
                        List.of(Map.of("name", AttributeValue.fromS("Acme\u0000Corp\n")), small),
                        "\"Acme\\u0000Corp\\n\"", "'name' contains the control character U+0000 at index 4"),
                new ItemRow("an item whose wikipedia_title is a number", List.of(
                        Map.of("name", AttributeValue.fromS("Title Corp"), "wikipedia_title", AttributeValue.fromN("7")),
                        small), "\"Title Corp\"", "'wikipedia_title' is not a string"));
    }

    Stream<ScheduleRow> schedules() {
        return Stream.of(
                schedule("a schedule event without time", null, null),
                schedule("a schedule event with time \"\"", "", TIME_FIELD),
                schedule("a schedule event with time \"not-a-time\"", "not-a-time", TIME_FIELD),
                schedule("a schedule event with time 2025-02-30T06:00:00Z", "2025-02-30T06:00:00Z", TIME_FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("items")
    void aHostileItemIsCountedInvalidNamedAndTheRestSent(ItemRow row) {
        ProducerConfig config = backend.freshResources("badinput", Duration.ofSeconds(60)).producerConfig();
        row.items().forEach(item -> clients.dynamoDb().putItem(put -> put.tableName(config.tableName()).item(item)));
        ProducerHandler handler = new ProducerHandler(new Producer(clients.dynamoDb(), clients.sqs(), config));
        int mark = log.mark();

        ProducerResult result;
        try {
            result = handler.handleRequest(new ScheduledEvent(), new LambdaContext());
        } catch (ProducerIncompleteException retry) {
            throw new AssertionError("an invalid item must not make the run retry", retry);
        }

        assertEquals(row.items().size(), result.scanned());
        assertEquals(1, result.invalid(), "the hostile item is invalid");
        assertEquals(row.items().size() - 1, result.sent(), "every other item is sent");
        assertEquals(List.of("{\"name\":\"Small Corp\"}"), QueueContents.drain(clients.sqs(),
                clients.sqs().getQueueUrl(get -> get.queueName(config.queueName())).queueUrl()).stream().map(Message::body).toList());
        List<JsonNode> lines = log.since(mark);
        String expected = "Item " + row.item() + " is invalid: ";
        List<JsonNode> named = lines.stream().filter(l -> "WARN".equals(l.path("level").asText())
                && LogCapture.message(l).startsWith(expected)).toList();
        assertEquals(1, named.size(), "one WARN line '" + expected + "...' in " + lines);
        String reason = LogCapture.message(named.get(0)).substring(expected.length());
        assertTrue(reason.startsWith(row.reason()), "reason '" + reason + "'");
        assertTrue(LogCapture.message(named.get(0)).length() < 500, "the item is named, not dumped");
        assertTrue(lines.stream().anyMatch(l -> LogCapture.message(l).startsWith("Producer run finished: runId=")
                && LogCapture.message(l).contains(" invalid=1 ")), "the run's summary counts it");
        for (JsonNode line : lines) {
            assertTrue(line.isObject() && line.has("message") && line.has("level"), line.toString());
        }
    }

    @Test
    void anItemWithA300KibUnrelatedAttributeIsSentWithoutIt() {
        ProducerConfig config = backend.freshResources("unrelated", Duration.ofSeconds(60)).producerConfig();
        clients.dynamoDb().putItem(put -> put.tableName(config.tableName()).item(Map.of(
                "name", AttributeValue.fromS("Big Corp"), "wikipedia_title", AttributeValue.fromS("Big Corp (company)"),
                "notes", AttributeValue.fromS("n".repeat(300 * 1024)))));
        ProducerHandler handler = new ProducerHandler(new Producer(clients.dynamoDb(), clients.sqs(), config));

        ProducerResult result = handler.handleRequest(new ScheduledEvent(), new LambdaContext());

        assertEquals(new ProducerResult(result.runId(), 1, 1, 0, 0, result.durationMs()), result,
                "once counted invalid and never sent: the company got no CSV");
        assertEquals(List.of("{\"name\":\"Big Corp\",\"wikipedia_title\":\"Big Corp (company)\"}"),
                QueueContents.drain(clients.sqs(), clients.sqs().getQueueUrl(get -> get.queueName(config.queueName()))
                        .queueUrl()).stream().map(Message::body).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void aScheduleEventIsRejectedByTheRuntimeOrRunsNow(ScheduleRow row) {
        PojoSerializer<ScheduledEvent> runtime =
                LambdaEventSerializers.serializerFor(ScheduledEvent.class, ScheduledEvent.class.getClassLoader());
        if (row.rejectedFor() != null) {
            // What the Java runtime does before any handler code runs: the event cannot become a
            // ScheduledEvent, the invocation fails ("An error occurred during JSON parsing"), and
            // the asynchronous invocation's retry and on-failure destination take over.
            RuntimeException error = assertThrows(RuntimeException.class, () -> runtime.fromJson(row.eventJson()));
            String all = causes(error);
            assertTrue(all.contains(row.rejectedFor()), "the error names the bad value: " + all);
            return;
        }
        ScheduledEvent event = runtime.fromJson(row.eventJson());
        assertNull(event.getTime(), "what our handler sees of the time");
        assertEquals("aws.events", event.getSource(), "the rest of the event is read");
        ProducerConfig config = backend.freshResources("schedule", Duration.ofSeconds(60)).producerConfig();
        ProducerHandler handler = new ProducerHandler(new Producer(clients.dynamoDb(), clients.sqs(), config));
        int mark = log.mark();
        Instant before = Instant.now().minusMillis(1);

        ProducerResult result = assertDoesNotThrow(() -> handler.handleRequest(event, new LambdaContext()));

        Instant runAt = Instant.parse(result.runId());
        assertFalse(runAt.isBefore(before) || runAt.isAfter(Instant.now()), "runs now: " + result.runId());
        assertTrue(log.since(mark).stream().anyMatch(l -> result.runId().equals(LogCapture.context(l, "run_id"))
                        && LogCapture.message(l).startsWith("Producer run finished: runId=" + result.runId())),
                "the run's line names its run id");
    }

    /** events/schedule.json with {@code time} set to {@code value}, or removed where it is null. */
    private static ScheduleRow schedule(String input, String value, String rejectedFor) {
        try {
            ObjectNode event = (ObjectNode) ItemJson.MAPPER.readTree(Files.readString(ProjectFiles.resolve("events/schedule.json")));
            if (value == null) {
                event.remove("time");
            } else {
                event.put("time", value);
            }
            return new ScheduleRow(input, event.toString(), rejectedFor);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String causes(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}

package org.fangsentiment.deployment;

import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.testing.ProjectFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The files in {@code events/} drive {@code sam local invoke} and the handler tests: they must load
 * with aws-lambda-java-tests' EventLoader, carry the producer's real message format and agree with
 * the table's sample items.
 */
class EventFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scheduleIsAnEventBridgeScheduledEvent() {
        ScheduledEvent event = EventLoader.loadScheduledEvent(ProjectFiles.event("schedule.json"));
        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals("aws.events", event.getSource());
        assertEquals("0", event.getVersion());
        assertNotNull(event.getId());
        assertNotNull(event.getTime(), "time");
        assertNotNull(event.getRegion(), "region");
        assertEquals(1, event.getResources().size());
        assertTrue(event.getResources().get(0).contains(":rule/"), event.getResources().toString());
        assertTrue(event.getDetail() == null || event.getDetail().isEmpty(), "a scheduled event's detail is {}");
    }

    @Test
    void sqsFangCarriesTheFiveCompaniesInTheProducersMessageFormat() throws IOException {
        SQSEvent event = EventLoader.loadSQSEvent(ProjectFiles.event("sqs-fang.json"));
        List<Map<String, String>> items = fangItems();
        List<Map<String, String>> bodies = new ArrayList<>();
        Set<String> runIds = new HashSet<>();
        for (SQSMessage m : event.getRecords()) {
            assertRealisticRecord(m);
            bodies.add(JSON.readValue(m.getBody(), new TypeReference<Map<String, String>>() { }));
            Map<String, MessageAttribute> attrs = m.getMessageAttributes();
            assertEquals(Set.of(PipelineContract.RUN_ID_ATTRIBUTE, PipelineContract.SOURCE_TABLE_ATTRIBUTE), attrs.keySet());
            MessageAttribute runId = attrs.get(PipelineContract.RUN_ID_ATTRIBUTE);
            assertEquals("String", runId.getDataType());
            assertTrue(runId.getStringValue().endsWith("Z"), "run_id is a UTC instant: " + runId.getStringValue());
            Instant.parse(runId.getStringValue());
            runIds.add(runId.getStringValue());
            MessageAttribute table = attrs.get(PipelineContract.SOURCE_TABLE_ATTRIBUTE);
            assertEquals("String", table.getDataType());
            assertEquals(PipelineContract.DEFAULT_TABLE_NAME, table.getStringValue());
        }
        assertEquals(items, bodies, "sqs-fang.json bodies are fang-items.json's items, in order");
        assertEquals(1, runIds.size(), "one producer run");
        assertEquals(List.of("Facebook", "Amazon", "Apple", "Netflix", "Google"),
                items.stream().map(i -> i.get(PipelineContract.KEY_ATTRIBUTE)).toList());
    }

    @Test
    void sqsSeedFormatHasNameOnlyBodies() throws IOException {
        SQSEvent event = EventLoader.loadSQSEvent(ProjectFiles.event("sqs-seed-format.json"));
        List<String> names = new ArrayList<>();
        for (SQSMessage m : event.getRecords()) {
            assertRealisticRecord(m);
            JsonNode body = JSON.readTree(m.getBody());
            assertTrue(body.isObject(), m.getBody());
            assertEquals(List.of(PipelineContract.KEY_ATTRIBUTE), iterableToList(body.fieldNames()));
            names.add(body.get(PipelineContract.KEY_ATTRIBUTE).asText());
        }
        assertEquals(fangItems().stream().map(i -> i.get(PipelineContract.KEY_ATTRIBUTE)).toList(), names);
    }

    enum Poison { NOT_JSON, NOT_AN_OBJECT, NO_NAME, BLANK_NAME }

    @Test
    void sqsPoisonHoldsOneRecordOfEachKindOfBadBody() {
        SQSEvent event = EventLoader.loadSQSEvent(ProjectFiles.event("sqs-poison.json"));
        Set<Poison> kinds = EnumSet.noneOf(Poison.class);
        for (SQSMessage m : event.getRecords()) {
            assertRealisticRecord(m);
            kinds.add(poisonKind(m.getBody()));
        }
        assertEquals(EnumSet.allOf(Poison.class), kinds);
        assertEquals(Poison.values().length, event.getRecords().size());
    }

    @Test
    void batchWriteFileHoldsTheSameItemsAsFangItems() throws IOException {
        JsonNode request = JSON.readTree(ProjectFiles.resolve("events/fang-items.batch-write.json").toFile());
        assertEquals(List.of(PipelineContract.DEFAULT_TABLE_NAME), iterableToList(request.fieldNames()),
                "batch-write-item request items name the default table");
        JsonNode puts = request.get(PipelineContract.DEFAULT_TABLE_NAME);
        assertTrue(puts.size() <= 25, "BatchWriteItem takes at most 25 requests");
        List<Map<String, String>> items = new ArrayList<>();
        for (JsonNode put : puts) {
            assertEquals(List.of("PutRequest"), iterableToList(put.fieldNames()));
            Map<String, String> item = new LinkedHashMap<>();
            JsonNode attributes = put.get("PutRequest").get("Item");
            for (String attribute : iterableToList(attributes.fieldNames())) {
                JsonNode value = attributes.get(attribute);
                assertEquals(List.of("S"), iterableToList(value.fieldNames()), attribute + " is a string");
                item.put(attribute, value.get("S").asText());
            }
            items.add(item);
        }
        assertEquals(fangItems(), items);
        for (Map<String, String> item : items) {
            assertFalse(item.getOrDefault(PipelineContract.KEY_ATTRIBUTE, "").isBlank(), "key attribute in " + item);
            assertFalse(item.getOrDefault(PipelineContract.WIKIPEDIA_TITLE_ATTRIBUTE, "").isBlank(),
                    "every FANG name is ambiguous enough to name its article: " + item);
        }
    }

    private static List<Map<String, String>> fangItems() throws IOException {
        Path file = ProjectFiles.resolve("events/fang-items.json");
        return JSON.readValue(file.toFile(), new TypeReference<List<Map<String, String>>>() { });
    }

    private static void assertRealisticRecord(SQSMessage m) {
        assertFalse(m.getMessageId() == null || m.getMessageId().isBlank(), "messageId");
        assertFalse(m.getReceiptHandle() == null || m.getReceiptHandle().isBlank(), "receiptHandle");
        assertEquals("aws:sqs", m.getEventSource());
        assertTrue(m.getEventSourceArn().startsWith("arn:aws:sqs:"), m.getEventSourceArn());
        assertTrue(m.getEventSourceArn().endsWith(":" + PipelineContract.DEFAULT_QUEUE_NAME), m.getEventSourceArn());
        assertNotNull(m.getAwsRegion(), "awsRegion");
        Long.parseLong(m.getAttributes().get("SentTimestamp"));
        assertTrue(Integer.parseInt(m.getAttributes().get("ApproximateReceiveCount")) >= 1);
        assertEquals(md5(m.getBody()), m.getMd5OfBody(), "md5OfBody of " + m.getMessageId());
    }

    private static Poison poisonKind(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Poison.NOT_JSON;
        }
        if (node == null || !node.isObject()) {
            return Poison.NOT_AN_OBJECT;
        }
        JsonNode name = node.get(PipelineContract.KEY_ATTRIBUTE);
        if (name == null) {
            return Poison.NO_NAME;
        }
        assertTrue(name.asText().isBlank(), "not poison: " + body);
        return Poison.BLANK_NAME;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> List<T> iterableToList(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}

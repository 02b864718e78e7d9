package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runner reads event files with Lambda's own serializers: every field the files hold arrives,
 * under Lambda's names, and a file that cannot be read gives one line naming the file.
 */
class EventFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"events/sqs-fang.json", "events/sqs-poison.json", "events/sqs-seed-format.json"})
    void sqsEventsHoldWhatTheFilesHold(String file) throws IOException {
        Path path = ProjectFiles.resolve(file);
        JsonNode records = JsonMapper.builder().build().readTree(path.toFile()).get("Records");

        SQSEvent event = EventFiles.sqsEvent(path);

        assertEquals(records.size(), event.getRecords().size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode expected = records.get(i);
            SQSEvent.SQSMessage message = event.getRecords().get(i);
            assertEquals(expected.get("messageId").asText(), message.getMessageId());
            assertEquals(expected.get("receiptHandle").asText(), message.getReceiptHandle());
            assertEquals(expected.get("body").asText(), message.getBody());
            assertEquals(expected.get("eventSourceARN").asText(), message.getEventSourceArn(), "Lambda's casing");
            assertEquals(expected.get("awsRegion").asText(), message.getAwsRegion());
            assertEquals(expected.get("attributes").get("ApproximateReceiveCount").asText(),
                    message.getAttributes().get("ApproximateReceiveCount"));
            List<String> names = new ArrayList<>();
            expected.path("messageAttributes").fieldNames().forEachRemaining(names::add);
            assertEquals(names.size(), message.getMessageAttributes().size());
            for (String name : names) {
                JsonNode attribute = expected.get("messageAttributes").get(name);
                assertEquals(attribute.get("stringValue").asText(), message.getMessageAttributes().get(name).getStringValue());
                assertEquals(attribute.get("dataType").asText(), message.getMessageAttributes().get(name).getDataType());
            }
        }
    }

    @Test
    void binaryAttributesAreDecodedFromBase64() throws IOException {
        Path file = write("binary.json", """
                {"Records": [{"messageId": "m1", "body": "{}", "messageAttributes": {
                  "blob": {"binaryValue": "AAEC/w==", "dataType": "Binary"}}}]}""");

        ByteBuffer value = EventFiles.sqsEvent(file).getRecords().get(0).getMessageAttributes().get("blob").getBinaryValue();

        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, bytes);
    }

    @Test
    void theScheduleEventHoldsWhatTheFileHolds() {
        ScheduledEvent event = EventFiles.scheduledEvent(ProjectFiles.resolve("events/schedule.json"));

        assertEquals(1736920800000L, event.getTime().getMillis(), "2025-01-15T06:00:00Z, through joda-time");
        assertEquals("7bf73129-1428-4cd3-a780-95db273d1602", event.getId());
        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals("aws.events", event.getSource());
        assertEquals(1, event.getResources().size());
        assertTrue(event.getResources().get(0).startsWith("arn:aws:events:"), event.getResources().toString());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("no-such-event.json");

        assertOneLineError("Event file " + missing + " does not exist", missing, EventFiles::sqsEvent);
        assertOneLineError("Event file " + missing + " does not exist", missing, EventFiles::scheduledEvent);
    }

    @Test
    void malformedJsonIsNamedWithItsLineAndColumn() throws IOException {
        Path file = write("truncated.json", "{\n  \"Records\": [\n");

        String message = assertOneLineError("Event file " + file + ", line ", file, EventFiles::sqsEvent);
        assertTrue(message.contains("column"), message);
        assertOneLineError("Event file " + file + ", line ", file, EventFiles::scheduledEvent);
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() throws IOException {
        Path array = write("array.json", "[1, 2]");
        Path empty = write("empty.json", "");

        assertOneLineError("Event file " + array + " must hold a JSON object", array, EventFiles::sqsEvent);
        assertOneLineError("Event file " + empty + " must hold a JSON object", empty, EventFiles::scheduledEvent);
    }

    @Test
    void anSqsEventNeedsRecords() throws IOException {
        Path file = write("schedule-as-sqs.json", "{\"id\": \"x\", \"detail-type\": \"Scheduled Event\"}");

        assertOneLineError("Event file " + file + " is not an SQS event: it has no \"Records\" array", file,
                EventFiles::sqsEvent);
    }

    @Test
    void aFieldOfTheWrongShapeIsNamedByItsPath() throws IOException {
        Path file = write("object-body.json", "{\"Records\": [{\"messageId\": \"m1\", \"body\": {\"name\": \"Apple\"}}]}");

        assertOneLineError("Event file " + file + " is not an SQS event at Records[0].body: ", file, EventFiles::sqsEvent);
    }

    @Test
    void aScheduleTimeThatIsNotADateIsNamed() throws IOException {
        Path file = write("bad-time.json", "{\"id\": \"x\", \"time\": \"yesterday\"}");

        String message = assertOneLineError("Event file " + file + " is not a schedule event at time: ", file,
                EventFiles::scheduledEvent);
        assertTrue(message.contains("yesterday"), message);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** Asserts that reading fails with a one-line message starting with {@code start}; returns the message. */
    private static String assertOneLineError(String start, Path file, Function<Path, ?> reader) {
        RunnerException e = assertThrows(RunnerException.class, () -> reader.apply(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(start), message);
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
        return message;
    }
}

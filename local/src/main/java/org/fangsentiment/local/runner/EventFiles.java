package org.fangsentiment.local.runner;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;

/**
 * Reads Lambda event files (the {@code events/} directory) into the event classes the handlers take,
 * with the field names Lambda's own serializer uses: {@code Records}, {@code messageId},
 * {@code receiptHandle}, {@code body}, {@code attributes}, {@code messageAttributes}
 * ({@code stringValue}, {@code binaryValue}, {@code dataType}, ...), {@code eventSourceARN}; for a
 * scheduled event {@code id}, {@code detail-type}, {@code source}, {@code account}, {@code time}
 * (ISO-8601), {@code region}, {@code resources}, {@code detail}.
 */
final class EventFiles {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private EventFiles() {
    }

    static JsonNode readTree(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new RunnerException("Event file " + file + " must hold a JSON object");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new RunnerException("Event file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new RunnerException("Event file " + file + (at == null ? "" : ", line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RunnerException("Event file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static SQSEvent sqsEvent(Path file) {
        JsonNode root = readTree(file);
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray()) {
            throw new RunnerException("Event file " + file + " is not an SQS event: it has no \"Records\" array");
        }
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (JsonNode record : records) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(text(record, "messageId"));
            message.setReceiptHandle(text(record, "receiptHandle"));
            message.setBody(text(record, "body"));
            message.setMd5OfBody(text(record, "md5OfBody"));
            message.setMd5OfMessageAttributes(text(record, "md5OfMessageAttributes"));
            message.setEventSource(text(record, "eventSource"));
            message.setEventSourceArn(text(record, "eventSourceARN"));
            message.setAwsRegion(text(record, "awsRegion"));
            Map<String, String> attributes = new LinkedHashMap<>();
            record.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
            message.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
            record.path("messageAttributes").properties().forEach(e -> messageAttributes.put(e.getKey(), attribute(e.getValue())));
            message.setMessageAttributes(messageAttributes);
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private static SQSEvent.MessageAttribute attribute(JsonNode node) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setStringValue(text(node, "stringValue"));
        attribute.setDataType(text(node, "dataType"));
        String binary = text(node, "binaryValue");
        if (binary != null) {
            attribute.setBinaryValue(ByteBuffer.wrap(Base64.getDecoder().decode(binary)));
        }
        List<String> strings = new ArrayList<>();
        node.path("stringListValues").forEach(value -> strings.add(value.asText()));
        attribute.setStringListValues(strings);
        List<ByteBuffer> binaries = new ArrayList<>();
        node.path("binaryListValues").forEach(value -> binaries.add(ByteBuffer.wrap(Base64.getDecoder().decode(value.asText()))));
        attribute.setBinaryListValues(binaries);
        return attribute;
    }

    static ScheduledEvent scheduledEvent(Path file) {
        JsonNode root = readTree(file);
        ScheduledEvent event = new ScheduledEvent();
        event.setVersion(text(root, "version"));
        event.setId(text(root, "id"));
        event.setDetailType(text(root, "detail-type"));
        event.setSource(text(root, "source"));
        event.setAccount(text(root, "account"));
        event.setRegion(text(root, "region"));
        String time = text(root, "time");
        if (time != null) {
            try {
                event.setTime(new DateTime(Instant.parse(time).toEpochMilli(), DateTimeZone.UTC));
            } catch (DateTimeParseException e) {
                throw new RunnerException("Event file " + file + ": \"time\" is not an ISO-8601 instant: " + time);
            }
        }
        List<String> resources = new ArrayList<>();
        root.path("resources").forEach(resource -> resources.add(resource.asText()));
        event.setResources(resources);
        Map<String, Object> detail = new LinkedHashMap<>();
        if (root.path("detail").isObject()) {
            detail.putAll(JSON.convertValue(root.get("detail"), JSON.getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, Object.class)));
        }
        event.setDetail(detail);
        return event;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

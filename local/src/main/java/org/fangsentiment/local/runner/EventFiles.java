package org.fangsentiment.local.runner;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Lambda event files (the {@code events/} directory) into the event classes the handlers take,
 * with the serializers of the Lambda Java runtime ({@code aws-lambda-java-serialization}), which
 * aws-lambda-java-tests' {@code EventLoader} uses too: a file reads here as Lambda would deliver it.
 *
 * <p>What this class adds is errors a user can act on, in one line naming the file: a missing or
 * unreadable file, JSON that does not parse (with line and column) or is not an object, and a field
 * that does not fit the event class (with its path, e.g. {@code Records[0].body}).
 */
final class EventFiles {

    // Only checks the file before the Lambda serializer reads it, whose own errors are multi-line
    // and come from a shaded Jackson this code cannot catch by type.
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern CHAIN = Pattern.compile("\\(through reference chain: (.*)\\)\\s*$", Pattern.DOTALL);
    private static final Pattern STEP = Pattern.compile("\\[(?:\"(.*)\"|(\\d+))]$");

    private EventFiles() {
    }

    /** An SQS event, as the consumer's handler receives it; the file must hold a {@code Records} array. */
    static SQSEvent sqsEvent(Path file) {
        SQSEvent event = read(file, SQSEvent.class, "an SQS event");
        if (event.getRecords() == null) {
            throw new RunnerException("Event file " + file + " is not an SQS event: it has no \"Records\" array");
        }
        return event;
    }

    /** A scheduled (EventBridge) event, as the producer's handler receives it. */
    static ScheduledEvent scheduledEvent(Path file) {
        return read(file, ScheduledEvent.class, "a schedule event");
    }

    private static <T> T read(Path file, Class<T> type, String description) {
        String json = objectText(file);
        try {
            return LambdaEventSerializers.serializerFor(type, EventFiles.class.getClassLoader()).fromJson(json);
        } catch (RuntimeException e) {
            String at = path(e);
            throw new RunnerException("Event file " + file + " is not " + description
                    + (at.isEmpty() ? "" : " at " + at) + ": " + detail(e), e);
        }
    }

    /** The file's text, once it is known to hold one JSON object. */
    private static String objectText(Path file) {
        try {
            String text = Files.readString(file);
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new RunnerException("Event file " + file + " must hold a JSON object");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new RunnerException("Event file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new RunnerException("Event file " + file + (at == null ? "" : ", line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new RunnerException("Event file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The field a mapping error is about, e.g. {@code Records[0].messageAttributes.a.binaryValue},
     * from Jackson's "reference chain"; empty when the message has none.
     */
    private static String path(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            Matcher chain = CHAIN.matcher(String.valueOf(t.getMessage()));
            if (chain.find()) {
                StringBuilder path = new StringBuilder();
                for (String step : chain.group(1).split("->")) {
                    Matcher m = STEP.matcher(step);
                    if (m.find()) {
                        path.append(m.group(1) != null ? (path.isEmpty() ? "" : ".") + m.group(1) : "[" + m.group(2) + "]");
                    }
                }
                return path.toString();
            }
        }
        return "";
    }

    /** The first line of the innermost message: the reason, without the wrappers' repetitions. */
    private static String detail(Throwable error) {
        String message = error.getMessage();
        for (Throwable t = error.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return firstLine(String.valueOf(message));
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}

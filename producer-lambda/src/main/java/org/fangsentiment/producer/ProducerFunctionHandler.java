package org.fangsentiment.producer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fangsentiment.item.ItemJson;
import org.joda.time.DateTime;

/**
 * The producer function's Lambda entry point. One function takes both of the producer's events, so
 * that every invocation of a run publishes its metrics under the one function name the alarm and the
 * dashboard watch: an SQS event (it has {@code Records}) comes from the continuation queue and goes
 * to {@link ProducerContinuationHandler}; anything else is the schedule's event (or a test's
 * {@code {}}) and goes to {@link ProducerHandler}. Only the fields those handlers read are taken
 * from the JSON: the schedule's {@code time}, and each record's id, body and receive count.
 */
public final class ProducerFunctionHandler implements RequestStreamHandler {

    private final ProducerHandler scheduled;
    private final ProducerContinuationHandler continued;

    /** Used by Lambda. */
    public ProducerFunctionHandler() {
        this(new ProducerHandler(), new ProducerContinuationHandler());
    }

    public ProducerFunctionHandler(ProducerHandler scheduled, ProducerContinuationHandler continued) {
        this.scheduled = scheduled;
        this.continued = continued;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = ItemJson.MAPPER.readTree(input);
        Object response;
        if (event != null && event.has("Records")) {
            response = continued.handleRequest(sqsEvent(event.get("Records")), context);
        } else {
            response = scheduled.handleRequest(scheduledEvent(event), context);
        }
        ItemJson.MAPPER.writeValue(output, response);
    }

    private static ScheduledEvent scheduledEvent(JsonNode event) {
        ScheduledEvent scheduledEvent = new ScheduledEvent();
        JsonNode time = event == null ? null : event.get("time");
        if (time != null && time.isTextual()) {
            try {
                scheduledEvent.setTime(new DateTime(Instant.parse(time.asText()).toEpochMilli()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("the event's time is not an ISO-8601 instant", e);
            }
        }
        return scheduledEvent;
    }

    private static SQSEvent sqsEvent(JsonNode records) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        if (records.isArray()) {
            for (JsonNode record : records) {
                SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                message.setMessageId(record.path("messageId").asText(null));
                message.setReceiptHandle(record.path("receiptHandle").asText(null));
                message.setBody(record.path("body").isTextual() ? record.get("body").asText() : null);
                String receives = record.path("attributes").path("ApproximateReceiveCount").asText(null);
                message.setAttributes(receives == null ? Map.of() : Map.of("ApproximateReceiveCount", receives));
                messages.add(message);
            }
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }
}

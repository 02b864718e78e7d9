package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

class QueueSenderLimitTest {

    @Test
    void limitIsTheQueuesOwnCappedAtOneMebibyte() {
        assertEquals(262_144, QueueSender.limitFrom(null), "a queue that reports nothing gets the old limit");
        assertEquals(262_144, QueueSender.limitFrom(" "));
        assertEquals(1_048_576, QueueSender.limitFrom("1048576"));
        assertEquals(2_048, QueueSender.limitFrom("2048"));
        assertEquals(1_048_576, QueueSender.limitFrom("2097152"), "never above SQS's own limit");
    }

    @Test
    void messageSizeCountsBodyAndEveryAttributePart() {
        var message = new QueueSender.Message("k", "{\"name\":\"Zoë\"}", Map.of(
                "run_id", MessageAttributeValue.builder().dataType("String").stringValue("2026-11-29T00:00:00Z").build()));
        int body = "{\"name\":\"Zoë\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals(body + "run_id".length() + "String".length() + "2026-11-29T00:00:00Z".length(), message.size());
    }
}

package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fangsentiment.item.ItemJson;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The producer's per-item shortcuts give exactly what the general paths give. */
class MessageEncodingTest {

    @Test
    void utf8LengthIsTheEncodedLength() {
        for (String text : List.of("", "Acme", "Zoë", "東京", "€uro", "emoji \uD83D\uDE00 pair", "lone \uD800 high",
                "lone \uDC00 low", "end \uD83D", "x".repeat(1000) + "é")) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, QueueSender.utf8Length(text), text);
        }
    }

    @Test
    void sizeWithAttributesSizeKnownEqualsTheFullCount() {
        Map<String, MessageAttributeValue> attributes = Map.of(
                "run_id", MessageAttributeValue.builder().dataType("String").stringValue("2026-12-04T18:00:00Z").build(),
                "source_table", MessageAttributeValue.builder().dataType("String").stringValue("tablé").build());
        String body = "{\"name\":\"Zoë \uD83D\uDE00\"}";
        assertEquals(new QueueSender.Message("k", body, attributes).size(),
                QueueSender.Message.withAttributesSize("k", body, attributes, QueueSender.Message.sizeOf(attributes)).size());
    }

    @Test
    void plainNamesAreQuotedAsJacksonQuotesThem() {
        for (String name : List.of("Acme", "Company 12 (business)", "a/b's <c> & d", "~!@#$%^*")) {
            AttributeValue value = AttributeValue.fromS(name);
            assertEquals(ItemJson.toJson(value).toString(), Producer.plainQuoted(value), name);
        }
    }

    @Test
    void namesThatNeedEscapingOrAreNotStringsTakeTheGeneralPath() {
        for (String name : List.of("say \"hi\"", "back\\slash", "tab\there", "Zoë", "x".repeat(201))) {
            assertNull(Producer.plainQuoted(AttributeValue.fromS(name)), name);
        }
        assertNull(Producer.plainQuoted(AttributeValue.fromN("12")));
    }
}

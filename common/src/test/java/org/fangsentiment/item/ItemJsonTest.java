package org.fangsentiment.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemJsonTest {

    @Test
    void everyDynamoDbTypeBecomesItsNaturalJson() {
        Map<String, AttributeValue> item = Map.of(
                "name", AttributeValue.fromS("Zoë 🚀"),
                "big", AttributeValue.fromN("123456789012345678901234567890.123456789"),
                "small", AttributeValue.fromN("-0.000000000000000000001"),
                "ok", AttributeValue.fromBool(true),
                "nothing", AttributeValue.fromNul(true),
                "bytes", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                "list", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))),
                "map", AttributeValue.fromM(Map.of("b", AttributeValue.fromS("x"), "a", AttributeValue.fromBool(false))),
                "strings", AttributeValue.fromSs(List.of("z", "a")),
                "numbers", AttributeValue.fromNs(List.of("10", "2.5")));
        assertEquals("{\"big\":123456789012345678901234567890.123456789,\"bytes\":\"aGk=\",\"list\":[\"a\",1],"
                        + "\"map\":{\"a\":false,\"b\":\"x\"},\"name\":\"Zoë 🚀\",\"nothing\":null,"
                        + "\"numbers\":[2.5,10],\"ok\":true,\"small\":-1E-21,\"strings\":[\"a\",\"z\"]}",
                ItemJson.toJsonText(item));
    }

    @Test
    void jsonBackToAnItemKeepsNumbersExact() throws Exception {
        var json = ItemJson.MAPPER.readTree("{\"name\":\"Apple\",\"n\":0.1000000000000000055511151231257827}");
        Map<String, AttributeValue> item = ItemJson.toItem(json);
        assertEquals("0.1000000000000000055511151231257827", item.get("n").n());
        assertEquals("Apple", item.get("name").s());
    }

    @Test
    void companyItemExplainsWhatIsWrong() throws Exception {
        assertEquals(new CompanyItem("Apple", Optional.of("Apple Inc.")),
                CompanyItem.fromJson(ItemJson.MAPPER.readTree("{\"name\":\"Apple\",\"wikipedia_title\":\"Apple Inc.\"}")));
        assertEquals(Optional.empty(),
                CompanyItem.fromJson(ItemJson.MAPPER.readTree("{\"name\":\"Apple\",\"wikipedia_title\":\"  \"}")).wikipediaTitle());
        assertReason("{}", "missing");
        assertReason("{\"name\":\"   \"}", "blank");
        assertReason("{\"name\":\"\\u00a0\\u200b\\u3000\\u200f\"}", "blank");
        assertReason("{\"name\":\"Acme\\u0000Corp\"}", "control character U+0000 at index 4");
        assertReason("{\"name\":\"Evil\\r\\nCorp\"}", "control character U+000D at index 4");
        assertReason("{\"name\":42}", "not a string but number");
        assertReason("[1,2]", "not a JSON object but array");
        assertReason("\"Apple\"", "not a JSON object but string");
        assertReason("{\"name\":\"" + "x".repeat(1001) + "\"}", "longer than 1000");
        assertReason("{\"name\":\"Apple\",\"wikipedia_title\":7}", "wikipedia_title");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThrows(Exception.class, () -> ItemJson.MAPPER.readTree("{\"name\":\"a\",\"name\":\"b\"}"));
    }

    private static void assertReason(String json, String expected) throws Exception {
        var error = assertThrows(CompanyItem.InvalidItemException.class,
                () -> CompanyItem.fromJson(ItemJson.MAPPER.readTree(json)));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}

package org.fangsentiment.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lossless conversion between DynamoDB items and plain JSON, the message body format.
 *
 * <p>Strings, booleans and nulls map to themselves; numbers are written from DynamoDB's decimal
 * text through {@link BigDecimal}, never through a {@code double}, so every digit survives; lists
 * and maps nest; string and number sets become arrays; binary values and binary sets become base64
 * strings (JSON has no bytes). Map keys are written in sorted order so the same item always gives
 * the same body. Going back ({@link #toItem}) maps JSON arrays to lists (a JSON array cannot say it
 * was a set).
 */
public final class ItemJson {

    /** Parses numbers exactly (BigDecimal) and refuses duplicate keys, for untrusted bodies. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ItemJson() {
    }

    /** The item as a JSON object. */
    public static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode object = NODES.objectNode();
        new TreeMap<>(item).forEach((name, value) -> object.set(name, toJson(value)));
        return object;
    }

    /** The item as compact JSON text. */
    public static String toJsonText(Map<String, AttributeValue> item) {
        try {
            return MAPPER.writeValueAsString(toJson(item));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An item could not be written as JSON", e);
        }
    }

    /** One attribute value as JSON. */
    public static JsonNode toJson(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> NODES.numberNode(new BigDecimal(value.n()));
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case B -> NODES.textNode(base64(value.b()));
            case L -> {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(element -> array.add(toJson(element)));
                yield array;
            }
            case M -> toJson(value.m());
            case SS -> {
                ArrayNode array = NODES.arrayNode();
                value.ss().stream().sorted().forEach(array::add);
                yield array;
            }
            case NS -> {
                ArrayNode array = NODES.arrayNode();
                value.ns().stream().map(BigDecimal::new).sorted().forEach(array::add);
                yield array;
            }
            case BS -> {
                ArrayNode array = NODES.arrayNode();
                value.bs().stream().map(ItemJson::base64).sorted().forEach(array::add);
                yield array;
            }
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("Unknown DynamoDB attribute type");
        };
    }

    /** A JSON object as a DynamoDB item (for seeding tables from JSON files). */
    public static Map<String, AttributeValue> toItem(JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("A table item must be a JSON object, got " + object.getNodeType());
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> item.put(field.getKey(), toAttribute(field.getValue())));
        return item;
    }

    private static AttributeValue toAttribute(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> AttributeValue.fromS(node.asText());
            case NUMBER -> AttributeValue.fromN(node.decimalValue().toString());
            case BOOLEAN -> AttributeValue.fromBool(node.asBoolean());
            case NULL -> AttributeValue.fromNul(true);
            case ARRAY -> {
                List<AttributeValue> list = new ArrayList<>();
                node.forEach(element -> list.add(toAttribute(element)));
                yield AttributeValue.fromL(list);
            }
            case OBJECT -> AttributeValue.fromM(toItem(node));
            default -> throw new IllegalArgumentException("Unsupported JSON value: " + node.getNodeType());
        };
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}

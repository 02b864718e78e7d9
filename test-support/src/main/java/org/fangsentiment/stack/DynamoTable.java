package org.fangsentiment.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One table of {@link DynamoDbServer}: items in memory, ordered the way a parallel scan divides them.
 *
 * <p>Like DynamoDB, a scan segment is a contiguous range of a hash of the partition key, so the
 * segments of one {@code TotalSegments} split the items between them without overlap, and a page
 * resumes after its {@code LastEvaluatedKey}. Items are stored as their wire JSON (AttributeValue maps).
 */
final class DynamoTable {

    /** DynamoDB's item size limit (400 KB). */
    static final int MAX_ITEM_BYTES = 400 * 1024;
    /** A scan page stops after about this much item data, as DynamoDB's does. */
    static final int MAX_PAGE_BYTES = 1024 * 1024;
    private static final long HASH_SPACE = 1L << 31;

    /** The result of one scan call: the items and, when more remain, the key to resume after. */
    record Page(List<ObjectNode> items, int scanned, Optional<ObjectNode> lastEvaluatedKey) {
    }

    private final String name;
    private final ObjectNode definition;
    private final List<String> keyNames;
    private final Map<String, String> keyTypes;
    private final Instant created = Instant.now();
    private final NavigableMap<String, ObjectNode> items = new ConcurrentSkipListMap<>();
    private final AtomicLong bytes = new AtomicLong();

    DynamoTable(String name, ObjectNode definition, List<String> keyNames, Map<String, String> keyTypes) {
        this.name = name;
        this.definition = definition;
        this.keyNames = List.copyOf(keyNames);
        this.keyTypes = Map.copyOf(keyTypes);
    }

    String name() {
        return name;
    }

    ObjectNode definition() {
        return definition;
    }

    Instant created() {
        return created;
    }

    int itemCount() {
        return items.size();
    }

    long sizeBytes() {
        return bytes.get();
    }

    void put(ObjectNode item) {
        int size = itemSize(item);
        if (size > MAX_ITEM_BYTES) {
            throw DynamoDbServer.validation("Item size has exceeded the maximum allowed size");
        }
        ObjectNode previous = items.put(storageKey(item), item.deepCopy());
        bytes.addAndGet(size - (previous == null ? 0 : itemSize(previous)));
    }

    Optional<ObjectNode> get(JsonNode key) {
        return Optional.ofNullable(items.get(storageKey(key))).map(ObjectNode::deepCopy);
    }

    void delete(JsonNode key) {
        ObjectNode previous = items.remove(storageKey(key));
        if (previous != null) {
            bytes.addAndGet(-itemSize(previous));
        }
    }

    /** One page of a (possibly segmented) scan. */
    Page scan(int segment, int totalSegments, Integer limit, JsonNode exclusiveStartKey) {
        long from = segment * HASH_SPACE / totalSegments;
        long to = (segment + 1) * HASH_SPACE / totalSegments;
        NavigableMap<String, ObjectNode> range = items.subMap(hashPrefix(from), true, hashPrefix(to), false);
        if (exclusiveStartKey != null && !exclusiveStartKey.isNull()) {
            range = range.tailMap(storageKey(exclusiveStartKey), false);
        }
        List<ObjectNode> page = new ArrayList<>();
        int pageBytes = 0;
        ObjectNode last = null;
        for (ObjectNode item : range.values()) {
            page.add(item.deepCopy());
            pageBytes += itemSize(item);
            last = item;
            if ((limit != null && page.size() >= limit) || pageBytes >= MAX_PAGE_BYTES) {
                break;
            }
        }
        boolean more = last != null && !range.tailMap(storageKey(last), false).isEmpty();
        return new Page(page, page.size(), more ? Optional.of(keyOf(last)) : Optional.empty());
    }

    ObjectNode keyOf(ObjectNode item) {
        ObjectNode key = item.objectNode();
        for (String keyName : keyNames) {
            key.set(keyName, item.get(keyName));
        }
        return key;
    }

    /** The map key of an item or key: hash prefix (the scan order) then the canonical key. */
    private String storageKey(JsonNode itemOrKey) {
        StringBuilder canonical = new StringBuilder();
        for (String keyName : keyNames) {
            JsonNode value = itemOrKey.get(keyName);
            String type = keyTypes.get(keyName);
            if (value == null || !value.isObject() || !value.has(type)) {
                throw DynamoDbServer.validation(
                        "One of the required keys was not given a value or has the wrong type: " + keyName);
            }
            String text = value.get(type).asText();
            if (text.isEmpty()) {
                throw DynamoDbServer.validation("One or more parameter values are not valid. "
                        + "The AttributeValue for a key attribute cannot contain an empty string value. Key: "
                        + keyName);
            }
            if ("N".equals(type)) {
                text = new BigDecimal(text).stripTrailingZeros().toPlainString();
            }
            canonical.append(type).append(':').append(text.length()).append(':').append(text).append('|');
        }
        String partition = canonical.substring(0, canonical.indexOf("|") + 1);
        long hash = Integer.toUnsignedLong(murmurMix(partition.hashCode())) % HASH_SPACE;
        return hashPrefix(hash) + canonical;
    }

    private static String hashPrefix(long hash) {
        return String.format("%08x#", hash);
    }

    private static int murmurMix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** DynamoDB's item size: attribute names plus values, UTF-8, numbers about one byte per two digits. */
    static int itemSize(JsonNode item) {
        int size = 0;
        var fields = item.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            size += field.getKey().getBytes(StandardCharsets.UTF_8).length + valueSize(field.getValue());
        }
        return size;
    }

    private static int valueSize(JsonNode attributeValue) {
        var entry = attributeValue.fields().next();
        JsonNode v = entry.getValue();
        return switch (entry.getKey()) {
            case "S" -> v.asText().getBytes(StandardCharsets.UTF_8).length;
            case "N" -> v.asText().length() / 2 + 2;
            case "B" -> java.util.Base64.getDecoder().decode(v.asText()).length;
            case "BOOL", "NULL" -> 1;
            case "SS", "NS", "BS" -> {
                int s = 0;
                for (JsonNode element : v) {
                    s += element.asText().getBytes(StandardCharsets.UTF_8).length;
                }
                yield s;
            }
            case "L" -> {
                int s = 3;
                for (JsonNode element : v) {
                    s += 1 + valueSize(element);
                }
                yield s;
            }
            case "M" -> 3 + itemSize(v);
            default -> throw DynamoDbServer.validation("Unknown AttributeValue type: " + entry.getKey());
        };
    }
}

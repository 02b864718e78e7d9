package org.fangsentiment.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fangsentiment.item.ItemJson;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The saved position of one chain of a producer run: what the next invocation works on. A run's
 * table is split into {@code totalSegments} scan segments; each chain owns some of them and goes on
 * from each one's {@link TableScanner.Position}. The counts are the chain's totals before the
 * invocation that reads this, so that the chain's last invocation can log what the chain did.
 *
 * @param runId the run's id, the same in every invocation of the run
 * @param table the table the run scans
 * @param totalSegments the run's parallel scan segments
 * @param chain which chain of the run this is (0 for a run that did not fan out)
 * @param invocation invocations of this chain before the one that reads this
 * @param positions the unfinished segments of the chain and where each goes on
 * @param counts the chain's counts so far
 */
public record Continuation(String runId, String table, int totalSegments, int chain, int invocation,
                           List<TableScanner.Position> positions, Counts counts) {

    /** The body's format version; a continuation of another version is refused. */
    public static final int VERSION = 1;
    /** DynamoDB's largest {@code TotalSegments}. */
    static final int MAX_TOTAL_SEGMENTS = 1_000_000;
    /** Longest run id text read (an ISO-8601 instant is far shorter). */
    private static final int MAX_RUN_ID = 64;

    /**
     * Counts of a chain.
     *
     * @param scanned items read
     * @param sent messages sent
     * @param invalid items found unusable
     */
    public record Counts(long scanned, long sent, long invalid) {
        /** Nothing yet. */
        public static final Counts ZERO = new Counts(0, 0, 0);

        /** These counts plus one invocation's result. */
        public Counts plus(ProducerResult result) {
            return new Counts(scanned + result.scanned(), sent + result.sent(), invalid + result.invalid());
        }
    }

    /** Why a continuation message was refused; the message says what is wrong, for the log. */
    public static final class InvalidContinuationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidContinuationException(String reason) {
            super(reason);
        }
    }

    public Continuation {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(table, "table");
        positions = List.copyOf(positions);
        Objects.requireNonNull(counts, "counts");
    }

    /** The first continuation of a chain: its segments, each from its start. */
    public static Continuation start(String runId, String table, int totalSegments, int chain,
                                     List<TableScanner.Position> positions) {
        return new Continuation(runId, table, totalSegments, chain, 0, positions, Counts.ZERO);
    }

    /** The continuation after this one's invocation, which did {@code result} and stopped at {@code unfinished}. */
    public Continuation next(List<TableScanner.Position> unfinished, ProducerResult result) {
        return new Continuation(runId, table, totalSegments, chain, invocation + 1, unfinished, counts.plus(result));
    }

    /** The message body: a small JSON object; start keys in DynamoDB's typed form ({@code {"S": "..."}}). */
    public String toJson() {
        ObjectNode root = ItemJson.MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("run_id", runId);
        root.put("table", table);
        root.put("total_segments", totalSegments);
        root.put("chain", chain);
        root.put("invocation", invocation);
        var segments = root.putArray("segments");
        for (TableScanner.Position position : positions) {
            ObjectNode segment = segments.addObject();
            segment.put("segment", position.segment());
            if (position.startKey() != null) {
                ObjectNode key = segment.putObject("start_key");
                position.startKey().forEach((name, value) -> key.set(name, typed(value)));
            }
        }
        root.put("scanned", counts.scanned());
        root.put("sent", counts.sent());
        root.put("invalid", counts.invalid());
        try {
            return ItemJson.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a continuation message's body, refusing with a reason anything this producer did not
     * write for its own table within {@code maxAge} of now: a malformed body (not JSON, another
     * version, a missing or mistyped field, a segment out of range or twice, a start key that is not a
     * DynamoDB key) or an unknown run (a run id that is no run's instant, a run of another table, a
     * run older than {@code maxAge} or in the future).
     */
    public static Continuation parse(String body, String expectedTable, Instant now, Duration maxAge) {
        if (body == null || body.isBlank()) {
            throw malformed("the body is empty");
        }
        JsonNode root;
        try {
            root = ItemJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw malformed("the body is not a JSON object");
        }
        if (integer(root, "version", 1, Integer.MAX_VALUE) != VERSION) {
            throw malformed("version " + root.get("version") + " is not " + VERSION);
        }
        String runId = text(root, "run_id", MAX_RUN_ID);
        Instant started;
        try {
            started = Instant.parse(runId);
        } catch (DateTimeParseException e) {
            throw unknownRun("run id '" + runId + "' is not a run's instant");
        }
        if (!Producer.runIdOf(started).equals(runId)) {
            throw unknownRun("run id '" + runId + "' is not written as the producer writes run ids");
        }
        String table = text(root, "table", 255);
        if (!table.equals(expectedTable)) {
            throw unknownRun("run " + runId + " scans table '" + table + "', this producer scans '" + expectedTable + "'");
        }
        if (started.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw unknownRun("run " + runId + " starts in the future");
        }
        if (started.isBefore(now.minus(maxAge))) {
            throw unknownRun("run " + runId + " started more than " + maxAge.toHours() + " h ago");
        }
        int totalSegments = integer(root, "total_segments", 1, MAX_TOTAL_SEGMENTS);
        int chain = integer(root, "chain", 0, MAX_TOTAL_SEGMENTS);
        int invocation = integer(root, "invocation", 0, Integer.MAX_VALUE);
        JsonNode segments = root.get("segments");
        if (segments == null || !segments.isArray() || segments.isEmpty()) {
            throw malformed("'segments' is not a non-empty array");
        }
        if (segments.size() > totalSegments) {
            throw malformed("more segments than total_segments");
        }
        List<TableScanner.Position> positions = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (JsonNode segment : segments) {
            if (!segment.isObject()) {
                throw malformed("a segment is not an object");
            }
            int number = integer(segment, "segment", 0, totalSegments - 1);
            if (!seen.add(number)) {
                throw malformed("segment " + number + " appears twice");
            }
            JsonNode key = segment.get("start_key");
            positions.add(new TableScanner.Position(number, key == null || key.isNull() ? null : startKey(key)));
        }
        Counts counts = new Counts(integer(root, "scanned"), integer(root, "sent"), integer(root, "invalid"));
        return new Continuation(runId, table, totalSegments, chain, invocation, positions, counts);
    }

    private static Map<String, AttributeValue> startKey(JsonNode key) {
        if (!key.isObject() || key.isEmpty() || key.size() > 2) {
            throw malformed("a start_key is not an object of one or two key attributes");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = key.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (!value.isObject() || value.size() != 1) {
                throw malformed("start_key attribute is not a typed DynamoDB key value");
            }
            Map.Entry<String, JsonNode> typed = value.fields().next();
            if (!typed.getValue().isTextual()) {
                throw malformed("start_key attribute value is not text");
            }
            String text = typed.getValue().asText();
            AttributeValue attribute = switch (typed.getKey()) {
                case "S" -> AttributeValue.fromS(text);
                case "N" -> {
                    try {
                        new java.math.BigDecimal(text);
                    } catch (NumberFormatException e) {
                        throw malformed("start_key N value is not a number");
                    }
                    yield AttributeValue.fromN(text);
                }
                case "B" -> {
                    try {
                        yield AttributeValue.fromB(SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(text)));
                    } catch (IllegalArgumentException e) {
                        throw malformed("start_key B value is not base64");
                    }
                }
                default -> throw malformed("start_key attribute type is not S, N or B");
            };
            item.put(field.getKey(), attribute);
        }
        return item;
    }

    private static JsonNode typed(AttributeValue value) {
        ObjectNode node = ItemJson.MAPPER.createObjectNode();
        if (value.s() != null) {
            node.put("S", value.s());
        } else if (value.n() != null) {
            node.put("N", value.n());
        } else if (value.b() != null) {
            node.put("B", java.util.Base64.getEncoder().encodeToString(value.b().asByteArray()));
        } else {
            throw new IllegalArgumentException("a key attribute is S, N or B");
        }
        return node;
    }

    private static String text(JsonNode root, String field, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw malformed("'" + field + "' is not a non-blank string");
        }
        if (node.asText().length() > maxLength) {
            throw malformed("'" + field + "' is longer than " + maxLength + " characters");
        }
        return node.asText();
    }

    private static long integer(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
            throw malformed("'" + field + "' is not a non-negative integer");
        }
        return node.asLong();
    }

    private static int integer(JsonNode root, String field, int min, int max) {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()
                || node.asInt() < min || node.asInt() > max) {
            throw malformed("'" + field + "' is not an integer from " + min + " to " + max);
        }
        return node.asInt();
    }

    private static InvalidContinuationException malformed(String reason) {
        return new InvalidContinuationException("malformed continuation: " + reason);
    }

    private static InvalidContinuationException unknownRun(String reason) {
        return new InvalidContinuationException("unknown run: " + reason);
    }
}

package org.fangsentiment.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fangsentiment.config.PipelineContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The scan behaviour the producer relies on, checked on whichever backend runs (so the embedded
 * DynamoDB server is held to what LocalStack and moto do): segments split the items without
 * overlap, pages resume after {@code LastEvaluatedKey}, pages stop at 1 MB, items stop at 400 KB,
 * and a projection returns only the attributes it names, reserved words through placeholders.
 */
@ExtendWith(AwsBackendExtension.class)
class DynamoScanIT {

    private final AwsBackend backend;
    private final DynamoDbClient dynamo;

    DynamoScanIT(AwsBackend backend) {
        this.backend = backend;
        this.dynamo = backend.clients().dynamoDb();
    }

    @Test
    void parallelSegmentsPartitionTheItemsAcrossPages() {
        String table = backend.freshResources("segments", Duration.ofSeconds(30)).table();
        int count = 1_000;
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                    PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("company-" + i))).build()).build());
            if (writes.size() == 25) {
                List<WriteRequest> batch = List.copyOf(writes);
                dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
                writes.clear();
            }
        }

        int segments = 4;
        Map<Integer, Set<String>> bySegment = new HashMap<>();
        int pages = 0;
        for (int segment = 0; segment < segments; segment++) {
            int s = segment;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = dynamo.scan(scan -> scan.tableName(table).segment(s).totalSegments(segments)
                        .limit(97).exclusiveStartKey(from));
                pages++;
                page.items().forEach(item -> bySegment.computeIfAbsent(s, k -> new HashSet<>())
                        .add(item.get(PipelineContract.KEY_ATTRIBUTE).s()));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }

        Set<String> all = new HashSet<>();
        int total = 0;
        for (Set<String> names : bySegment.values()) {
            total += names.size();
            all.addAll(names);
        }
        assertEquals(count, all.size(), "every item in some segment");
        assertEquals(count, total, "no item in two segments");
        assertTrue(bySegment.size() > 1, "items spread over segments: " + bySegment.keySet());
        assertTrue(pages >= count / 97, "pages were limited: " + pages);
    }

    @Test
    void aPageStopsAtOneMegabyte() {
        String table = backend.freshResources("megabyte", Duration.ofSeconds(30)).table();
        String filler = "x".repeat(100 * 1024);
        for (int i = 0; i < 25; i++) {
            String name = "big-" + i;
            dynamo.putItem(put -> put.tableName(table).item(Map.of(
                    PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS(name), "filler", AttributeValue.fromS(filler))));
        }
        ScanResponse first = dynamo.scan(scan -> scan.tableName(table));
        assertTrue(first.count() < 25, "first page holds " + first.count() + " items of 100 KB");
        assertTrue(first.hasLastEvaluatedKey() && !first.lastEvaluatedKey().isEmpty());
    }

    @Test
    void anItemOver400KilobytesIsRejected() {
        String table = backend.freshResources("toolarge", Duration.ofSeconds(30)).table();
        String filler = "x".repeat(410 * 1024);
        DynamoDbException error = assertThrows(DynamoDbException.class, () -> dynamo.putItem(put -> put.tableName(table)
                .item(Map.of(PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("huge"),
                        "filler", AttributeValue.fromS(filler)))));
        assertEquals(400, error.statusCode());
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
    }

    @Test
    void aProjectionReturnsOnlyTheNamedAttributes() {
        String table = backend.freshResources("projection", Duration.ofSeconds(30)).table();
        dynamo.putItem(put -> put.tableName(table).item(Map.of(
                PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("Apple"),
                PipelineContract.WIKIPEDIA_TITLE_ATTRIBUTE, AttributeValue.fromS("Apple Inc."),
                "notes", AttributeValue.fromS("x".repeat(300 * 1024)))));
        dynamo.putItem(put -> put.tableName(table).item(Map.of(
                PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("Netflix"),
                "ticker", AttributeValue.fromS("NFLX"))));

        ScanResponse response = dynamo.scan(scan -> scan.tableName(table)
                .projectionExpression("#name, " + PipelineContract.WIKIPEDIA_TITLE_ATTRIBUTE)
                .expressionAttributeNames(Map.of("#name", PipelineContract.KEY_ATTRIBUTE)));

        Map<String, Map<String, AttributeValue>> byName = new HashMap<>();
        response.items().forEach(item -> byName.put(item.get(PipelineContract.KEY_ATTRIBUTE).s(), item));
        assertEquals(Map.of(PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("Apple"),
                PipelineContract.WIKIPEDIA_TITLE_ATTRIBUTE, AttributeValue.fromS("Apple Inc.")), byName.get("Apple"));
        assertEquals(Map.of(PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("Netflix")), byName.get("Netflix"),
                "an attribute the item lacks is absent, not null");
    }

    @Test
    void aProjectionIsValidatedAsDynamoDbValidatesIt() {
        String table = backend.freshResources("projection-errors", Duration.ofSeconds(30)).table();
        Map<String, String> name = Map.of("#n", PipelineContract.KEY_ATTRIBUTE);
        assertValidationError("reserved keyword", () -> dynamo.scan(scan -> scan.tableName(table)
                .projectionExpression(PipelineContract.KEY_ATTRIBUTE)));
        assertValidationError("unused", () -> dynamo.scan(scan -> scan.tableName(table)
                .projectionExpression("#n").expressionAttributeNames(Map.of("#n", "a", "#x", "b"))));
        assertValidationError("unused", () -> dynamo.scan(scan -> scan.tableName(table)
                .expressionAttributeNames(name)));
        assertValidationError("empty", () -> dynamo.scan(scan -> scan.tableName(table).projectionExpression("")));
        assertValidationError("overlap", () -> dynamo.scan(scan -> scan.tableName(table)
                .projectionExpression("#n, #n").expressionAttributeNames(name)));
    }

    private static void assertValidationError(String expected, org.junit.jupiter.api.function.Executable call) {
        DynamoDbException error = assertThrows(DynamoDbException.class, call);
        assertEquals("ValidationException", error.awsErrorDetails().errorCode());
        assertTrue(error.awsErrorDetails().errorMessage().contains(expected), error.awsErrorDetails().errorMessage());
    }
}

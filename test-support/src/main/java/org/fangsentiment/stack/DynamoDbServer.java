package org.fangsentiment.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An in-memory server that speaks DynamoDB's JSON wire protocol ({@code x-amz-json-1.0},
 * {@code X-Amz-Target: DynamoDB_20120810.*}) for the operations this project uses: CreateTable,
 * DescribeTable, ListTables, DeleteTable, PutItem, GetItem, DeleteItem, BatchWriteItem and Scan
 * (with {@code Limit}, {@code ExclusiveStartKey}, parallel {@code Segment}/{@code TotalSegments},
 * a {@code ProjectionExpression} of top-level names with {@code ExpressionAttributeNames}, and
 * DynamoDB's 1 MB page limit, counted before projection as DynamoDB counts it).
 *
 * <p>Why our own: Amazon's DynamoDB Local is licensed under the vendor's own terms, not an
 * open-source licence, so this GPL project neither depends on it nor ships it. The AWS SDK talks to
 * this server exactly as it talks to DynamoDB, and the same integration tests also run against
 * LocalStack and moto (see {@code docs/testing.md}), which checks this server's fidelity. Operations
 * or parameters it does not implement (filter and condition expressions, nested projections,
 * queries, indexes) are answered with a {@code ValidationException} that says so, never silently
 * ignored.
 */
public final class DynamoDbServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(DynamoDbServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final Set<String> UNSUPPORTED_SCAN_PARAMETERS = Set.of(
            "FilterExpression", "ScanFilter", "AttributesToGet", "IndexName");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, DynamoTable> tables = new ConcurrentHashMap<>();

    private DynamoDbServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1 and a free port. */
    public static DynamoDbServer start() throws IOException {
        LoopbackHttp http = LoopbackHttp.create("dynamodb-server", 8);
        DynamoDbServer dynamo = new DynamoDbServer(http.server(), http.executor());
        http.serve(dynamo::handle);
        return dynamo;
    }

    public URI endpoint() {
        return LoopbackHttp.endpointOf(server);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int status = 200;
            JsonNode response;
            try {
                if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw new DynamoException(400, "UnknownOperationException", "Expected a POST with X-Amz-Target");
                }
                JsonNode request = JSON.readTree(body);
                response = dispatch(target.substring(TARGET_PREFIX.length()), request == null ? JSON.createObjectNode() : request);
            } catch (DynamoException e) {
                status = e.status;
                response = JSON.createObjectNode().put("__type", ERROR_PREFIX + e.type).put("message", e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.warn("DynamoDB server could not handle {}", target, e);
                status = 400;
                response = JSON.createObjectNode().put("__type", ERROR_PREFIX + "SerializationException")
                        .put("message", String.valueOf(e.getMessage()));
            }
            byte[] bytes = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private JsonNode dispatch(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateTable" -> createTable(request);
            case "DescribeTable" -> describe(table(request));
            case "ListTables" -> listTables();
            case "DeleteTable" -> deleteTable(request);
            case "PutItem" -> putItem(request);
            case "GetItem" -> getItem(request);
            case "DeleteItem" -> deleteItem(request);
            case "BatchWriteItem" -> batchWrite(request);
            case "Scan" -> scan(request);
            default -> throw new DynamoException(400, "UnknownOperationException",
                    "Operation not supported by this emulator: " + operation);
        };
    }

    private JsonNode createTable(JsonNode request) {
        String name = requiredText(request, "TableName");
        Map<String, String> types = new HashMap<>();
        for (JsonNode definition : request.path("AttributeDefinitions")) {
            types.put(definition.path("AttributeName").asText(), definition.path("AttributeType").asText());
        }
        List<String> keyNames = new ArrayList<>();
        for (JsonNode element : request.path("KeySchema")) {
            String attribute = element.path("AttributeName").asText();
            if (!types.containsKey(attribute)) {
                throw validation("Key attribute " + attribute + " has no AttributeDefinition");
            }
            keyNames.add(attribute);
        }
        if (keyNames.isEmpty() || keyNames.size() > 2) {
            throw validation("KeySchema must have one or two elements");
        }
        DynamoTable table = new DynamoTable(name, (ObjectNode) request.deepCopy(), keyNames, types);
        if (tables.putIfAbsent(name, table) != null) {
            throw new DynamoException(400, "ResourceInUseException", "Table already exists: " + name);
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("TableDescription", description(table));
        return response;
    }

    private JsonNode describe(DynamoTable table) {
        ObjectNode response = JSON.createObjectNode();
        response.set("Table", description(table));
        return response;
    }

    private ObjectNode description(DynamoTable table) {
        ObjectNode d = JSON.createObjectNode();
        d.put("TableName", table.name());
        d.put("TableStatus", "ACTIVE");
        d.put("TableArn", "arn:aws:dynamodb:local:local:table/" + table.name());
        d.put("ItemCount", table.itemCount());
        d.put("TableSizeBytes", table.sizeBytes());
        d.put("CreationDateTime", table.created().toEpochMilli() / 1000.0);
        d.set("KeySchema", table.definition().path("KeySchema"));
        d.set("AttributeDefinitions", table.definition().path("AttributeDefinitions"));
        ObjectNode billing = d.putObject("BillingModeSummary");
        billing.put("BillingMode", table.definition().path("BillingMode").asText("PROVISIONED"));
        return d;
    }

    private JsonNode listTables() {
        ObjectNode response = JSON.createObjectNode();
        ArrayNode names = response.putArray("TableNames");
        tables.keySet().stream().sorted().forEach(names::add);
        return response;
    }

    private JsonNode deleteTable(JsonNode request) {
        DynamoTable table = table(request);
        tables.remove(table.name());
        ObjectNode response = JSON.createObjectNode();
        response.set("TableDescription", description(table).put("TableStatus", "DELETING"));
        return response;
    }

    private JsonNode putItem(JsonNode request) {
        rejectExpressions(request, "ConditionExpression", "Expected");
        table(request).put(requiredObject(request, "Item"));
        return JSON.createObjectNode();
    }

    private JsonNode getItem(JsonNode request) {
        rejectExpressions(request, "ProjectionExpression", "AttributesToGet");
        ObjectNode response = JSON.createObjectNode();
        table(request).get(requiredObject(request, "Key")).ifPresent(item -> response.set("Item", item));
        return response;
    }

    private JsonNode deleteItem(JsonNode request) {
        rejectExpressions(request, "ConditionExpression", "Expected");
        table(request).delete(requiredObject(request, "Key"));
        return JSON.createObjectNode();
    }

    private JsonNode batchWrite(JsonNode request) {
        JsonNode requestItems = requiredObject(request, "RequestItems");
        int count = 0;
        for (JsonNode writes : requestItems) {
            count += writes.size();
        }
        if (count == 0 || count > 25) {
            throw validation("Too many items requested for the BatchWriteItem call (1 to 25 allowed), got " + count);
        }
        var entries = requestItems.fields();
        while (entries.hasNext()) {
            var entry = entries.next();
            DynamoTable table = tables.get(entry.getKey());
            if (table == null) {
                throw new DynamoException(400, "ResourceNotFoundException", "Requested resource not found");
            }
            for (JsonNode write : entry.getValue()) {
                if (write.has("PutRequest")) {
                    table.put(requiredObject(write.get("PutRequest"), "Item"));
                } else if (write.has("DeleteRequest")) {
                    table.delete(requiredObject(write.get("DeleteRequest"), "Key"));
                } else {
                    throw validation("Each write must be a PutRequest or a DeleteRequest");
                }
            }
        }
        ObjectNode response = JSON.createObjectNode();
        response.putObject("UnprocessedItems");
        return response;
    }

    private JsonNode scan(JsonNode request) {
        for (String parameter : UNSUPPORTED_SCAN_PARAMETERS) {
            if (request.has(parameter)) {
                throw validation("Scan parameter not supported by this emulator: " + parameter);
            }
        }
        DynamoTable table = table(request);
        Projection projection = Projection.of(request);
        int total = request.path("TotalSegments").asInt(1);
        int segment = request.path("Segment").asInt(0);
        if (request.has("Segment") != request.has("TotalSegments")) {
            throw validation("Segment and TotalSegments must be given together");
        }
        if (total < 1 || total > 1_000_000 || segment < 0 || segment >= total) {
            throw validation("Segment must be at least 0 and less than TotalSegments (1 to 1000000)");
        }
        Integer limit = request.has("Limit") ? request.get("Limit").asInt() : null;
        if (limit != null && limit < 1) {
            throw validation("Limit must be at least 1");
        }
        DynamoTable.Page page = table.scan(segment, total, limit, request.get("ExclusiveStartKey"));
        ObjectNode response = JSON.createObjectNode();
        boolean countOnly = "COUNT".equals(request.path("Select").asText());
        if (!countOnly) {
            ArrayNode items = response.putArray("Items");
            page.items().forEach(item -> items.add(projection == null ? item : projection.apply(item)));
        }
        response.put("Count", page.items().size());
        response.put("ScannedCount", page.scanned());
        page.lastEvaluatedKey().ifPresent(key -> response.set("LastEvaluatedKey", key));
        return response;
    }

    private DynamoTable table(JsonNode request) {
        String name = requiredText(request, "TableName");
        DynamoTable table = tables.get(name);
        if (table == null) {
            throw new DynamoException(400, "ResourceNotFoundException",
                    "Cannot do operations on a non-existent table");
        }
        return table;
    }

    private static void rejectExpressions(JsonNode request, String... parameters) {
        for (String parameter : parameters) {
            if (request.has(parameter)) {
                throw validation("Parameter not supported by this emulator: " + parameter);
            }
        }
    }

    private static String requiredText(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw validation("1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        return value.asText();
    }

    private static ObjectNode requiredObject(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isObject()) {
            throw validation("1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        return (ObjectNode) value;
    }

    static DynamoException validation(String message) {
        return new DynamoException(400, "ValidationException", message);
    }

    /** An error answered in DynamoDB's format: HTTP status, {@code __type} and message. */
    static final class DynamoException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String type;

        DynamoException(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }
}

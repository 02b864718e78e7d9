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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An in-memory server that speaks SQS's AWS JSON 1.0 protocol ({@code X-Amz-Target: AmazonSQS.*}), as the
 * project's SDK (2.57.x) speaks it, for exactly the operations and parameters this project calls:
 * CreateQueue, GetQueueUrl, GetQueueAttributes, SetQueueAttributes, ListQueues (prefix, MaxResults,
 * NextToken), SendMessage, SendMessageBatch, ReceiveMessage, DeleteMessage, DeleteMessageBatch,
 * ChangeMessageVisibility, ChangeMessageVisibilityBatch and PurgeQueue.
 *
 * <p>What it models as SQS does: queue attributes {@code VisibilityTimeout}, {@code MaximumMessageSize}
 * (default 1 MiB, as for new queues since 2025), {@code MessageRetentionPeriod}, {@code DelaySeconds},
 * {@code ReceiveMessageWaitTimeSeconds} and {@code RedrivePolicy} (a message received
 * {@code maxReceiveCount} times moves to the dead-letter queue on the next receive that would deliver
 * it, keeping its id, body and attributes, with {@code DeadLetterQueueSourceArn}); the approximate counts
 * (visible, in flight, delayed); message attributes with {@code MD5OfMessageBody} and
 * {@code MD5OfMessageAttributes} computed as SQS computes them (the SDK checks both when its checksum
 * validation is on); long polling that waits on a condition (woken by a send or a message becoming
 * visible, ending at its wait time, never a busy loop); a new receipt handle for each receive, and a
 * stale handle treated as SQS treats it (DeleteMessage succeeds without deleting, ChangeMessageVisibility
 * fails with {@code InvalidParameterValue}); batch limits (1-10 entries, distinct ids, 1 MiB in all)
 * and per-entry failures; SQS's allowed body characters. Errors come in SQS's JSON form
 * ({@code __type} plus the {@code x-amzn-query-error} header the SDK reads), so the SDK raises the same
 * exception classes as against SQS.
 *
 * <p>Why our own: ElasticMQ, the reference emulator the tests use, costs the local run about 3 s of
 * running CPU and some 4 s of JIT compilation of its pekko/Scala code per 1,000 companies
 * (docs/benchmarks.md, issue 31); this server is a few hundred lines on the JDK's HTTP server and
 * Jackson, which the process compiles anyway. Not implemented, and answered with an error that says
 * so: FIFO queues (and the FIFO-only parameters), tags, queue policies, encryption attributes,
 * DeleteQueue, message move tasks, per-message system attributes on send, list-valued message
 * attributes, and any parameter or attribute not named above. Signatures are not checked (emulator
 * credentials). PurgeQueue empties the queue at once without SQS's one-purge-per-60-seconds limit.
 */
public final class SqsServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(SqsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "AmazonSQS.";
    private static final String ACCOUNT = "000000000000";
    /** SQS's largest message and batch since 2025. */
    static final int MAX_BYTES = 1_048_576;
    private static final int MAX_VISIBILITY = 43_200;
    private static final String SENDER_ID = "AIDAEMBEDDEDSQSSERVER";
    private static final Set<String> SETTABLE = Set.of("VisibilityTimeout", "MaximumMessageSize",
            "MessageRetentionPeriod", "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy");
    private static final List<String> READABLE = List.of("QueueArn", "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
            "LastModifiedTimestamp", "VisibilityTimeout", "MaximumMessageSize", "MessageRetentionPeriod",
            "DelaySeconds", "ReceiveMessageWaitTimeSeconds", "RedrivePolicy");
    private static final Set<String> SYSTEM_ATTRIBUTES = Set.of("All", "ApproximateReceiveCount",
            "ApproximateFirstReceiveTimestamp", "SentTimestamp", "SenderId", "DeadLetterQueueSourceArn",
            "AWSTraceHeader", "MessageDeduplicationId", "MessageGroupId", "SequenceNumber");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String region;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final AtomicLong receipts = new AtomicLong();

    private SqsServer(HttpServer server, ExecutorService executor, String region) {
        this.server = server;
        this.executor = executor;
        this.region = region;
    }

    /** Starts on 127.0.0.1 and a free port; queue ARNs name {@code region}. */
    public static SqsServer start(String region) throws IOException {
        LoopbackHttp http = LoopbackHttp.createUnbounded("sqs-server");
        SqsServer sqs = new SqsServer(http.server(), http.executor(), region);
        http.serve(sqs::handle);
        return sqs;
    }

    public URI endpoint() {
        return LoopbackHttp.endpointOf(server);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- wire

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int status = 200;
            JsonNode response;
            String queryError = null;
            try {
                if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw new SqsException("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
                            "This emulator speaks only the AWS JSON protocol: a POST with X-Amz-Target: AmazonSQS.*");
                }
                JsonNode request = JSON.readTree(body);
                response = dispatch(target.substring(TARGET_PREFIX.length()),
                        request == null || !request.isObject() ? JSON.createObjectNode() : request);
            } catch (SqsException e) {
                status = 400;
                queryError = e.queryCode + ";Sender";
                response = JSON.createObjectNode().put("__type", "com.amazonaws.sqs#" + e.type).put("message", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 500;
                queryError = "InternalError;Receiver";
                response = JSON.createObjectNode().put("__type", "com.amazonaws.sqs#InternalError")
                        .put("message", "The server is stopping");
            } catch (IOException | RuntimeException e) {
                LOG.warn("SQS server could not handle {}", target, e);
                status = 400;
                queryError = "InvalidParameterValue;Sender";
                response = JSON.createObjectNode().put("__type", "com.amazonaws.sqs#InvalidParameterValue")
                        .put("message", String.valueOf(e.getMessage()));
            }
            byte[] bytes = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (queryError != null) {
                exchange.getResponseHeaders().set("x-amzn-query-error", queryError);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private JsonNode dispatch(String operation, JsonNode request) throws InterruptedException {
        return switch (operation) {
            case "CreateQueue" -> createQueue(allow(request, "QueueName", "Attributes"));
            case "GetQueueUrl" -> getQueueUrl(allow(request, "QueueName"));
            case "GetQueueAttributes" -> getQueueAttributes(allow(request, "QueueUrl", "AttributeNames"));
            case "SetQueueAttributes" -> setQueueAttributes(allow(request, "QueueUrl", "Attributes"));
            case "ListQueues" -> listQueues(allow(request, "QueueNamePrefix", "MaxResults", "NextToken"));
            case "SendMessage" -> sendMessage(allow(request, "QueueUrl", "MessageBody", "MessageAttributes", "DelaySeconds"));
            case "SendMessageBatch" -> sendMessageBatch(allow(request, "QueueUrl", "Entries"));
            case "ReceiveMessage" -> receiveMessage(allow(request, "QueueUrl", "MaxNumberOfMessages", "WaitTimeSeconds",
                    "VisibilityTimeout", "AttributeNames", "MessageSystemAttributeNames", "MessageAttributeNames"));
            case "DeleteMessage" -> deleteMessage(allow(request, "QueueUrl", "ReceiptHandle"));
            case "DeleteMessageBatch" -> deleteMessageBatch(allow(request, "QueueUrl", "Entries"));
            case "ChangeMessageVisibility" -> changeVisibility(allow(request, "QueueUrl", "ReceiptHandle", "VisibilityTimeout"));
            case "ChangeMessageVisibilityBatch" -> changeVisibilityBatch(allow(request, "QueueUrl", "Entries"));
            case "PurgeQueue" -> purge(allow(request, "QueueUrl"));
            default -> throw new SqsException("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
                    "Operation not implemented by this emulator: " + operation);
        };
    }

    // ---------------------------------------------------------------- queues

    private JsonNode createQueue(JsonNode request) {
        String name = required(request, "QueueName");
        if (!name.matches("[A-Za-z0-9_-]{1,80}")) {
            if (name.endsWith(".fifo")) {
                throw unsupported("FIFO queues are not implemented by this emulator");
            }
            throw invalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        Map<String, String> attributes = settable(request.get("Attributes"));
        Queue fresh = new Queue(name, "arn:aws:sqs:" + region + ":" + ACCOUNT + ":" + name);
        fresh.set(attributes, this);
        Queue existing = queues.putIfAbsent(name, fresh);
        if (existing != null && !existing.sameAttributes(attributes)) {
            throw new SqsException("QueueNameExists", "QueueAlreadyExists",
                    "A queue already exists with the same name and a different value for attribute(s)");
        }
        return JSON.createObjectNode().put("QueueUrl", urlOf(name));
    }

    private JsonNode getQueueUrl(JsonNode request) {
        String name = required(request, "QueueName");
        if (!queues.containsKey(name)) {
            throw queueDoesNotExist();
        }
        return JSON.createObjectNode().put("QueueUrl", urlOf(name));
    }

    private JsonNode getQueueAttributes(JsonNode request) {
        Queue queue = queue(request);
        Set<String> wanted = new HashSet<>();
        for (JsonNode name : request.path("AttributeNames")) {
            String attribute = name.asText();
            if ("All".equals(attribute)) {
                wanted.addAll(READABLE);
            } else if (READABLE.contains(attribute)) {
                wanted.add(attribute);
            } else {
                throw new SqsException("InvalidAttributeName", "InvalidAttributeName",
                        "Unknown Attribute " + attribute + " (or not implemented by this emulator)");
            }
        }
        ObjectNode response = JSON.createObjectNode();
        ObjectNode out = response.putObject("Attributes");
        queue.attributes(wanted).forEach(out::put);
        return response;
    }

    private JsonNode setQueueAttributes(JsonNode request) {
        Queue queue = queue(request);
        queue.set(settable(request.get("Attributes")), this);
        return JSON.createObjectNode();
    }

    private JsonNode listQueues(JsonNode request) {
        String prefix = request.path("QueueNamePrefix").asText("");
        int max = request.has("MaxResults") ? request.get("MaxResults").asInt() : Integer.MAX_VALUE;
        if (request.has("MaxResults") && (max < 1 || max > 1000)) {
            throw invalidParameter("Value for parameter MaxResults is invalid. Reason: must be between 1 and 1000");
        }
        String after = request.has("NextToken") ? new String(Base64.getDecoder().decode(request.get("NextToken").asText()),
                StandardCharsets.UTF_8) : "";
        List<String> names = queues.keySet().stream().filter(n -> n.startsWith(prefix) && n.compareTo(after) > 0)
                .sorted().toList();
        ObjectNode response = JSON.createObjectNode();
        ArrayNode urls = response.putArray("QueueUrls");
        names.stream().limit(max).forEach(n -> urls.add(urlOf(n)));
        if (names.size() > max) {
            response.put("NextToken", Base64.getEncoder().encodeToString(
                    names.get(max - 1).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }

    private JsonNode purge(JsonNode request) {
        queue(request).purge();
        return JSON.createObjectNode();
    }

    /** The attributes of a CreateQueue or SetQueueAttributes, each one this emulator implements. */
    private static Map<String, String> settable(JsonNode attributes) {
        Map<String, String> result = new TreeMap<>();
        if (attributes == null || attributes.isNull()) {
            return result;
        }
        attributes.fields().forEachRemaining(entry -> {
            if (!SETTABLE.contains(entry.getKey())) {
                throw new SqsException("InvalidAttributeName", "InvalidAttributeName", "Unknown Attribute "
                        + entry.getKey() + " (or not implemented by this emulator: it implements " + new java.util.TreeSet<>(SETTABLE)
                        + ")");
            }
            result.put(entry.getKey(), entry.getValue().asText());
        });
        return result;
    }

    // ---------------------------------------------------------------- messages

    private JsonNode sendMessage(JsonNode request) {
        Queue queue = queue(request);
        Message message = newMessage(queue, request, null);
        queue.add(message);
        return sent(JSON.createObjectNode(), message);
    }

    private JsonNode sendMessageBatch(JsonNode request) {
        Queue queue = queue(request);
        JsonNode entries = entries(request, "SendMessageBatchRequestEntry");
        long total = 0;
        for (JsonNode entry : entries) {
            allow(entry, "Id", "MessageBody", "MessageAttributes", "DelaySeconds");
            total += entry.path("MessageBody").asText("").getBytes(StandardCharsets.UTF_8).length
                    + attributesSize(entry.get("MessageAttributes"));
        }
        if (total > MAX_BYTES) {
            throw new SqsException("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong",
                    "Batch requests cannot be longer than " + MAX_BYTES + " bytes. You have sent " + total + " bytes.");
        }
        ObjectNode response = JSON.createObjectNode();
        ArrayNode successful = response.putArray("Successful");
        ArrayNode failed = response.putArray("Failed");
        List<Message> accepted = new ArrayList<>();
        for (JsonNode entry : entries) {
            String id = entry.get("Id").asText();
            try {
                Message message = newMessage(queue, entry, id);
                accepted.add(message);
                sent(successful.addObject().put("Id", id), message);
            } catch (SqsException e) {
                failed.addObject().put("Id", id).put("SenderFault", true).put("Code", e.queryCode)
                        .put("Message", e.getMessage());
            }
        }
        accepted.forEach(queue::add);
        return response;
    }

    private static ObjectNode sent(ObjectNode into, Message message) {
        into.put("MessageId", message.id).put("MD5OfMessageBody", message.md5OfBody);
        if (!message.attributes.isEmpty()) {
            into.put("MD5OfMessageAttributes", md5OfAttributes(message.attributes));
        }
        return into;
    }

    private Message newMessage(Queue queue, JsonNode request, String entryId) {
        JsonNode bodyNode = request.get("MessageBody");
        if (bodyNode == null || !bodyNode.isTextual() || bodyNode.asText().isEmpty()) {
            throw new SqsException("MissingParameter", "MissingParameter",
                    "The request must contain the parameter MessageBody.");
        }
        String body = bodyNode.asText();
        checkCharacters(body);
        Map<String, JsonNode> attributes = messageAttributes(request.get("MessageAttributes"));
        long size = body.getBytes(StandardCharsets.UTF_8).length + attributesSize(request.get("MessageAttributes"));
        int max = queue.maximumMessageSize();
        if (size > max) {
            throw invalidParameter("One or more parameters are invalid. Reason: Message must be shorter than "
                    + max + " bytes.");
        }
        int delay = request.has("DelaySeconds") ? intIn(request.get("DelaySeconds"), "DelaySeconds", 0, 900)
                : queue.delaySeconds();
        return new Message(UUID.randomUUID().toString(), body, attributes, System.currentTimeMillis(), delay);
    }

    private JsonNode receiveMessage(JsonNode request) throws InterruptedException {
        Queue queue = queue(request);
        int max = request.has("MaxNumberOfMessages") ? intIn(request.get("MaxNumberOfMessages"), "MaxNumberOfMessages", 1, 10) : 1;
        int wait = request.has("WaitTimeSeconds") ? intIn(request.get("WaitTimeSeconds"), "WaitTimeSeconds", 0, 20)
                : queue.receiveWaitSeconds();
        Integer visibility = request.has("VisibilityTimeout")
                ? intIn(request.get("VisibilityTimeout"), "VisibilityTimeout", 0, MAX_VISIBILITY) : null;
        Set<String> system = new HashSet<>();
        for (String field : List.of("AttributeNames", "MessageSystemAttributeNames")) {
            for (JsonNode name : request.path(field)) {
                if (!SYSTEM_ATTRIBUTES.contains(name.asText())) {
                    throw new SqsException("InvalidAttributeName", "InvalidAttributeName", "Unknown Attribute " + name.asText());
                }
                system.add(name.asText());
            }
        }
        List<String> wantedAttributes = new ArrayList<>();
        request.path("MessageAttributeNames").forEach(n -> wantedAttributes.add(n.asText()));
        List<Message> got = queue.receive(max, TimeUnit.SECONDS.toNanos(wait), visibility, this);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode messages = response.putArray("Messages");
        for (Message message : got) {
            ObjectNode out = messages.addObject().put("MessageId", message.id).put("ReceiptHandle", message.receipt)
                    .put("MD5OfBody", message.md5OfBody).put("Body", message.body);
            Map<String, String> systemValues = message.systemAttributes(system);
            if (!systemValues.isEmpty()) {
                ObjectNode attributes = out.putObject("Attributes");
                systemValues.forEach(attributes::put);
            }
            Map<String, JsonNode> selected = new TreeMap<>();
            message.attributes.forEach((name, value) -> {
                if (selects(wantedAttributes, name)) {
                    selected.put(name, value);
                }
            });
            if (!selected.isEmpty()) {
                out.put("MD5OfMessageAttributes", md5OfAttributes(selected));
                ObjectNode attributes = out.putObject("MessageAttributes");
                selected.forEach(attributes::set);
            }
        }
        return response;
    }

    private static boolean selects(List<String> wanted, String name) {
        for (String w : wanted) {
            if (w.equals("All") || w.equals(".*") || w.equals(name)
                    || (w.endsWith(".*") && name.startsWith(w.substring(0, w.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private JsonNode deleteMessage(JsonNode request) {
        Queue queue = queue(request);
        queue.delete(parseReceipt(required(request, "ReceiptHandle")));
        return JSON.createObjectNode();
    }

    private JsonNode deleteMessageBatch(JsonNode request) {
        Queue queue = queue(request);
        JsonNode entries = entries(request, "DeleteMessageBatchRequestEntry");
        ObjectNode response = JSON.createObjectNode();
        ArrayNode successful = response.putArray("Successful");
        ArrayNode failed = response.putArray("Failed");
        for (JsonNode entry : entries) {
            allow(entry, "Id", "ReceiptHandle");
            String id = entry.get("Id").asText();
            try {
                queue.delete(parseReceipt(required(entry, "ReceiptHandle")));
                successful.addObject().put("Id", id);
            } catch (SqsException e) {
                failed.addObject().put("Id", id).put("SenderFault", true).put("Code", e.queryCode).put("Message", e.getMessage());
            }
        }
        return response;
    }

    private JsonNode changeVisibility(JsonNode request) {
        Queue queue = queue(request);
        queue.changeVisibility(parseReceipt(required(request, "ReceiptHandle")),
                intIn(request.get("VisibilityTimeout"), "VisibilityTimeout", 0, MAX_VISIBILITY));
        return JSON.createObjectNode();
    }

    private JsonNode changeVisibilityBatch(JsonNode request) {
        Queue queue = queue(request);
        JsonNode entries = entries(request, "ChangeMessageVisibilityBatchRequestEntry");
        ObjectNode response = JSON.createObjectNode();
        ArrayNode successful = response.putArray("Successful");
        ArrayNode failed = response.putArray("Failed");
        for (JsonNode entry : entries) {
            allow(entry, "Id", "ReceiptHandle", "VisibilityTimeout");
            String id = entry.get("Id").asText();
            try {
                queue.changeVisibility(parseReceipt(required(entry, "ReceiptHandle")),
                        intIn(entry.get("VisibilityTimeout"), "VisibilityTimeout", 0, MAX_VISIBILITY));
                successful.addObject().put("Id", id);
            } catch (SqsException e) {
                failed.addObject().put("Id", id).put("SenderFault", true).put("Code", e.queryCode).put("Message", e.getMessage());
            }
        }
        return response;
    }

    // ---------------------------------------------------------------- checks and helpers

    private static JsonNode entries(JsonNode request, String entryType) {
        JsonNode entries = request.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw new SqsException("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
                    "There should be at least one " + entryType + " in the request.");
        }
        if (entries.size() > 10) {
            throw new SqsException("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                    "Maximum number of entries per request are 10. You have sent " + entries.size() + ".");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode entry : entries) {
            String id = entry.path("Id").asText("");
            if (!id.matches("[A-Za-z0-9_-]{1,80}")) {
                throw new SqsException("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId",
                        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                                + "It can be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                throw new SqsException("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                        "Id " + id + " repeated.");
            }
        }
        return entries;
    }

    private static Map<String, JsonNode> messageAttributes(JsonNode attributes) {
        Map<String, JsonNode> result = new TreeMap<>();
        if (attributes == null || attributes.isNull()) {
            return result;
        }
        if (attributes.size() > 10) {
            throw invalidParameter("Number of message attributes [" + attributes.size() + "] exceeds the allowed maximum [10].");
        }
        attributes.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue();
            String type = value.path("DataType").asText("");
            String base = type.contains(".") ? type.substring(0, type.indexOf('.')) : type;
            if (value.has("StringListValues") || value.has("BinaryListValues")) {
                throw invalidParameter("Message attribute list values are not implemented (nor supported by SQS)");
            }
            boolean ok = switch (base) {
                case "String", "Number" -> value.hasNonNull("StringValue") && !value.has("BinaryValue");
                case "Binary" -> value.hasNonNull("BinaryValue") && !value.has("StringValue");
                default -> false;
            };
            if (!ok) {
                throw invalidParameter("The message attribute '" + entry.getKey() + "' has an invalid message attribute "
                        + "type or value (DataType String, Number or Binary with the matching value).");
            }
            ObjectNode copy = JSON.createObjectNode().put("DataType", type);
            if (base.equals("Binary")) {
                copy.put("BinaryValue", value.get("BinaryValue").asText());
            } else {
                copy.put("StringValue", value.get("StringValue").asText());
            }
            result.put(entry.getKey(), copy);
        });
        return result;
    }

    private static long attributesSize(JsonNode attributes) {
        long size = 0;
        if (attributes == null) {
            return 0;
        }
        var fields = attributes.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            JsonNode v = entry.getValue();
            size += entry.getKey().getBytes(StandardCharsets.UTF_8).length
                    + v.path("DataType").asText("").getBytes(StandardCharsets.UTF_8).length
                    + (v.has("BinaryValue") ? Base64.getDecoder().decode(v.get("BinaryValue").asText()).length
                    : v.path("StringValue").asText("").getBytes(StandardCharsets.UTF_8).length);
        }
        return size;
    }

    /** SQS's allowed characters: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. */
    private static void checkCharacters(String body) {
        for (int i = 0; i < body.length(); ) {
            int c = body.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                throw new SqsException("InvalidMessageContents", "InvalidMessageContents",
                        "Invalid binary character '#x" + Integer.toHexString(c) + "' was found in the message body, "
                                + "the set of allowed characters is available at http://www.w3.org/TR/REC-xml/#charsets");
            }
            i += Character.charCount(c);
        }
    }

    /** MD5 of the message attributes as SQS and the SDK compute it: sorted by name, each part length-prefixed. */
    static String md5OfAttributes(Map<String, JsonNode> attributes) {
        MessageDigest md5 = md5();
        for (Map.Entry<String, JsonNode> entry : new TreeMap<>(attributes).entrySet()) {
            JsonNode value = entry.getValue();
            lengthPrefixed(md5, entry.getKey().getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(md5, value.get("DataType").asText().getBytes(StandardCharsets.UTF_8));
            if (value.has("StringValue")) {
                md5.update((byte) 1);
                lengthPrefixed(md5, value.get("StringValue").asText().getBytes(StandardCharsets.UTF_8));
            } else {
                md5.update((byte) 2);
                lengthPrefixed(md5, Base64.getDecoder().decode(value.get("BinaryValue").asText()));
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    static String md5Hex(String text) {
        return HexFormat.of().formatHex(md5().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void lengthPrefixed(MessageDigest md5, byte[] bytes) {
        md5.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        md5.update(bytes);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String urlOf(String name) {
        return endpoint() + "/" + ACCOUNT + "/" + name;
    }

    private Queue queue(JsonNode request) {
        String url = required(request, "QueueUrl");
        String name = url.substring(url.lastIndexOf('/') + 1);
        Queue queue = queues.get(name);
        if (queue == null) {
            throw queueDoesNotExist();
        }
        return queue;
    }

    Queue queueByArn(String arn) {
        for (Queue queue : queues.values()) {
            if (queue.arn.equals(arn)) {
                return queue;
            }
        }
        return null;
    }

    private Receipt parseReceipt(String handle) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8).split(" ", 3);
            if (parts.length == 3 && parts[0].equals("r")) {
                return new Receipt(handle, parts[1]);
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw new SqsException("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
    }

    String newReceipt(String messageId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("r " + messageId + " "
                + receipts.incrementAndGet() + "-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode allow(JsonNode request, String... parameters) {
        Set<String> known = Set.of(parameters);
        request.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field)) {
                throw unsupported("Parameter " + field + " is not implemented by this emulator");
            }
        });
        return request;
    }

    private static String required(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new SqsException("MissingParameter", "MissingParameter",
                    "The request must contain the parameter " + field + ".");
        }
        return value.asText();
    }

    static int intIn(JsonNode value, String name, int min, int max) {
        if (value == null || !(value.isInt() || value.isTextual() && value.asText().matches("-?\\d{1,10}"))) {
            throw invalidParameter("Value for parameter " + name + " is invalid. Reason: must be an integer.");
        }
        long v = value.asLong();
        if (v < min || v > max) {
            throw invalidParameter("Value " + v + " for parameter " + name + " is invalid. Reason: must be between "
                    + min + " and " + max + ".");
        }
        return (int) v;
    }

    static SqsException invalidParameter(String message) {
        return new SqsException("InvalidParameterValue", "InvalidParameterValue", message);
    }

    private static SqsException unsupported(String message) {
        return new SqsException("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", message);
    }

    private static SqsException queueDoesNotExist() {
        return new SqsException("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist.");
    }

    private record Receipt(String handle, String messageId) {
    }

    /** One message; guarded by its queue's lock. */
    private static final class Message {
        final String id;
        final String body;
        final String md5OfBody;
        final Map<String, JsonNode> attributes;
        final long sentMillis;
        long visibleAtNanos;
        boolean delayed;
        int receiveCount;
        long firstReceiveMillis;
        String receipt;
        String deadLetterSourceArn;

        Message(String id, String body, Map<String, JsonNode> attributes, long sentMillis, int delaySeconds) {
            this.id = id;
            this.body = body;
            this.md5OfBody = md5Hex(body);
            this.attributes = attributes;
            this.sentMillis = sentMillis;
            this.visibleAtNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(delaySeconds);
            this.delayed = delaySeconds > 0;
        }

        Map<String, String> systemAttributes(Set<String> names) {
            boolean all = names.contains("All");
            Map<String, String> out = new LinkedHashMap<>();
            if (all || names.contains("SenderId")) {
                out.put("SenderId", SENDER_ID);
            }
            if (all || names.contains("SentTimestamp")) {
                out.put("SentTimestamp", Long.toString(sentMillis));
            }
            if (all || names.contains("ApproximateReceiveCount")) {
                out.put("ApproximateReceiveCount", Integer.toString(receiveCount));
            }
            if (all || names.contains("ApproximateFirstReceiveTimestamp")) {
                out.put("ApproximateFirstReceiveTimestamp", Long.toString(firstReceiveMillis));
            }
            if (deadLetterSourceArn != null && (all || names.contains("DeadLetterQueueSourceArn"))) {
                out.put("DeadLetterQueueSourceArn", deadLetterSourceArn);
            }
            return out;
        }
    }

    /** One queue: its messages in send order, a lock and the condition long polls wait on. */
    private static final class Queue {
        final String name;
        final String arn;
        final long createdSeconds = System.currentTimeMillis() / 1000;
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        final List<Message> messages = new ArrayList<>();
        final Map<String, String> attributes = new TreeMap<>(Map.of("VisibilityTimeout", "30",
                "MaximumMessageSize", Integer.toString(MAX_BYTES), "MessageRetentionPeriod", "345600",
                "DelaySeconds", "0", "ReceiveMessageWaitTimeSeconds", "0"));
        long modifiedSeconds = createdSeconds;
        String deadLetterArn;
        int maxReceiveCount;

        Queue(String name, String arn) {
            this.name = name;
            this.arn = arn;
        }

        void set(Map<String, String> values, SqsServer server) {
            Map<String, Integer[]> ranges = Map.of("VisibilityTimeout", new Integer[] {0, MAX_VISIBILITY},
                    "MaximumMessageSize", new Integer[] {1024, MAX_BYTES},
                    "MessageRetentionPeriod", new Integer[] {60, 1_209_600}, "DelaySeconds", new Integer[] {0, 900},
                    "ReceiveMessageWaitTimeSeconds", new Integer[] {0, 20});
            String target = null;
            int count = 0;
            for (Map.Entry<String, String> entry : values.entrySet()) {
                if (entry.getKey().equals("RedrivePolicy")) {
                    if (entry.getValue().isEmpty()) {
                        continue;
                    }
                    JsonNode policy;
                    try {
                        policy = JSON.readTree(entry.getValue());
                    } catch (IOException e) {
                        throw new SqsException("InvalidAttributeValue", "InvalidAttributeValue",
                                "Invalid value for the parameter RedrivePolicy. Reason: not JSON");
                    }
                    target = policy.path("deadLetterTargetArn").asText("");
                    count = intIn(policy.get("maxReceiveCount"), "maxReceiveCount", 1, 1000);
                    if (server.queueByArn(target) == null) {
                        throw new SqsException("InvalidParameterValue", "InvalidParameterValue", "Value "
                                + entry.getValue() + " for parameter RedrivePolicy is invalid. Reason: Dead letter "
                                + "target does not exist.");
                    }
                } else {
                    Integer[] range = ranges.get(entry.getKey());
                    intIn(JSON.getNodeFactory().textNode(entry.getValue()), entry.getKey(), range[0], range[1]);
                }
            }
            lock.lock();
            try {
                values.forEach((k, v) -> attributes.put(k, k.equals("RedrivePolicy") && !v.isEmpty()
                        ? "{\"deadLetterTargetArn\":\"" + arnOf(v) + "\",\"maxReceiveCount\":" + maxOf(v) + "}" : v));
                if (values.containsKey("RedrivePolicy")) {
                    deadLetterArn = target;
                    maxReceiveCount = count;
                    if (target == null) {
                        attributes.remove("RedrivePolicy");
                    }
                }
                modifiedSeconds = System.currentTimeMillis() / 1000;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private static String arnOf(String policy) {
            try {
                return JSON.readTree(policy).path("deadLetterTargetArn").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static int maxOf(String policy) {
            try {
                return JSON.readTree(policy).path("maxReceiveCount").asInt();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean sameAttributes(Map<String, String> requested) {
            lock.lock();
            try {
                for (Map.Entry<String, String> entry : requested.entrySet()) {
                    String have = attributes.get(entry.getKey());
                    if (entry.getKey().equals("RedrivePolicy")) {
                        if (have == null || !arnOf(have).equals(arnOf(entry.getValue()))
                                || maxOf(have) != maxOf(entry.getValue())) {
                            return false;
                        }
                    } else if (!entry.getValue().equals(have)) {
                        return false;
                    }
                }
                return true;
            } finally {
                lock.unlock();
            }
        }

        int maximumMessageSize() {
            return intAttribute("MaximumMessageSize");
        }

        int delaySeconds() {
            return intAttribute("DelaySeconds");
        }

        int receiveWaitSeconds() {
            return intAttribute("ReceiveMessageWaitTimeSeconds");
        }

        private int intAttribute(String name) {
            lock.lock();
            try {
                return Integer.parseInt(attributes.get(name));
            } finally {
                lock.unlock();
            }
        }

        Map<String, String> attributes(Set<String> wanted) {
            lock.lock();
            try {
                expire();
                long now = System.nanoTime();
                long visible = 0;
                long inFlight = 0;
                long delayed = 0;
                for (Message m : messages) {
                    if (m.visibleAtNanos <= now) {
                        visible++;
                    } else if (m.delayed && m.receiveCount == 0) {
                        delayed++;
                    } else {
                        inFlight++;
                    }
                }
                Map<String, String> all = new TreeMap<>(attributes);
                all.put("QueueArn", arn);
                all.put("ApproximateNumberOfMessages", Long.toString(visible));
                all.put("ApproximateNumberOfMessagesNotVisible", Long.toString(inFlight));
                all.put("ApproximateNumberOfMessagesDelayed", Long.toString(delayed));
                all.put("CreatedTimestamp", Long.toString(createdSeconds));
                all.put("LastModifiedTimestamp", Long.toString(modifiedSeconds));
                all.keySet().retainAll(wanted);
                return all;
            } finally {
                lock.unlock();
            }
        }

        void add(Message message) {
            lock.lock();
            try {
                messages.add(message);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Drops messages older than the retention period (checked whenever the queue is read). */
        private void expire() {
            long oldest = System.currentTimeMillis() - 1000L * Integer.parseInt(attributes.get("MessageRetentionPeriod"));
            messages.removeIf(m -> m.sentMillis < oldest);
        }

        List<Message> receive(int max, long waitNanos, Integer visibility, SqsServer server) throws InterruptedException {
            long deadline = System.nanoTime() + waitNanos;
            List<Message> got = new ArrayList<>();
            List<Message> dead = new ArrayList<>();
            lock.lock();
            try {
                while (true) {
                    expire();
                    long now = System.nanoTime();
                    long nextVisible = Long.MAX_VALUE;
                    int seconds = visibility != null ? visibility : Integer.parseInt(attributes.get("VisibilityTimeout"));
                    for (Iterator<Message> it = messages.iterator(); it.hasNext() && got.size() < max; ) {
                        Message m = it.next();
                        if (m.visibleAtNanos > now) {
                            nextVisible = Math.min(nextVisible, m.visibleAtNanos);
                            continue;
                        }
                        if (deadLetterArn != null && m.receiveCount >= maxReceiveCount) {
                            it.remove();
                            dead.add(m);
                            continue;
                        }
                        m.delayed = false;
                        m.receiveCount++;
                        if (m.firstReceiveMillis == 0) {
                            m.firstReceiveMillis = System.currentTimeMillis();
                        }
                        m.visibleAtNanos = now + TimeUnit.SECONDS.toNanos(seconds);
                        m.receipt = server.newReceipt(m.id);
                        got.add(m);
                    }
                    if (!got.isEmpty() || now >= deadline) {
                        break;
                    }
                    // Wait for a send, a visibility change, or the next message to become visible.
                    changed.awaitNanos(Math.min(deadline - now, Math.max(1, nextVisible - now)));
                }
                // Copies, so that the answer is not changed by a later receive of the same message.
                List<Message> answer = new ArrayList<>();
                for (Message m : got) {
                    Message copy = new Message(m.id, m.body, m.attributes, m.sentMillis, 0);
                    copy.receiveCount = m.receiveCount;
                    copy.firstReceiveMillis = m.firstReceiveMillis;
                    copy.receipt = m.receipt;
                    copy.deadLetterSourceArn = m.deadLetterSourceArn;
                    answer.add(copy);
                }
                got = answer;
            } finally {
                lock.unlock();
            }
            if (!dead.isEmpty()) {
                Queue target = server.queueByArn(deadLetterArn);
                for (Message m : dead) {
                    m.deadLetterSourceArn = arn;
                    m.receipt = null;
                    m.visibleAtNanos = System.nanoTime();
                    if (target != null) {
                        target.add(m);
                    }
                }
            }
            return got;
        }

        void delete(Receipt receipt) {
            lock.lock();
            try {
                // A stale handle (the message was received again since) succeeds without deleting, as in SQS.
                messages.removeIf(m -> m.id.equals(receipt.messageId()) && receipt.handle().equals(m.receipt));
            } finally {
                lock.unlock();
            }
        }

        void changeVisibility(Receipt receipt, int seconds) {
            lock.lock();
            try {
                long now = System.nanoTime();
                for (Message m : messages) {
                    if (m.id.equals(receipt.messageId()) && receipt.handle().equals(m.receipt) && m.visibleAtNanos > now) {
                        m.visibleAtNanos = now + TimeUnit.SECONDS.toNanos(seconds);
                        changed.signalAll();
                        return;
                    }
                }
                throw invalidParameter("Value " + receipt.handle() + " for parameter ReceiptHandle is invalid. "
                        + "Reason: Message does not exist or is not available for visibility timeout change.");
            } finally {
                lock.unlock();
            }
        }

        void purge() {
            lock.lock();
            try {
                messages.clear();
            } finally {
                lock.unlock();
            }
        }
    }

    /** An error in SQS's JSON form: the JSON {@code __type} and the query-protocol code of the header. */
    static final class SqsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String type;
        private final String queryCode;

        SqsException(String type, String queryCode, String message) {
            super(message, null, false, false);
            this.type = type;
            this.queryCode = queryCode;
        }
    }
}

package org.fangsentiment.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;

/**
 * A server that speaks CloudWatch's wire protocol as the SDK for Java 2.x sends it, Smithy RPC v2
 * CBOR ({@code POST /service/GraniteServiceVersion20100801/operation/<Operation>}, header
 * {@code smithy-protocol: rpc-v2-cbor}, CBOR bodies), for the one call the queue worker makes,
 * {@code PutMetricData}, with CloudWatch's checks on it: a namespace that is present and not
 * {@code AWS/}-prefixed, at most {@value #MAX_DATA} data, each with a name and a value, at most
 * {@value #MAX_DIMENSIONS} dimensions. Tests read what it took with {@link #sums} and {@link #calls}.
 *
 * <p>Why our own: moto_server 5.2 and the embedded stack speak only CloudWatch's older query
 * protocol, which the SDK no longer sends (it answers 404 to the SDK's requests).
 * Fault injection: {@link #failNext} answers the next calls with {@code InternalServiceError} (HTTP 500).
 */
public final class CloudWatchServer implements AutoCloseable {

    /** The path prefix of every operation: the service's Smithy shape id. */
    static final String PATH_PREFIX = "/service/GraniteServiceVersion20100801/operation/";
    static final int MAX_DATA = 1_000;
    static final int MAX_DIMENSIONS = 30;
    private static final CBORFactory CBOR = new CBORFactory();

    /** One datum as received: namespace, metric name, dimensions (name to value) and value. */
    public record Datum(String namespace, String metricName, Map<String, String> dimensions, double value) {
    }

    /** One call: the operation and the HTTP status it was answered with. */
    public record Call(String operation, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Datum> data = new CopyOnWriteArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();

    private CloudWatchServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1 and a free port. */
    public static CloudWatchServer start() throws IOException {
        LoopbackHttp http = LoopbackHttp.create("cloudwatch-server", 2);
        CloudWatchServer cloudWatch = new CloudWatchServer(http.server(), http.executor());
        http.serve(cloudWatch::handle);
        return cloudWatch;
    }

    public URI endpoint() {
        return LoopbackHttp.endpointOf(server);
    }

    /** Answers the next {@code count} calls with {@code InternalServiceError} (HTTP 500, which the SDK retries). */
    public void failNext(int count) {
        failNext.set(count);
    }

    /** Every call so far, in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every datum taken so far, in order. */
    public List<Datum> data() {
        return List.copyOf(data);
    }

    /** The sum of each metric of {@code namespace} taken with exactly the one dimension {@code name=value}. */
    public Map<String, Long> sums(String namespace, String dimension, String value) {
        Map<String, Long> sums = new TreeMap<>();
        for (Datum datum : data) {
            if (datum.namespace().equals(namespace) && datum.dimensions().equals(Map.of(dimension, value))) {
                sums.merge(datum.metricName(), Math.round(datum.value()), Long::sum);
            }
        }
        return sums;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            String operation = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : path;
            int status;
            Map<String, Object> answer = new LinkedHashMap<>();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith(PATH_PREFIX)
                    || !"rpc-v2-cbor".equals(exchange.getRequestHeaders().getFirst("smithy-protocol"))) {
                status = 404;
                answer = error("UnknownOperationException", "not an RPC v2 CBOR request: " + path);
            } else if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 500;
                answer = error("InternalServiceError", "injected failure");
            } else if (!operation.equals("PutMetricData")) {
                status = 400;
                answer = error("UnknownOperationException", "this server answers PutMetricData only, not " + operation);
            } else {
                String problem = putMetricData(read(body));
                status = problem == null ? 200 : 400;
                if (problem != null) {
                    answer = error("InvalidParameterValue", problem);
                }
            }
            calls.add(new Call(operation, status));
            byte[] bytes = write(answer);
            exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
            exchange.getResponseHeaders().set("Content-Type", "application/cbor");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Takes the data, or says what CloudWatch would refuse (then nothing is taken). */
    private String putMetricData(Object request) {
        if (!(request instanceof Map<?, ?> input)) {
            return "the request is not a map";
        }
        Object namespace = input.get("Namespace");
        if (!(namespace instanceof String ns) || ns.isBlank() || ns.startsWith("AWS/")) {
            return "Namespace is missing or reserved: " + namespace;
        }
        if (!(input.get("MetricData") instanceof List<?> items) || items.isEmpty() || items.size() > MAX_DATA) {
            return "MetricData must hold 1 to " + MAX_DATA + " data";
        }
        List<Datum> taken = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> datum) || !(datum.get("MetricName") instanceof String name) || name.isBlank()
                    || !(datum.get("Value") instanceof Number value)) {
                return "a datum without MetricName or Value: " + item;
            }
            Map<String, String> dimensions = new TreeMap<>();
            if (datum.get("Dimensions") instanceof List<?> list) {
                if (list.size() > MAX_DIMENSIONS) {
                    return "more than " + MAX_DIMENSIONS + " dimensions";
                }
                for (Object d : list) {
                    if (!(d instanceof Map<?, ?> dimension) || !(dimension.get("Name") instanceof String dn)
                            || !(dimension.get("Value") instanceof String dv)) {
                        return "a dimension without Name or Value: " + d;
                    }
                    dimensions.put(dn, dv);
                }
            }
            taken.add(new Datum(ns, name, dimensions, value.doubleValue()));
        }
        data.addAll(taken);
        return null;
    }

    private static Map<String, Object> error(String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("__type", type);
        error.put("message", message);
        return error;
    }

    /** A CBOR body as maps, lists, strings, numbers and booleans (a timestamp's tag is dropped: its number stays). */
    private static Object read(InputStream body) throws IOException {
        byte[] bytes = body.readAllBytes();
        if (bytes.length == 0) {
            return Map.of();
        }
        try (JsonParser parser = CBOR.createParser(bytes)) {
            parser.nextToken();
            return value(parser);
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    map.put(field, value(parser));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return parser.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }

    private static byte[] write(Map<String, Object> map) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = CBOR.createGenerator(out)) {
            generator.writeStartObject();
            for (Map.Entry<String, Object> e : map.entrySet()) {
                generator.writeStringField(e.getKey(), String.valueOf(e.getValue()));
            }
            generator.writeEndObject();
        }
        return out.toByteArray();
    }
}

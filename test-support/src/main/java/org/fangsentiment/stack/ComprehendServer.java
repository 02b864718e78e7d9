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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A server that speaks Amazon Comprehend's JSON 1.1 protocol ({@code X-Amz-Target:
 * Comprehend_20171127.*}) for the two calls the consumer makes, {@code DetectSentiment} and
 * {@code BatchDetectSentiment}, with Comprehend's limits and error shapes.
 *
 * <p>Why our own: moto answers {@code DetectSentiment} (one canned answer) but has no
 * {@code BatchDetectSentiment}, and neither lets a test throttle a call or fail one batch item.
 * {@code ComprehendServerMotoIT} holds this server to moto where both answer.
 *
 * <p>The sentiment is a deterministic function of the text, so tests can choose it: the text's
 * words (lower-cased, split on anything but letters) are counted against {@link #POSITIVE_WORDS}
 * and {@link #NEGATIVE_WORDS}; both present gives {@code MIXED}, only positive ones
 * {@code POSITIVE}, only negative ones {@code NEGATIVE}, none {@code NEUTRAL}. The scores of a label
 * are fixed ({@link #scores}) and this server's own: each label's score is the highest, and the four
 * add up to 1, as Comprehend's do.
 *
 * <p>Limits and errors, as Comprehend documents them: a text of more than {@value #MAX_BYTES}
 * UTF-8 bytes is {@code TextSizeLimitExceededException} (the whole call, also in a batch); an
 * empty text or a missing {@code LanguageCode} is {@code ValidationException}; a language other than
 * {@code en} {@code UnsupportedLanguageException}; more than {@value #MAX_BATCH} texts in a batch
 * {@code BatchSizeLimitExceededException}. Fault injection: {@link #throttleNext} answers the next
 * calls with {@code ThrottlingException}, {@link #throttleCallsWith} every call carrying a marker
 * text, {@link #failNext} with {@code InternalServerException} (HTTP 500), {@link #refuseCallsWith}
 * every call carrying a marker with {@code InvalidRequestException} (HTTP 400, not retryable), and
 * {@link #failBatchItemsWith} turns the batch items carrying a marker into {@code BatchItemError}
 * entries ({@code InternalServerException}) while {@code DetectSentiment} still answers them.
 */
public final class ComprehendServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(ComprehendServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "Comprehend_20171127.";

    /** Comprehend's limit for one text, in UTF-8 bytes. */
    public static final int MAX_BYTES = 5_000;
    /** Comprehend's limit of texts in one BatchDetectSentiment call. */
    public static final int MAX_BATCH = 25;
    /** Words that make a text positive. */
    public static final Set<String> POSITIVE_WORDS = Set.of("good", "great", "excellent", "award", "awards", "won",
            "growth", "success", "successful", "profit", "praised", "best", "leading");
    /** Words that make a text negative. */
    public static final Set<String> NEGATIVE_WORDS = Set.of("bad", "poor", "lawsuit", "fraud", "recall", "recalled",
            "loss", "losses", "fined", "scandal", "bankrupt", "bankruptcy", "decline");

    /** One call as the server saw it: the operation and its number of texts. */
    public record Call(String operation, int texts) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicReference<String> throttleMarker = new AtomicReference<>();
    private final AtomicReference<String> batchItemFailureMarker = new AtomicReference<>();
    private final AtomicReference<String> refusedMarker = new AtomicReference<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private ComprehendServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1 and a free port. */
    public static ComprehendServer start() throws IOException {
        LoopbackHttp http = LoopbackHttp.create("comprehend-server", 8);
        ComprehendServer comprehend = new ComprehendServer(http.server(), http.executor());
        http.serve(comprehend::handle);
        return comprehend;
    }

    public URI endpoint() {
        return LoopbackHttp.endpointOf(server);
    }

    /** Answers the next {@code calls} calls (of either operation) with {@code ThrottlingException}. */
    public void throttleNext(int count) {
        throttleNext.set(count);
    }

    /** Answers every call with a text containing {@code marker} with {@code ThrottlingException}; null stops it. */
    public void throttleCallsWith(String marker) {
        throttleMarker.set(marker);
    }

    /** Answers the next {@code count} calls with {@code InternalServerException} (HTTP 500). */
    public void failNext(int count) {
        failNext.set(count);
    }

    /** Makes each batch item whose text contains {@code marker} a {@code BatchItemError}; null stops it. */
    public void failBatchItemsWith(String marker) {
        batchItemFailureMarker.set(marker);
    }

    /** Answers every call with a text containing {@code marker} with {@code InvalidRequestException}; null stops it. */
    public void refuseCallsWith(String marker) {
        refusedMarker.set(marker);
    }

    /** Every call answered so far (errors included), in order. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls and every fault injected. */
    public void reset() {
        calls.clear();
        throttleNext.set(0);
        failNext.set(0);
        throttleMarker.set(null);
        batchItemFailureMarker.set(null);
        refusedMarker.set(null);
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
                    throw new ComprehendException(400, "UnknownOperationException", "Expected a POST with X-Amz-Target");
                }
                JsonNode request = JSON.readTree(body);
                response = dispatch(target.substring(TARGET_PREFIX.length()),
                        request == null ? JSON.createObjectNode() : request);
            } catch (ComprehendException e) {
                status = e.status;
                response = JSON.createObjectNode().put("__type", e.type).put("Message", e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.warn("Comprehend server could not handle {}", target, e);
                status = 400;
                response = JSON.createObjectNode().put("__type", "SerializationException")
                        .put("Message", String.valueOf(e.getMessage()));
            }
            byte[] bytes = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private JsonNode dispatch(String operation, JsonNode request) {
        return switch (operation) {
            case "DetectSentiment" -> {
                String text = request.path("Text").asText("");
                calls.add(new Call(operation, 1));
                injectedFaults(List.of(text));
                checkLanguage(request);
                checkText(text);
                yield sentiment(JSON.createObjectNode(), text);
            }
            case "BatchDetectSentiment" -> {
                List<String> texts = new ArrayList<>();
                request.path("TextList").forEach(t -> texts.add(t.asText("")));
                calls.add(new Call(operation, texts.size()));
                injectedFaults(texts);
                checkLanguage(request);
                if (texts.isEmpty()) {
                    throw new ComprehendException(400, "ValidationException",
                            "1 validation error detected: Value at 'textList' failed to satisfy constraint: "
                                    + "Member must have length greater than or equal to 1");
                }
                if (texts.size() > MAX_BATCH) {
                    throw new ComprehendException(400, "BatchSizeLimitExceededException",
                            "The number of documents in the request exceeds the limit of " + MAX_BATCH);
                }
                texts.forEach(ComprehendServer::checkText);
                ObjectNode out = JSON.createObjectNode();
                ArrayNode results = out.putArray("ResultList");
                ArrayNode errors = out.putArray("ErrorList");
                String marker = batchItemFailureMarker.get();
                for (int i = 0; i < texts.size(); i++) {
                    if (marker != null && texts.get(i).contains(marker)) {
                        errors.addObject().put("Index", i).put("ErrorCode", "InternalServerException")
                                .put("ErrorMessage", "An internal error occurred while processing this document");
                    } else {
                        sentiment(results.addObject().put("Index", i), texts.get(i));
                    }
                }
                yield out;
            }
            default -> throw new ComprehendException(400, "UnknownOperationException",
                    "Operation not supported by this emulator: " + operation);
        };
    }

    private void injectedFaults(List<String> texts) {
        String marker = throttleMarker.get();
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                || (marker != null && texts.stream().anyMatch(t -> t.contains(marker)))) {
            throw new ComprehendException(400, "ThrottlingException", "Rate exceeded");
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new ComprehendException(500, "InternalServerException", "An internal error occurred");
        }
        String refused = refusedMarker.get();
        if (refused != null && texts.stream().anyMatch(t -> t.contains(refused))) {
            throw new ComprehendException(400, "InvalidRequestException", "The request is invalid");
        }
    }

    private static void checkLanguage(JsonNode request) {
        String language = request.path("LanguageCode").asText("");
        if (language.isEmpty()) {
            throw new ComprehendException(400, "ValidationException",
                    "1 validation error detected: Value null at 'languageCode' failed to satisfy constraint: "
                            + "Member must not be null");
        }
        if (!language.equals("en")) {
            throw new ComprehendException(400, "UnsupportedLanguageException",
                    "This emulator detects sentiment in English (en) only, not " + language);
        }
    }

    private static void checkText(String text) {
        if (text.isEmpty()) {
            throw new ComprehendException(400, "ValidationException",
                    "1 validation error detected: Value at 'text' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 1");
        }
        int size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            throw new ComprehendException(400, "TextSizeLimitExceededException",
                    "Input text size exceeds limit. Max length of request text allowed is " + MAX_BYTES
                            + " bytes while in this request the text size is " + size + " bytes");
        }
    }

    /** Writes {@code Sentiment} and {@code SentimentScore} for {@code text} into {@code into}. */
    private static ObjectNode sentiment(ObjectNode into, String text) {
        String label = label(text);
        double[] s = scores(label);
        into.put("Sentiment", label);
        into.putObject("SentimentScore").put("Positive", s[0]).put("Negative", s[1]).put("Neutral", s[2])
                .put("Mixed", s[3]);
        return into;
    }

    /** The label this server gives {@code text}: see the class comment. */
    public static String label(String text) {
        boolean positive = false;
        boolean negative = false;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            positive |= POSITIVE_WORDS.contains(word);
            negative |= NEGATIVE_WORDS.contains(word);
        }
        return positive && negative ? "MIXED" : positive ? "POSITIVE" : negative ? "NEGATIVE" : "NEUTRAL";
    }

    /** The scores of a label: Positive, Negative, Neutral, Mixed (the label's is the highest; they add up to 1). */
    public static double[] scores(String label) {
        return switch (label) {
            case "POSITIVE" -> new double[] {0.9, 0.02, 0.07, 0.01};
            case "NEGATIVE" -> new double[] {0.03, 0.85, 0.1, 0.02};
            case "MIXED" -> new double[] {0.35, 0.3, 0.05, 0.3};
            default -> new double[] {0.04, 0.03, 0.92, 0.01};
        };
    }

    static final class ComprehendException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String type;

        ComprehendException(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }
}

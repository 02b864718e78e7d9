package org.fangsentiment.wikipedia.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.concurrent.DaemonThreads;

/**
 * Serves the bundled sample summaries on {@code 127.0.0.1} (an ephemeral port) in Wikipedia's
 * real formats, on the two endpoints the client uses:
 * <ul>
 *   <li>{@code GET /api/rest_v1/page/summary/{title}}: 200 with the summary; 301 to the
 *       normalised title for a title with spaces or a lower-case first letter; 302 to the target
 *       for a redirect page (with the target's summary as body, as the real API sends one); 404
 *       with {@code application/problem+json} for an unknown title.</li>
 *   <li>{@code GET /w/rest.php/v1/search/title?q=...&limit=...}: {@code {"pages":[...]}} with
 *       the titles that start with the query.</li>
 * </ul>
 * Bodies are gzipped when the request accepts it. Point the client at {@link #baseUri()}, and
 * label what it produces {@link #SOURCE}.
 */
public final class OfflineWikipediaServer implements AutoCloseable {

    /** The CSV {@code source} of results made with this server instead of live Wikipedia. */
    public static final String SOURCE = "offline-sample";
    /** The CSV {@code source} when the server also generates summaries for unknown titles. */
    public static final String GENERATED_SOURCE = "generated-sample";

    static final String SUMMARY_PATH = "/api/rest_v1/page/summary/";
    static final String SEARCH_PATH = "/w/rest.php/v1/search/title";
    static final String SUMMARY_TYPE =
            "application/json; charset=utf-8; profile=\"https://www.mediawiki.org/wiki/Specs/Summary/1.4.2\"";
    static final String JSON_TYPE = "application/json";
    static final String PROBLEM_TYPE = "application/problem+json";

    private static final Logger LOG = LogManager.getLogger(OfflineWikipediaServer.class);
    private static final int DEFAULT_SEARCH_LIMIT = 50;
    private static final int MAX_SEARCH_LIMIT = 100;
    private static final int THREADS = 4;

    private final ObjectMapper json = JsonMapper.builder().build();
    private final OfflineWikipediaData data;
    private final SummaryGenerator generator;
    private final SummaryGenerator wrapper;
    private final Map<String, String> leads;
    private final HttpServer server;
    private final ExecutorService executor;

    private OfflineWikipediaServer(boolean generate, Map<String, String> leads) throws IOException {
        data = OfflineWikipediaData.load(json);
        generator = generate ? new SummaryGenerator(json) : null;
        wrapper = new SummaryGenerator(json);
        this.leads = new HashMap<>();
        leads.forEach((title, extract) -> this.leads.put(normalise(title), extract));
        // The JDK server writes headers and body apart; without TCP_NODELAY each answer waits for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        executor = Executors.newFixedThreadPool(THREADS, DaemonThreads.named("offline-wikipedia"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Loads the bundled data and starts serving it. */
    public static OfflineWikipediaServer start() throws IOException {
        return start(false);
    }

    /**
     * Like {@link #start()}, and answers every unknown title with a generated company summary (see
     * {@code SummaryGenerator}), so that benchmarks and fault tests over thousands of made-up
     * companies really score every record. Label its results {@link #GENERATED_SOURCE}.
     */
    public static OfflineWikipediaServer startGenerating() throws IOException {
        return start(true);
    }

    /**
     * Like {@link #start()}, and answers each title of {@code leads} (title to plain-text extract)
     * with a summary whose extract is that text: realistic Wikipedia-style leads for benchmarks.
     */
    public static OfflineWikipediaServer startServing(Map<String, String> leads) throws IOException {
        OfflineWikipediaServer offline = new OfflineWikipediaServer(false, leads);
        offline.server.start();
        LOG.info("Offline Wikipedia sample and {} given leads serving at {}", leads.size(), offline.baseUri());
        return offline;
    }

    private static OfflineWikipediaServer start(boolean generate) throws IOException {
        OfflineWikipediaServer offline = new OfflineWikipediaServer(generate, Map.of());
        offline.server.start();
        LOG.info("Offline Wikipedia sample ({} summaries) serving at {}", offline.data.size(), offline.baseUri());
        return offline;
    }

    /** The site URL to configure the client with, e.g. {@code http://127.0.0.1:49152}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops serving at once and ends the server's threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, PROBLEM_TYPE, problem("method_not_allowed", "Method not allowed.", exchange));
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            if (rawPath.startsWith(SUMMARY_PATH)) {
                summary(exchange, rawPath.substring(SUMMARY_PATH.length()));
            } else if (rawPath.equals(SEARCH_PATH)) {
                search(exchange);
            } else {
                send(exchange, 404, PROBLEM_TYPE, problem("not_found", "Not found.", exchange));
            }
        } catch (RuntimeException e) {
            LOG.warn("Offline Wikipedia failed on {}", exchange.getRequestURI().getRawPath(), e);
            send(exchange, 500, PROBLEM_TYPE, problem("internal_error", "Internal error.", exchange));
        }
    }

    private void summary(HttpExchange exchange, String rawSegment) throws IOException {
        Optional<String> decoded = decodePathSegment(rawSegment);
        if (decoded.isEmpty() || decoded.get().isBlank() || rawSegment.contains("/")) {
            send(exchange, 400, PROBLEM_TYPE, problem("bad_request", "Invalid title.", exchange));
            return;
        }
        String title = decoded.get();
        String key = normalise(title);
        if (!key.equals(title) && data.exists(key)) {
            // Like the real API: a title not in normalised form is answered with a 301.
            redirect(exchange, 301, key, null);
            return;
        }
        Optional<String> target = data.redirectTarget(key);
        if (target.isPresent()) {
            redirect(exchange, 302, target.get(), data.summary(target.get()).orElseThrow());
            return;
        }
        Optional<String> summary = data.summary(key);
        if (summary.isPresent()) {
            send(exchange, 200, SUMMARY_TYPE, summary.get());
        } else if (leads.containsKey(key)) {
            send(exchange, 200, SUMMARY_TYPE, wrapper.summaryJson(key.replace('_', ' '), leads.get(key),
                    "Company", baseUri().toString()));
        } else if (generator != null) {
            send(exchange, 200, SUMMARY_TYPE, generator.summaryJson(key.replace('_', ' '), baseUri().toString()));
        } else {
            send(exchange, 404, PROBLEM_TYPE, problem("not_found", "Not found.", exchange));
        }
    }

    private void search(HttpExchange exchange) throws IOException {
        Map<String, String> query = queryParameters(exchange.getRequestURI().getRawQuery());
        String q = query.get("q");
        if (q == null || q.isBlank()) {
            send(exchange, 400, JSON_TYPE, badParameter("q", "Parameter \"q\" is required."));
            return;
        }
        int limit = DEFAULT_SEARCH_LIMIT;
        if (query.containsKey("limit")) {
            try {
                limit = Integer.parseInt(query.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_SEARCH_LIMIT) {
                send(exchange, 400, JSON_TYPE, badParameter("limit", "Parameter \"limit\" must be between 1 and 100."));
                return;
            }
        }
        send(exchange, 200, JSON_TYPE, data.search(q, limit));
    }

    private void redirect(HttpExchange exchange, int status, String targetKey, String body) throws IOException {
        // Relative, as the real API sends it: resolved against the summary path.
        exchange.getResponseHeaders().set("Location", encodeSegment(targetKey));
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            send(exchange, status, SUMMARY_TYPE, body);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
        String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (accepted != null && accepted.toLowerCase(Locale.ROOT).contains("gzip")) {
            bytes = gzip(bytes);
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String problem(String kind, String title, HttpExchange exchange) {
        ObjectNode problem = json.createObjectNode()
                .put("type", "https://mediawiki.org/wiki/HyperSwitch/errors/" + kind)
                .put("title", title)
                .put("method", exchange.getRequestMethod().toLowerCase(Locale.ROOT))
                .put("detail", describe(kind))
                .put("instance", exchange.getRequestURI().getRawPath());
        return problem.toString();
    }

    private static String describe(String kind) {
        switch (kind) {
            case "not_found":
                return "Page or revision not found.";
            case "bad_request":
                return "The title is not valid.";
            case "method_not_allowed":
                return "Only GET is served.";
            default:
                return "The offline sample server failed.";
        }
    }

    private String badParameter(String name, String message) {
        ObjectNode error = json.createObjectNode()
                .put("errorKey", "paramvalidator-badvalue")
                .put("httpCode", 400)
                .put("httpReason", "Bad Request");
        error.putObject("messageTranslations").put("en", message);
        error.put("name", name);
        return error.toString();
    }

    /** Spaces as underscores, the first letter upper-case: MediaWiki's normal form of a title. */
    static String normalise(String title) {
        String key = title.replaceAll("[\\s_]+", "_").replaceAll("^_|_$", "");
        if (key.isEmpty()) {
            return key;
        }
        int first = key.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
                .append(key.substring(Character.charCount(first))).toString();
    }

    static String encodeSegment(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%28", "(").replace("%29", ")").replace("%2C", ",");
    }

    /** Percent-decodes one path segment as UTF-8 ({@code +} stays a plus); empty when invalid. */
    static Optional<String> decodePathSegment(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // A malformed escape: the parameter is ignored, as if absent.
            }
        }
        return parameters;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}

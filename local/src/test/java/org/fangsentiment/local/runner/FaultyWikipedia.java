package org.fangsentiment.local.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.fangsentiment.concurrent.DaemonThreads;

/**
 * Wikipedia with faults, on loopback: forwards to a real (generated-summary) server, but answers a
 * share of requests with 429 and {@code Retry-After}, with 503, too slowly, or by dropping the
 * connection; and always 503 for titles that start with "Doomed". Faults can be switched off.
 */
final class FaultyWikipedia implements AutoCloseable {

    /** Shares of requests, each in [0, 1], summing to at most 1. */
    record Mix(double tooMany, double unavailable, double slow, double reset) {
        static final Mix NONE = new Mix(0, 0, 0, 0);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16, DaemonThreads.named("faulty-wikipedia"));
    private final HttpClient upstream = HttpClient.newHttpClient();
    private final URI target;
    private final Duration slowDelay;
    private volatile Mix mix;
    private volatile boolean doomActive = true;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    FaultyWikipedia(URI target, Mix mix, Duration slowDelay) throws IOException {
        this.target = target;
        this.mix = mix;
        this.slowDelay = slowDelay;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on, every request is forwarded faithfully. */
    void heal() {
        mix = Mix.NONE;
        doomActive = false;
    }

    int count(String fault) {
        AtomicInteger count = counts.get(fault);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        double roll = ThreadLocalRandom.current().nextDouble();
        Mix m = mix;
        try (exchange) {
            if (doomActive && path.contains("/summary/Doomed")) {
                fail(exchange, "doomed", 503, null);
            } else if (roll < m.tooMany()) {
                fail(exchange, "429", 429, "1");
            } else if (roll < m.tooMany() + m.unavailable()) {
                fail(exchange, "503", 503, null);
            } else if (roll < m.tooMany() + m.unavailable() + m.reset()) {
                counts.computeIfAbsent("reset", k -> new AtomicInteger()).incrementAndGet();
                // Close without any answer: the client sees the connection end.
                exchange.getResponseBody().close();
            } else {
                if (roll < m.tooMany() + m.unavailable() + m.reset() + m.slow()) {
                    counts.computeIfAbsent("slow", k -> new AtomicInteger()).incrementAndGet();
                    Thread.sleep(slowDelay.toMillis());
                }
                forward(exchange);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(HttpExchange exchange, String fault, int status, String retryAfter) throws IOException {
        counts.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        byte[] body = "{\"type\":\"https://mediawiki.org/wiki/HyperSwitch/errors/unavailable\",\"title\":\"busy\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
                .GET().build();
        HttpResponse<byte[]> response = upstream.send(request, HttpResponse.BodyHandlers.ofByteArray());
        response.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
        response.headers().firstValue("Location").ifPresent(l -> exchange.getResponseHeaders().set("Location", l));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

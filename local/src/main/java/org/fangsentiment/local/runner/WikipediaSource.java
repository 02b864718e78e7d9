package org.fangsentiment.local.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;

/**
 * The Wikipedia site a run uses, from {@code --wikipedia}:
 * <ul>
 *   <li>{@code auto}: the configured site (en.wikipedia.org) if a summary request answers 200
 *       within {@link #PROBE_TIMEOUT}, else the bundled offline summaries;</li>
 *   <li>{@code offline}: the bundled offline summaries ({@link OfflineWikipediaServer});</li>
 *   <li>{@code generated}: those, and a generated company summary for any other title, so that
 *       every made-up company is really scored (benchmarks, load runs);</li>
 *   <li>an http(s) URL: any server that speaks the REST API (a mirror, a test server).</li>
 * </ul>
 *
 * @param mode {@code live}, {@code offline}, {@code generated} or {@code url}
 * @param site the base URL to configure the client with
 * @param source the CSV {@code source} value: {@code offline-sample}, else the site's host
 * @param note why this choice was made (for the console)
 */
record WikipediaSource(String mode, URI site, String source, String note, AutoCloseable server) implements AutoCloseable {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    static final String PROBE_TITLE = "Netflix";

    static WikipediaSource resolve(String option, ConsumerConfig config) {
        String value = option == null ? "auto" : option.trim();
        switch (value.toLowerCase(Locale.ROOT)) {
            case "offline":
                return offline("--wikipedia offline");
            case "generated":
                try {
                    OfflineWikipediaServer server = OfflineWikipediaServer.startGenerating();
                    return new WikipediaSource("generated", server.baseUri(), OfflineWikipediaServer.GENERATED_SOURCE,
                            "--wikipedia generated; bundled summaries, and generated ones for every other name", server);
                } catch (IOException e) {
                    throw new RunnerException("The offline Wikipedia server could not start: " + e.getMessage(), e);
                }
            case "auto": {
                URI site = config.wikipediaSiteUrl();
                String failure = probe(site, config.wikipediaUserAgent());
                if (failure == null) {
                    return new WikipediaSource("live", site, site.getHost(), site + " answered", () -> { });
                }
                return offline(site + " is not reachable (" + failure + ")");
            }
            default: {
                URI site;
                try {
                    site = URI.create(value);
                } catch (IllegalArgumentException e) {
                    site = null;
                }
                if (site == null || site.getScheme() == null || site.getHost() == null
                        || !List.of("http", "https").contains(site.getScheme().toLowerCase(Locale.ROOT))) {
                    throw new RunnerException("--wikipedia must be auto, offline, generated or an http(s) URL, not '" + value + "'");
                }
                return new WikipediaSource("url", site, site.getHost(), "--wikipedia " + site, () -> { });
            }
        }
    }

    private static WikipediaSource offline(String why) {
        try {
            OfflineWikipediaServer server = OfflineWikipediaServer.start();
            return new WikipediaSource("offline", server.baseUri(), OfflineWikipediaServer.SOURCE,
                    why + "; using the bundled offline summaries", server);
        } catch (IOException e) {
            throw new RunnerException("The offline Wikipedia server could not start: " + e.getMessage(), e);
        }
    }

    /** Null when the site answered a summary request with 200 in time, else what went wrong. */
    static String probe(URI site, String userAgent) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpRequest request = HttpRequest.newBuilder(site.resolve("/api/rest_v1/page/summary/" + PROBE_TITLE))
                    .timeout(PROBE_TIMEOUT).header("User-Agent", userAgent).GET().build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? null : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IllegalArgumentException e) {
            return "bad site URL: " + e.getMessage();
        }
    }

    /**
     * The advice to give once at start-up when this source is a live Wikipedia site and the
     * configuration sends the default User-Agent, which has no contact; empty otherwise.
     */
    Optional<String> userAgentAdvice(ConsumerConfig config) {
        return config.withWikipediaSite(site).userAgentAdvice();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            // Shutting down a loopback server at the end of a run.
        }
    }
}

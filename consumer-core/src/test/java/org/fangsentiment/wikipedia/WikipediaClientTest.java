package org.fangsentiment.wikipedia;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.logging.log4j.core.LogEvent;
import org.fangsentiment.retry.Backoff;
import org.fangsentiment.testing.GzipBomb;
import org.fangsentiment.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client against a real HTTP server on a loopback port (WireMock), answering with bodies
 * shaped like the real API's. Retry waits are milliseconds, or recorded instead of slept.
 */
class WikipediaClientTest {

    private static final String USER_AGENT =
            "fang-sentiment-test/1.0 (https://example.org/fang-sentiment; ops@example.org) java-http-client";
    private static final String SUMMARY = "/api/rest_v1/page/summary/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InFlightCounter IN_FLIGHT = new InFlightCounter();

    private static WireMockServer server;
    /** Another site: the same host on another port, as far as redirects are concerned. */
    private static WireMockServer elsewhere;

    private final List<Duration> recordedWaits = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(wireMockConfig()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(64)
                // Bodies go out as stubbed: a large one must not shrink on the way.
                .gzipDisabled(true)
                .extensions(IN_FLIGHT));
        server.start();
        elsewhere = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        elsewhere.start();
        // The first request to a fresh server is slow (class loading, JIT); pay for it here.
        try {
            WikipediaClient.newHttpClient(Duration.ofSeconds(10)).send(
                    java.net.http.HttpRequest.newBuilder(URI.create(server.baseUrl() + "/warm-up")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("WireMock did not answer", e);
        }
    }

    @AfterAll
    static void stopServer() {
        server.stop();
        elsewhere.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        elsewhere.resetAll();
    }

    // ---- definitive answers ----------------------------------------------------------------

    @Test
    void standardSummaryIsOkAndSendsUserAgentAndGzip() {
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json"));

        WikiSummary summary = client().lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals("Apple", summary.requestedName());
        assertEquals("Apple Inc.", summary.title());
        assertEquals(server.baseUrl() + "/wiki/Apple_Inc.", summary.canonicalUrl(), "on the configured site");
        assertEquals("American multinational technology company", summary.description());
        assertTrue(summary.extract().startsWith("Apple Inc. is an American multinational technology company"));
        assertFalse(summary.truncated());
        List<ServeEvent> events = server.getAllServeEvents();
        assertEquals(1, events.size());
        assertEquals(USER_AGENT, events.get(0).getRequest().getHeader("User-Agent"));
        assertEquals("gzip", events.get(0).getRequest().getHeader("Accept-Encoding"));
    }

    @Test
    void nameIsTheTitleWhenThereIsNoWikipediaTitle() {
        stubSummary("Netflix", ok("summary/netflix.json"));

        WikiSummary summary = client().lookup("Netflix", "  ");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals("Netflix", summary.title());
        assertEquals(List.of(SUMMARY + "Netflix"), requestedUrls());
    }

    @Test
    void redirectPage302IsFollowed() {
        stubSummary("Facebook,_Inc.", aResponse().withStatus(302).withHeader("Location", "Meta_Platforms")
                .withHeader("Content-Type", Fixtures.SUMMARY_TYPE).withBody(Fixtures.text("summary/meta_platforms.json")));
        stubSummary("Meta_Platforms", ok("summary/meta_platforms.json"));

        WikiSummary summary = client().lookup("Facebook", "Facebook, Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals("Meta Platforms", summary.title());
        assertEquals(server.baseUrl() + "/wiki/Meta_Platforms", summary.canonicalUrl());
        assertEquals(List.of(SUMMARY + "Facebook,_Inc.", SUMMARY + "Meta_Platforms"), requestedUrls());
    }

    @Test
    void nonNormalisedTitle301IsFollowed() {
        stubSummary("apple_Inc.", aResponse().withStatus(301).withHeader("Location", "Apple_Inc."));
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json"));

        WikiSummary summary = client().lookup("Apple", "apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals("Apple Inc.", summary.title());
    }

    @Test
    void redirectLoopIsTransientAndBounded() {
        stubSummary("Loop_A", aResponse().withStatus(302).withHeader("Location", "Loop_B"));
        stubSummary("Loop_B", aResponse().withStatus(302).withHeader("Location", "Loop_A"));

        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> client().lookup("Loop", "Loop A"));

        assertTrue(e.getMessage().contains("redirect"), e.getMessage());
        assertTrue(requestedUrls().size() <= 6, "requests: " + requestedUrls().size());
    }

    @Test
    void redirectWithinTheSiteByAbsoluteUrlIsFollowed() {
        stubSummary("Facebook,_Inc.", aResponse().withStatus(302)
                .withHeader("Location", server.baseUrl() + SUMMARY + "Meta_Platforms"));
        stubSummary("Meta_Platforms", ok("summary/meta_platforms.json"));

        assertEquals(LookupStatus.OK, client().lookup("Facebook", "Facebook, Inc.").status());
        assertEquals(List.of(SUMMARY + "Facebook,_Inc.", SUMMARY + "Meta_Platforms"), requestedUrls());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example/phish", "https://127.0.0.1:{port}/api/rest_v1/page/summary/X",
            "//evil.example/api/rest_v1/page/summary/X", "http://{user}@evil.example/", "ftp://127.0.0.1:{port}/x"})
    void redirectOffTheSiteIsRefusedOnceAndNotRetried(String location) {
        String target = location.replace("{port}", Integer.toString(server.port())).replace("{user}", "127.0.0.1");
        stubSummary("Apple_Inc.", aResponse().withStatus(302).withHeader("Location", target)
                .withHeader("Content-Type", Fixtures.SUMMARY_TYPE).withBody(Fixtures.text("summary/apple_inc.json")));

        try (LogCapture log = new LogCapture()) {
            WikiSummary summary = client().lookup("Apple", "Apple Inc.");

            assertEquals(WikiSummary.refused("Apple", LookupStatus.REDIRECTED_OFF_SITE), summary);
            assertEquals(List.of(SUMMARY + "Apple_Inc."), requestedUrls(), "asked once, never retried");
            List<LogEvent> warnings = log.events(WikipediaClient.class).stream()
                    .filter(e -> e.getMessage().getFormattedMessage().contains("refused")).toList();
            assertEquals(1, warnings.size());
            String message = warnings.get(0).getMessage().getFormattedMessage();
            assertTrue(message.contains("off the configured site"), message);
            assertFalse(message.contains("@"), "no user-info in the log: " + message);
        }
    }

    @Test
    void redirectToAnotherPortIsNeverRequested() {
        elsewhere.stubFor(get(urlEqualTo(SUMMARY + "Apple_Inc.")).willReturn(ok("summary/apple_inc.json")));
        stubSummary("Apple_Inc.", aResponse().withStatus(301)
                .withHeader("Location", elsewhere.baseUrl() + SUMMARY + "Apple_Inc."));

        WikiSummary summary = client().lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.REDIRECTED_OFF_SITE, summary.status());
        assertEquals("", summary.canonicalUrl());
        assertEquals(0, elsewhere.getAllServeEvents().size(), "the other site was never asked");
    }

    @Test
    void redirectOffTheSiteFromASearchCandidateEndsTheLookup() {
        stubSummary("Zyxwv_Holdings", notFound());
        stubSearch("Netflix", "search-netflix-inc.json");
        server.stubFor(get(urlPathMatching(SUMMARY + "(?!Zyxwv_Holdings).*")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", elsewhere.baseUrl() + "/x")));

        WikiSummary summary = client().lookup("Netflix", "Zyxwv Holdings");

        assertEquals(LookupStatus.REDIRECTED_OFF_SITE, summary.status());
        assertEquals(0, elsewhere.getAllServeEvents().size());
    }

    @Test
    void pageUrlOffTheSiteIsReplacedByTheSitesOwn() throws IOException {
        for (String given : List.of("https://evil.example/phish", "https://en.wikipedia.org/wiki/Apple_Inc.",
                server.baseUrl().replace("http:", "https:") + "/wiki/Apple_Inc.", "javascript:alert(1)",
                "http://" + server.baseUrl().substring("http://".length()) + "@evil.example/")) {
            ObjectNode body = (ObjectNode) JSON.readTree(Fixtures.text("summary/apple_inc.json"));
            ((ObjectNode) body.path("content_urls").path("desktop")).put("page", given);
            server.resetAll();
            stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                    .withBody(JSON.writeValueAsString(body)));

            assertEquals(server.baseUrl() + "/wiki/Apple_Inc.", client().lookup("Apple", "Apple Inc.").canonicalUrl(),
                    given);
        }
        ObjectNode body = (ObjectNode) JSON.readTree(Fixtures.text("summary/apple_inc.json"));
        ((ObjectNode) body.path("content_urls").path("desktop")).put("page", server.baseUrl() + "/wiki/Apple");
        server.resetAll();
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withBody(JSON.writeValueAsString(body)));
        assertEquals(server.baseUrl() + "/wiki/Apple", client().lookup("Apple", "Apple Inc.").canonicalUrl(),
                "the page's own URL on the site is kept");
    }

    @Test
    void aClientThatFollowsRedirectsItselfIsRefused() {
        java.net.http.HttpClient following = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        assertThrows(IllegalArgumentException.class, () -> new WikipediaClient(following, settings()));
    }

    @Test
    void notFoundTitleFallsBackToSearchByName() {
        stubSummary("Zyxwv_Holdings", notFound());
        stubSummary("Netflix_Inc", notFound());
        stubSearch("Netflix%20Inc", "search-netflix-inc.json");
        stubSummary("Netflix", ok("summary/netflix.json"));

        WikiSummary summary = client().lookup("Netflix Inc", "Zyxwv Holdings");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals("Netflix", summary.title());
        assertEquals(List.of(SUMMARY + "Zyxwv_Holdings",
                "/w/rest.php/v1/search/title?q=Netflix%20Inc&limit=5", SUMMARY + "Netflix"), requestedUrls());
    }

    @Test
    void notFoundAndSearchFindsNothingIsNotFound() {
        stubSummary("Zyxwv_Holdings", notFound());
        stubSearch("Zyxwv%20Holdings", "search-empty.json");

        WikiSummary summary = client().lookup("Zyxwv Holdings");

        assertEquals(WikiSummary.notFound("Zyxwv Holdings"), summary);
    }

    @Test
    void disambiguationSearchesAndTakesTheFirstCompany() {
        stubSummary("Amazon", ok("summary/amazon.json"));
        stubSearch("Amazon", "search-amazon.json");
        stubSummary("Amazon_River", ok("summary/amazon_river.json"));
        stubSummary("Amazon_(company)", ok("summary/amazon_company.json"));

        WikiSummary summary = client().lookup("Amazon");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals("Amazon (company)", summary.title());
        assertEquals(server.baseUrl() + "/wiki/Amazon_(company)", summary.canonicalUrl());
        assertTrue(summary.extract().contains("Jeff Bezos"));
        // The disambiguation page itself is not asked for again; the river is tried and passed over.
        assertEquals(List.of(SUMMARY + "Amazon", "/w/rest.php/v1/search/title?q=Amazon&limit=5",
                SUMMARY + "Amazon_River", SUMMARY + "Amazon_(company)"), requestedUrls());
    }

    @Test
    void disambiguationWithoutACompanyCandidateIsAmbiguous() {
        stubSummary("Mercury", ok("summary-mercury.json"));
        stubSearch("Mercury", "search-mercury.json");
        stubSummary("Mercury_(planet)", ok("summary-mercury-planet.json"));
        stubSummary("Mercury_(element)", ok("summary-mercury-element.json"));

        WikiSummary summary = client().lookup("Mercury");

        assertEquals(WikiSummary.ambiguous("Mercury", "Mercury", server.baseUrl() + "/wiki/Mercury"), summary);
    }

    @Test
    void noExtractPageIsEmpty() {
        stubSummary("Northwind_Traders", ok("summary-no-extract.json"));

        WikiSummary summary = client().lookup("Northwind Traders");

        assertEquals(LookupStatus.EMPTY, summary.status());
        assertEquals("Northwind Traders", summary.title());
        assertEquals("", summary.extract());
        assertEquals(server.baseUrl() + "/wiki/Northwind_Traders", summary.canonicalUrl());
    }

    @Test
    void hugeExtractIsCutAndMarkedTruncated() throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(Fixtures.text("summary/apple_inc.json"));
        String sentence = "Apple designs phones, computers and tablets and sells services to go with them. ";
        body.put("extract", sentence.repeat(2_500));
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withBody(JSON.writeValueAsString(body)));

        WikiSummary summary = client().lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertTrue(summary.truncated());
        assertTrue(summary.extract().length() <= 4_000, "length " + summary.extract().length());
        assertTrue(summary.extract().length() > 3_600, "length " + summary.extract().length());
        assertTrue(summary.extract().endsWith("them."), "cut at a word boundary");
    }

    @Test
    void bodyOverTheLimitIsTooLargeAndAskedForOnce() {
        byte[] body = new byte[(int) PoliteFetcher.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withBody(body));

        try (LogCapture log = new LogCapture()) {
            // Several times: cutting the stream races the HTTP client's own "stream cancelled".
            WikipediaClient client = client();
            for (int lookup = 1; lookup <= 5; lookup++) {
                WikiSummary summary = client.lookup("Apple", "Apple Inc.");

                assertEquals(WikiSummary.refused("Apple", LookupStatus.TOO_LARGE), summary, "lookup " + lookup);
                assertEquals(lookup, requestedUrls().size(), "a permanent answer: one request per lookup");
            }
            assertEquals(5, log.events(WikipediaClient.class).stream().map(e -> e.getMessage().getFormattedMessage())
                    .filter(m -> m.contains("larger than " + PoliteFetcher.MAX_BODY_BYTES + " bytes as sent")).count(),
                    "the log says which limit");
        }
    }

    @Test
    void gzipBombIsTooLargeAndAskedForOnce() {
        byte[] bomb = GzipBomb.bytes();
        assertTrue(bomb.length < PoliteFetcher.MAX_BODY_BYTES, "under the limit as sent: " + bomb.length);
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withHeader("Content-Encoding", "gzip").withBody(bomb));

        try (LogCapture log = new LogCapture()) {
            WikiSummary summary = client().lookup("Apple", "Apple Inc.");

            assertEquals(WikiSummary.refused("Apple", LookupStatus.TOO_LARGE), summary);
            assertEquals(List.of(SUMMARY + "Apple_Inc."), requestedUrls(), "a permanent answer: not asked again");
            assertTrue(log.events(WikipediaClient.class).stream().map(e -> e.getMessage().getFormattedMessage())
                    .anyMatch(m -> m.contains("larger than " + PoliteFetcher.MAX_BODY_BYTES + " bytes once decompressed")),
                    "the log says which limit");
        }
    }

    @Test
    void extractIsSanitised() throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(Fixtures.text("summary/apple_inc.json"));
        body.put("extract", "  Apple\u0007 Inc.\r\n\tis a\u202E company\u0000.\u2028 It\u00A0sells  things.  ");
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withBody(JSON.writeValueAsString(body)));

        WikiSummary summary = client().lookup("Apple", "Apple Inc.");

        assertEquals("Apple Inc. is a company. It sells things.", summary.extract());
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws IOException {
        byte[] body = Fixtures.bytes("summary/apple_inc.json");
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("Cupertino");
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        broken.write(before);
        broken.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        broken.write(text.substring(at).getBytes(StandardCharsets.UTF_8));
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withBody(broken.toByteArray()));

        WikiSummary summary = client().lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertTrue(summary.extract().contains("\uFFFD(\uFFFDCupertino"), summary.extract());
    }

    @Test
    void gzipBodyIsDecoded() throws IOException {
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withHeader("Content-Encoding", "gzip").withBody(gzip(Fixtures.bytes("summary/apple_inc.json"))));

        WikiSummary summary = client().lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals("Apple Inc.", summary.title());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("titlesAndPaths")
    void titleIsEncodedAsOnePathSegment(String title, String expectedSegment) {
        server.stubFor(get(urlEqualTo(SUMMARY + expectedSegment)).willReturn(ok("summary/apple_inc.json")));

        WikiSummary summary = client().lookup(title, title);

        assertEquals(List.of(SUMMARY + expectedSegment), requestedUrls());
        assertEquals(LookupStatus.OK, summary.status());
    }

    static Stream<Arguments> titlesAndPaths() {
        return Stream.of(
                Arguments.of("Apple Inc.", "Apple_Inc."),
                Arguments.of("  Amazon   (company) ", "Amazon_(company)"),
                Arguments.of("AC/DC", "AC%2FDC"),
                Arguments.of("Who? Me", "Who%3F_Me"),
                Arguments.of("100% Pure", "100%25_Pure"),
                Arguments.of("Procter & Gamble", "Procter_%26_Gamble"),
                Arguments.of("C#", "C%23"),
                Arguments.of("A+B=C", "A%2BB%3DC"),
                Arguments.of("Nestlé", "Nestl%C3%A9"),
                Arguments.of("ソニー", "%E3%82%BD%E3%83%8B%E3%83%BC"),
                Arguments.of("Яндекс", "%D0%AF%D0%BD%D0%B4%D0%B5%D0%BA%D1%81"),
                Arguments.of("Pizza 🍕 Co", "Pizza_%F0%9F%8D%95_Co"),
                Arguments.of("..", "%2E%2E"));
    }

    // ---- transient failures ----------------------------------------------------------------

    @Test
    void status429WithRetryAfterSecondsIsHonoured() {
        stubSummary("Apple_Inc.", aResponse().withStatus(429).withHeader("Retry-After", "2")
                .withHeader("Content-Type", "text/html; charset=utf-8").withBody("<html>Too many requests</html>"),
                "429", STARTED, "later");
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json"), "429", "later", "later");

        WikiSummary summary = recordingClient(settings()).lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals(List.of(Duration.ofSeconds(2)), recordedWaits);
        assertEquals(2, requestedUrls().size());
    }

    @Test
    void status429WithRetryAfterHttpDateIsHonoured() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        stubSummary("Apple_Inc.", aResponse().withStatus(429).withHeader("Retry-After", date),
                "429-date", STARTED, "later");
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json"), "429-date", "later", "later");

        WikiSummary summary = recordingClient(settings()).lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals(1, recordedWaits.size());
        Duration wait = recordedWaits.get(0);
        // The date has whole seconds: between two and three seconds from now.
        assertTrue(wait.compareTo(Duration.ofMillis(1_500)) > 0 && wait.compareTo(Duration.ofSeconds(3)) <= 0,
                "waited " + wait);
    }

    @Test
    void retryAfterBeyondTheCapEndsTheLookupAtOnce() {
        stubSummary("Apple_Inc.", aResponse().withStatus(429).withHeader("Retry-After", "120"));

        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> recordingClient(settings()).lookup("Apple", "Apple Inc."));

        assertTrue(e.getMessage().contains("120 s"), e.getMessage());
        assertEquals(1, e.attempts());
        assertEquals(List.of(), recordedWaits);
    }

    @Test
    void status503ThenOkIsRetried() {
        stubSummary("Apple_Inc.", aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                .withBody("<html>Service Unavailable</html>"), "503", STARTED, "up");
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json"), "503", "up", "up");

        WikiSummary summary = client().lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals(2, requestedUrls().size());
    }

    @Test
    void waitsBetweenRetriesStayWithinTheSharedBackoff() {
        ResponseDefinitionBuilder unavailable = aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                .withBody("<html>Service Unavailable</html>");
        stubSummary("Apple_Inc.", unavailable, "503x3", STARTED, "one");
        stubSummary("Apple_Inc.", unavailable, "503x3", "one", "two");
        stubSummary("Apple_Inc.", unavailable, "503x3", "two", "up");
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json"), "503x3", "up", "up");
        WikipediaSettings settings = settings();

        WikiSummary summary = recordingClient(settings).lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals(3, recordedWaits.size(), "one wait before each of the three retries");
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        for (int retry = 0; retry < recordedWaits.size(); retry++) {
            Duration wait = recordedWaits.get(retry);
            assertTrue(!wait.isNegative() && wait.compareTo(backoff.ceiling(retry)) <= 0,
                    "retry " + retry + " waited " + wait + ", ceiling " + backoff.ceiling(retry));
        }
    }

    @Test
    void persistent5xxThrowsTransientWhenTheBudgetIsSpent() {
        stubSummary("Apple_Inc.", aResponse().withStatus(502));

        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> waitTimedClient().lookup("Apple", "Apple Inc."));

        assertTrue(e.getMessage().contains("HTTP 502"), e.getMessage());
        assertTrue(e.getMessage().contains("within the budget of " + WAIT_TIMED_BUDGET.toMillis() + " ms"), e.getMessage());
        // It gives up when the next wait (at most 200 ms) would leave under timeout / 4 = 500 ms of the
        // 1500 ms: the waits add up to over 1000 ms first, so there are at least 6 attempts.
        assertTrue(e.attempts() >= 6, "attempts " + e.attempts());
        assertEquals(e.attempts(), requestedUrls().size(), "every attempt reached the server");
        assertEquals(e.attempts() - 1, recordedWaits.size(), "one wait between attempts");
        Duration waited = recordedWaits.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(WAIT_TIMED_BUDGET) <= 0, "the waits stayed within the budget: " + waited);
    }

    @Test
    void responseSlowerThanTheTimeoutIsRetried() {
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json").withFixedDelay(2_000), "slow", STARTED, "fast");
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json"), "slow", "fast", "fast");

        WikiSummary summary = client(settings(Duration.ofMillis(200), Duration.ofSeconds(3)))
                .lookup("Apple", "Apple Inc.");

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals(2, requestedUrls().size());
    }

    @Test
    void alwaysSlowerThanTheTimeoutThrowsTransient() {
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json").withFixedDelay(2_000));

        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> client(settings(Duration.ofMillis(150), Duration.ofMillis(500))).lookup("Apple", "Apple Inc."));

        // The client itself gave up because the budget was spent, each attempt cut by the timeout;
        // it stops before an attempt with under timeout / 4 left, so each one spends at least
        // 37.5 ms of the 500 ms and there are at most 14.
        assertTrue(e.getMessage().contains("within the budget of 500 ms; last problem: timeout"), e.getMessage());
        assertTrue(e.attempts() >= 1 && e.attempts() <= 14, "attempts " + e.attempts());
    }

    @Test
    void connectionRefusedThrowsTransient() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        WikipediaSettings settings = new WikipediaSettings(URI.create("http://127.0.0.1:" + closedPort), USER_AGENT,
                4, Duration.ofMillis(200), Duration.ofMillis(300), 4_000,
                Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));

        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> client(settings).lookup("Apple", "Apple Inc."));

        assertTrue(e.getMessage().contains("connection error"), e.getMessage());
        assertTrue(e.attempts() >= 2, "attempts " + e.attempts());
    }

    @Test
    void malformedJsonIsTransient() {
        stubSummary("Apple_Inc.", ok("malformed-summary.json"));

        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> waitTimedClient().lookup("Apple", "Apple Inc."));

        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("Cupertino"), "the body is not echoed");
    }

    @Test
    void malformedJsonThenValidIsOk() {
        stubSummary("Apple_Inc.", ok("malformed-summary.json"), "truncated", STARTED, "whole");
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json"), "truncated", "whole", "whole");

        assertEquals(LookupStatus.OK, client().lookup("Apple", "Apple Inc.").status());
    }

    @Test
    void wrongContentTypeIsTransient() {
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<html><body>Please log in to the hotel Wi-Fi</body></html>"));

        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> waitTimedClient().lookup("Apple", "Apple Inc."));

        assertTrue(e.getMessage().contains("Content-Type is text/html"), e.getMessage());
    }

    @Test
    void notFoundThatIsNotProblemJsonIsNotADefinitiveAnswer() {
        // WireMock's own answer to an unstubbed path: plain text, like a wrong site URL would give.
        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> client().lookup("Apple", "Apple Inc."));

        assertTrue(e.getMessage().contains("site URL"), e.getMessage());
        assertEquals(1, requestedUrls().size());
    }

    @Test
    void corruptGzipIsTransient() {
        stubSummary("Apple_Inc.", aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withHeader("Content-Encoding", "gzip").withBody(new byte[] {31, -117, 8, 0, 1, 2, 3}));

        TransientLookupException e = assertThrows(TransientLookupException.class,
                () -> waitTimedClient().lookup("Apple", "Apple Inc."));

        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    // ---- manners ----------------------------------------------------------------------------

    @Test
    void concurrencyIsBoundedByMaxInFlight() throws Exception {
        server.stubFor(get(urlEqualTo(SUMMARY + "Apple_Inc.")).willReturn(ok("summary/apple_inc.json")
                .withTransformers(InFlightCounter.NAME)));

        assertEquals(3, maxInFlightSeen(3, 18));
        // The measurement can see more: without the bound the same load overlaps further.
        assertTrue(maxInFlightSeen(18, 18) > 3, "the server saw the unbounded client's overlap");
    }

    @Test
    void deprecationHeaderIsLoggedWithParameters() {
        stubSummary("Apple_Inc.", ok("summary/apple_inc.json").withHeader("Deprecation", "@1767225600")
                .withHeader("Sunset", "Fri, 01 Jan 2027 00:00:00 GMT"));

        try (LogCapture log = new LogCapture()) {
            WikipediaClient client = client();
            client.lookup("Apple", "Apple Inc.");
            client.lookup("Apple", "Apple Inc.");

            List<LogEvent> warnings = log.events(PoliteFetcher.class).stream()
                    .filter(e -> e.getMessage().getFormattedMessage().contains("deprecation")).toList();
            assertEquals(1, warnings.size(), "logged once per announcement");
            String message = warnings.get(0).getMessage().getFormattedMessage();
            assertTrue(message.contains("Deprecation=@1767225600"), message);
            assertTrue(message.contains("Sunset=Fri, 01 Jan 2027"), message);
            assertTrue(List.of(warnings.get(0).getMessage().getParameters()).contains("@1767225600"),
                    "the header value is a {} parameter, not part of the format");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private int maxInFlightSeen(int maxInFlight, int lookups) throws Exception {
        IN_FLIGHT.reset();
        WikipediaSettings settings = new WikipediaSettings(URI.create(server.baseUrl()), USER_AGENT, maxInFlight,
                Duration.ofSeconds(5), Duration.ofSeconds(20), 4_000,
                Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));
        WikipediaClient client = client(settings);
        ExecutorService pool = Executors.newFixedThreadPool(lookups);
        try {
            List<Future<WikiSummary>> results = new ArrayList<>();
            for (int i = 0; i < lookups; i++) {
                results.add(pool.submit(() -> client.lookup("Apple", "Apple Inc.")));
            }
            for (Future<WikiSummary> result : results) {
                assertEquals(LookupStatus.OK, result.get().status());
            }
        } finally {
            pool.shutdownNow();
        }
        return IN_FLIGHT.max();
    }

    private static ResponseDefinitionBuilder ok(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SUMMARY_TYPE)
                .withBody(Fixtures.text(fixture));
    }

    private static ResponseDefinitionBuilder notFound() {
        return aResponse().withStatus(404).withHeader("Content-Type", Fixtures.PROBLEM_TYPE)
                .withBody(Fixtures.text("problem-404.json"));
    }

    private static void stubSummary(String segment, ResponseDefinitionBuilder response) {
        server.stubFor(get(urlEqualTo(SUMMARY + segment)).willReturn(response));
    }

    private static void stubSummary(String segment, ResponseDefinitionBuilder response, String scenario,
            String state, String nextState) {
        server.stubFor(get(urlEqualTo(SUMMARY + segment)).inScenario(scenario).whenScenarioStateIs(state)
                .willSetStateTo(nextState).willReturn(response));
    }

    private static void stubSearch(String encodedQuery, String fixture) {
        server.stubFor(get(urlEqualTo("/w/rest.php/v1/search/title?q=" + encodedQuery + "&limit=5"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", Fixtures.SEARCH_TYPE)
                        .withBody(Fixtures.text(fixture))));
    }

    /** The URLs the server received, oldest first, exactly as sent (still percent-encoded). */
    private static List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            urls.add(0, event.getRequest().getUrl());
        }
        return urls;
    }

    private static WikipediaSettings settings() {
        // Timeouts far above what a loopback server needs, so that a busy machine causes no retry.
        return new WikipediaSettings(URI.create(server.baseUrl()), USER_AGENT, 4, Duration.ofSeconds(5),
                Duration.ofSeconds(10), 4_000, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));
    }

    /** Settings for a test that spends its budget: requests do not time out, backoffs are short. */
    private static WikipediaSettings settings(Duration budget) {
        return settings(Duration.ofSeconds(1), budget);
    }

    private static WikipediaSettings settings(Duration timeout, Duration budget) {
        return new WikipediaSettings(URI.create(server.baseUrl()), USER_AGENT, 4, timeout, budget, 4_000,
                Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));
    }

    private static WikipediaClient client() {
        return client(settings());
    }

    private static WikipediaClient client(WikipediaSettings settings) {
        return new WikipediaClient(WikipediaClient.newHttpClient(Duration.ofSeconds(1)), settings);
    }

    /** Budget of {@link #waitTimedClient}: room for several retries, none of them timing out. */
    private static final Duration WAIT_TIMED_BUDGET = Duration.ofMillis(1_500);

    /**
     * A client whose lookup budget runs on a clock that only its waits advance, and that records
     * them instead of sleeping: a test of retrying until the budget is spent then counts the
     * same retries on a busy machine as on an idle one (a slow request costs no budget).
     */
    private WikipediaClient waitTimedClient() {
        AtomicLong clock = new AtomicLong();
        WikipediaSettings settings = settings(Duration.ofSeconds(2), WAIT_TIMED_BUDGET)
                .withRetryPacing(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(5));
        return new WikipediaClient(WikipediaClient.newHttpClient(Duration.ofSeconds(1)), settings, wait -> {
            recordedWaits.add(wait);
            clock.addAndGet(wait.toNanos());
        }, clock::get);
    }

    /** A client that records the waits between retries instead of sleeping. */
    private WikipediaClient recordingClient(WikipediaSettings settings) {
        return new WikipediaClient(WikipediaClient.newHttpClient(Duration.ofSeconds(1)), settings, recordedWaits::add);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /**
     * Counts the requests the server is working on at once; it holds each for a moment, standing
     * in for a slow server, so that requests the client lets through overlap.
     */
    static final class InFlightCounter implements ResponseDefinitionTransformerV2 {
        static final String NAME = "in-flight-counter";
        private static final long HOLD_MILLIS = 150;

        private final AtomicInteger current = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            int now = current.incrementAndGet();
            max.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(HOLD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                current.decrementAndGet();
            }
            return serveEvent.getResponseDefinition();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }

        void reset() {
            current.set(0);
            max.set(0);
        }

        int max() {
            return max.get();
        }
    }
}

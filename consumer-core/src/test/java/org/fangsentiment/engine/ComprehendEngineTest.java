package org.fangsentiment.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.sentiment.SentimentLabel;
import org.fangsentiment.stack.ComprehendServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.comprehend.ComprehendClient;

/**
 * The Comprehend engine against the Comprehend-compatible server of test-support (moto has no
 * BatchDetectSentiment and no fault injection): micro-batching, the mapping, the fallback of failed
 * batch items to DetectSentiment, and retries of throttling and service errors.
 */
class ComprehendEngineTest {

    private static ComprehendServer server;
    private static ComprehendClient client;
    private static ExecutorService threads;

    /** The waits the engine asked for, not spent. */
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private ComprehendEngine engine;

    @BeforeAll
    static void start() throws Exception {
        server = ComprehendServer.start();
        URI unused = URI.create("http://127.0.0.1:1");
        client = AwsClients.forEndpoints(new AwsClients.Endpoints(unused, unused, unused)
                .withComprehend(server.endpoint()), Region.US_EAST_1).comprehend();
        threads = Executors.newFixedThreadPool(40);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
        // A wide linger: texts submitted together are sure to share a batch, however busy the machine.
        engine = new ComprehendEngine(client, ComprehendEngine.BACKOFF, ComprehendEngine.MAX_ATTEMPTS, waits::add,
                Duration.ofSeconds(1));
    }

    @Test
    void oneTextIsOneDetectSentimentCallMappedToLabelAndPositiveMinusNegative() {
        Scored scored = engine.score("Acme won an award for its anvils.");
        assertEquals(SentimentLabel.POSITIVE, scored.label());
        double[] s = ComprehendServer.scores("POSITIVE");
        assertEquals(s[0] - s[1], scored.score(), 1e-6); // Comprehend's scores are 32-bit floats
        assertTrue(scored.distribution().isEmpty() && scored.sentenceCount().isEmpty() && scored.evidence().isEmpty());
        assertFalse(scored.truncated());
        assertEquals(List.of(new ComprehendServer.Call("DetectSentiment", 1)), server.calls());
        assertEquals(SentimentLabel.MIXED, engine.score("A great product and a lawsuit.").label());
        assertEquals(SentimentLabel.NEGATIVE, engine.score("A fraud.").label());
        assertEquals(SentimentLabel.NEUTRAL, engine.score("A company.").label());
    }

    @Test
    void textsWaitingAtTheSameTimeGoInBatchesOfAtMost25() throws Exception {
        int n = 40;
        CountDownLatch ready = new CountDownLatch(n);
        List<Future<Scored>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = i % 2 == 0 ? "Company " + i + " had growth." : "Company " + i + " had a recall.";
            futures.add(threads.submit(() -> {
                ready.countDown();
                ready.await();
                return engine.score(text);
            }));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(i % 2 == 0 ? SentimentLabel.POSITIVE : SentimentLabel.NEGATIVE, futures.get(i).get().label(),
                    "each caller gets the answer to its own text");
        }
        List<ComprehendServer.Call> calls = server.calls();
        assertEquals(n, calls.stream().mapToInt(ComprehendServer.Call::texts).sum(), calls.toString());
        assertTrue(calls.stream().allMatch(c -> c.texts() <= 25), calls.toString());
        assertTrue(calls.size() < n / 2, "texts were coalesced: " + calls);
        assertTrue(calls.stream().anyMatch(c -> c.operation().equals("BatchDetectSentiment")), calls.toString());
    }

    @Test
    void aFailedBatchItemIsAskedAgainAloneWithDetectSentiment() throws Exception {
        server.failBatchItemsWith("Flaky");
        List<Scored> results = scoreTogether(List.of("Steady had growth.", "Flaky had growth.", "Calm had a loss."));
        assertEquals(List.of(SentimentLabel.POSITIVE, SentimentLabel.POSITIVE, SentimentLabel.NEGATIVE),
                results.stream().map(Scored::label).toList());
        assertEquals(List.of(new ComprehendServer.Call("BatchDetectSentiment", 3),
                new ComprehendServer.Call("DetectSentiment", 1)), server.calls());
    }

    @Test
    void throttlingIsRetriedWithTheBackoffAndThenAnswered() {
        server.throttleNext(2);
        assertEquals(SentimentLabel.NEGATIVE, engine.score("A scandal.").label());
        assertEquals(3, server.calls().size());
        assertEquals(2, waits.size());
        assertTrue(waits.get(0).compareTo(ComprehendEngine.BACKOFF.ceiling(0)) < 0, waits.toString());
        assertTrue(waits.get(1).compareTo(ComprehendEngine.BACKOFF.ceiling(1)) < 0, waits.toString());
    }

    @Test
    void throttlingPastTheAttemptsIsTheRecordsFailureNeverALabel() {
        server.throttleNext(100);
        SentimentUnavailableException e = assertThrows(SentimentUnavailableException.class, () -> engine.score("x"));
        assertEquals("Comprehend DetectSentiment failed with ThrottlingException (HTTP 400), still after 6 attempts",
                e.getMessage());
        assertEquals(ComprehendEngine.MAX_ATTEMPTS, server.calls().size());
        assertEquals(ComprehendEngine.MAX_ATTEMPTS - 1, waits.size());
    }

    @Test
    void aThrottledBatchFailsEveryRecordInItAfterTheRetries() throws Exception {
        server.throttleCallsWith("Busy");
        List<Future<Scored>> futures = submitTogether(List.of("Busy had growth.", "Other had growth."));
        for (Future<Scored> f : futures) {
            Exception e = assertThrows(Exception.class, f::get);
            assertTrue(e.getCause() instanceof SentimentUnavailableException, String.valueOf(e.getCause()));
        }
        server.throttleCallsWith(null);
        assertEquals(SentimentLabel.POSITIVE, engine.score("Other had growth.").label(), "the next delivery is scored");
    }

    @Test
    void aBatchTheServiceFailsIsSplitIntoSingleCallsAtOnce() throws Exception {
        server.failNext(1);
        List<Scored> results = scoreTogether(List.of("Steady had growth.", "Calm had a loss."));
        assertEquals(List.of(SentimentLabel.POSITIVE, SentimentLabel.NEGATIVE), results.stream().map(Scored::label).toList());
        assertEquals(List.of("BatchDetectSentiment", "DetectSentiment", "DetectSentiment"),
                server.calls().stream().map(ComprehendServer.Call::operation).toList());
        assertTrue(waits.isEmpty(), "the failed batch is not retried as a batch");
    }

    @Test
    void aServiceErrorIsRetriedLikeThrottling() {
        server.failNext(1);
        assertEquals(SentimentLabel.NEUTRAL, engine.score("A company.").label());
        assertEquals(1, waits.size());
    }

    @Test
    void aTextOverTheLimitIsCutSoTheServiceAcceptsItAndTheCutIsReported() {
        String text = "Acme had growth. ".repeat(400); // 6,800 bytes
        Scored scored = engine.score(text);
        assertEquals(SentimentLabel.POSITIVE, scored.label());
        assertTrue(scored.truncated());
    }

    @Test
    void anInterruptedCallerFailsItsOwnRecordOnly() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(SentimentUnavailableException.class, () -> engine.score("A company."));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
        assertEquals(SentimentLabel.NEUTRAL, engine.score("A company.").label());
    }

    @Test
    void aRefusedBatchFallsBackToOneCallPerTextSoOnlyTheRefusedRecordFails() throws Exception {
        server.refuseCallsWith("Refused");
        List<Future<Scored>> futures = submitTogether(List.of("A company with growth.", "Refused text."));
        assertEquals(SentimentLabel.POSITIVE, futures.get(0).get().label());
        Exception e = assertThrows(Exception.class, () -> futures.get(1).get());
        assertTrue(e.getCause() instanceof SentimentUnavailableException, String.valueOf(e.getCause()));
        assertEquals("Comprehend refused DetectSentiment: InvalidRequestException (HTTP 400)",
                e.getCause().getMessage());
        assertEquals(List.of("BatchDetectSentiment", "DetectSentiment", "DetectSentiment"),
                server.calls().stream().map(ComprehendServer.Call::operation).toList());
        assertTrue(waits.isEmpty(), "a refusal is not retried");
    }

    @Test
    void aBlankTextIsNeutralWithoutACall() {
        assertEquals(ComprehendEngine.BLANK, engine.score("  "));
        assertTrue(server.calls().isEmpty());
    }

    private List<Future<Scored>> submitTogether(List<String> texts) {
        CountDownLatch ready = new CountDownLatch(texts.size());
        List<Future<Scored>> futures = new ArrayList<>();
        for (String text : texts) {
            futures.add(threads.submit(() -> {
                ready.countDown();
                ready.await();
                return engine.score(text);
            }));
        }
        return futures;
    }

    private List<Scored> scoreTogether(List<String> texts) throws Exception {
        List<Scored> results = new ArrayList<>();
        for (Future<Scored> f : submitTogether(texts)) {
            results.add(f.get());
        }
        return results;
    }

}

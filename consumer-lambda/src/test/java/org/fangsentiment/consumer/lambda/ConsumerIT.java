package org.fangsentiment.consumer.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.output.CsvRow;
import org.fangsentiment.output.ObjectKeys;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.ProjectFiles;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The consumer handler with the repository's SQS event files, the real CoreNLP pipeline, a real
 * S3 emulator, and Wikipedia played by the bundled offline server (behind WireMock, which adds the
 * failures the offline server never makes: 503s and slow answers).
 */
@ExtendWith(AwsBackendExtension.class)
class ConsumerIT {

    private static final Held SLOW = new Held();
    private static OfflineWikipediaServer offline;
    private static WireMockServer wikipedia;
    private static final ExecutorService WORKERS = BatchRunner.threads(4);

    private final AwsBackend backend;
    private final AwsClients clients;

    ConsumerIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
    }

    @BeforeAll
    static void startWikipedia() throws Exception {
        offline = OfflineWikipediaServer.start();
        wikipedia = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(SLOW));
        wikipedia.start();
        // Everything goes to the offline server, except the companies that play failures.
        wikipedia.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(offline.baseUri().toString())));
        wikipedia.stubFor(get(urlPathEqualTo("/api/rest_v1/page/summary/Flaky_Corp")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "text/plain").withBody("busy")));
        wikipedia.stubFor(get(urlPathEqualTo("/api/rest_v1/page/summary/Slow_Corp")).atPriority(1)
                .willReturn(aResponse().withStatus(404).withTransformers(Held.NAME)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"https://mediawiki.org/wiki/HyperSwitch/errors/not_found\",\"title\":\"Not found.\"}")));
    }

    @AfterAll
    static void stopWikipedia() {
        SLOW.release();
        wikipedia.stop();
        offline.close();
        WORKERS.shutdownNow();
    }

    private ConsumerConfig config(String purpose) {
        return config(purpose, 6_000, 1_500);
    }

    private ConsumerConfig config(String purpose, int timeoutMs, int budgetMs) {
        ResourceNames fresh = backend.freshResources(purpose, Duration.ofSeconds(60));
        return ConsumerConfig.fromMap(Map.of(
                        ConsumerConfig.ENV_WIKIPEDIA_TIMEOUT_MS, Integer.toString(timeoutMs),
                        ConsumerConfig.ENV_WIKIPEDIA_BUDGET_MS, Integer.toString(budgetMs)))
                .withBucket(fresh.bucket())
                .withWikipediaSite(URI.create(wikipedia.baseUrl()));
    }

    private ConsumerHandler handler(ConsumerConfig config) {
        CompanyProcessor processor = CompanyProcessor.create(config, clients.s3(), SentimentEngines.coreNlp(), OfflineWikipediaServer.SOURCE,
                Clock.systemUTC());
        return new ConsumerHandler(processor, new BatchRunner(WORKERS));
    }

    private Map<String, CSVRecord> objects(ConsumerConfig config) throws Exception {
        Map<String, CSVRecord> rows = new HashMap<>();
        for (S3Object object : clients.s3().listObjectsV2(list -> list.bucket(config.bucketName())).contents()) {
            var got = clients.s3().getObjectAsBytes(get -> get.bucket(config.bucketName()).key(object.key()));
            assertEquals("text/csv; charset=utf-8", got.response().contentType(), object.key());
            try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(got.asUtf8String()))) {
                assertEquals(CsvRow.HEADER, parser.getHeaderNames(), object.key());
                List<CSVRecord> records = parser.getRecords();
                assertEquals(1, records.size(), "one row per company in " + object.key());
                rows.put(object.key(), records.get(0));
            }
        }
        return rows;
    }

    private static SQSEvent event(String file) {
        return EventLoader.loadSQSEvent(ProjectFiles.resolve("events/" + file).toString());
    }

    @Test
    void theFiveFangCompaniesGiveFiveObjectsUnderTheirOwnNames() throws Exception {
        ConsumerConfig config = config("fang");

        SQSBatchResponse response = handler(config).handleRequest(event("sqs-fang.json"), new LambdaContext());

        assertEquals(List.of(), response.getBatchItemFailures());
        Map<String, CSVRecord> rows = objects(config);
        Map<String, String> expectedTitles = Map.of("Facebook", "Meta Platforms", "Amazon", "Amazon (company)",
                "Apple", "Apple Inc.", "Netflix", "Netflix", "Google", "Google");
        assertEquals(expectedTitles.keySet().stream()
                        .map(name -> "sentiment/dt=2025-01-15/" + name.toLowerCase() + "_sentiment.csv")
                        .collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(rows.keySet()));
        rows.forEach((key, row) -> {
            String company = row.get("company");
            assertEquals("sentiment/dt=2025-01-15/" + company.toLowerCase() + "_sentiment.csv", key, "row under its own name");
            assertEquals(expectedTitles.get(company), row.get("wikipedia_title"), company);
            assertEquals("OK", row.get("status"), company);
            assertTrue(Set.of("POSITIVE", "NEGATIVE", "NEUTRAL", "MIXED").contains(row.get("sentiment")), company);
            double sum = 0;
            for (String p : List.of("p_very_negative", "p_negative", "p_neutral", "p_positive", "p_very_positive")) {
                sum += Double.parseDouble(row.get(p));
            }
            assertEquals(1.0, sum, 0.001, company);
            assertEquals(OfflineWikipediaServer.SOURCE, row.get("source"));
            assertEquals("2025-01-15T06:00:00.412Z", row.get("run_id"));
            assertTrue(Integer.parseInt(row.get("sentence_count")) >= 2, company);
            // score is the rule's signed strength and agrees with the label; evidence explains every non-NEUTRAL row
            double score = Double.parseDouble(row.get("score"));
            switch (row.get("sentiment")) {
                case "POSITIVE" -> assertTrue(score >= 0.5, company + " " + score);
                case "NEGATIVE" -> assertTrue(score <= -0.5, company + " " + score);
                default -> assertTrue(Math.abs(score) <= 0.25, company + " " + score);
            }
            assertEquals(row.get("sentiment").equals("NEUTRAL"), row.get("evidence").isEmpty(),
                    company + ": " + row.get("evidence"));
            assertEquals("corenlp", row.get("engine"), company);
        });
        assertEquals(List.of("evidence", "engine"), CsvRow.HEADER.subList(CsvRow.HEADER.size() - 2, CsvRow.HEADER.size()),
                "evidence, then the engine, are the last columns");
    }

    @Test
    void aMixedBatchReportsExactlyThePoisonAndTheTransientRecords() throws Exception {
        ConsumerConfig config = config("mixed");
        SQSEvent event = event("sqs-poison.json");
        List<SQSEvent.SQSMessage> records = new java.util.ArrayList<>(event.getRecords());
        records.add(message("good-1", "{\"name\":\"Netflix\"}"));
        records.add(message("notfound-1", "{\"name\":\"Nowhere Holdings Zzq\"}"));
        records.add(message("transient-1", "{\"name\":\"Flaky Corp\"}"));
        event.setRecords(records);

        SQSBatchResponse response = handler(config).handleRequest(event, new LambdaContext());

        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        Set<String> expected = new java.util.HashSet<>();
        event("sqs-poison.json").getRecords().forEach(r -> expected.add(r.getMessageId()));
        expected.add("transient-1");
        assertEquals(expected, failed, "every poison body and the transient failure; nothing else");
        Map<String, CSVRecord> rows = objects(config);
        assertEquals(2, rows.size(), rows.keySet().toString());
        CSVRecord notFound = rows.values().stream().filter(r -> r.get("company").startsWith("Nowhere")).findFirst().orElseThrow();
        assertEquals("NOT_FOUND", notFound.get("status"));
        assertEquals("", notFound.get("sentiment"));
    }

    @Test
    void redeliveryOverwritesTheSameObjects() throws Exception {
        ConsumerConfig config = config("redelivery");
        ConsumerHandler handler = handler(config);
        handler.handleRequest(event("sqs-fang.json"), new LambdaContext());
        Map<String, CSVRecord> first = objects(config);

        SQSBatchResponse again = handler.handleRequest(event("sqs-fang.json"), new LambdaContext());

        assertEquals(List.of(), again.getBatchItemFailures());
        Map<String, CSVRecord> second = objects(config);
        assertEquals(first.keySet(), second.keySet(), "same keys, no duplicates");
        for (String key : first.keySet()) {
            assertTrue(second.get(key).get("processed_at").compareTo(first.get(key).get("processed_at")) > 0,
                    "overwritten: " + key);
        }
    }

    @Test
    void theSeedsMessagesTakeTheirRunFromSentTimestamp() throws Exception {
        ConsumerConfig config = config("seed");

        SQSBatchResponse response = handler(config).handleRequest(event("sqs-seed-format.json"), new LambdaContext());

        assertEquals(List.of(), response.getBatchItemFailures());
        Map<String, CSVRecord> rows = objects(config);
        assertEquals(5, rows.size());
        assertTrue(rows.keySet().stream().allMatch(k -> k.startsWith("sentiment/dt=2025-01-15/")), rows.keySet().toString());
        CSVRecord apple = rows.get("sentiment/dt=2025-01-15/apple_sentiment.csv");
        assertEquals("Apple Inc.", apple.get("wikipedia_title"), "the bare name finds the company, not the fruit");
        assertEquals("2025-01-15T06:00:00.741Z", apple.get("run_id"));
    }

    @Test
    void hostileNamesStayUnderThePrefixAndOutOfFormulas() throws Exception {
        ConsumerConfig config = config("hostile");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(
                message("path", "{\"name\":\"../../etc/passwd\"}"),
                message("formula", "{\"name\":\"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\"}"),
                message("unicode", "{\"name\":\"Zoë \\u202Eevil 🚀\"}")));

        SQSBatchResponse response = handler(config).handleRequest(event, new LambdaContext());

        assertEquals(List.of(), response.getBatchItemFailures());
        Map<String, CSVRecord> rows = objects(config);
        assertEquals(3, rows.size());
        for (String key : rows.keySet()) {
            assertTrue(key.matches("sentiment/dt=\\d{4}-\\d{2}-\\d{2}/[a-z0-9-]+_sentiment\\.csv"), key);
        }
        assertTrue(rows.values().stream().anyMatch(r -> r.get("company").equals("'=HYPERLINK(\"http://evil\",\"x\")")));
        assertTrue(rows.values().stream().anyMatch(r -> r.get("company").equals("../../etc/passwd")));
    }

    @Test
    void aRecordNotDoneBeforeTheDeadlineIsReportedNotDropped() throws Exception {
        // A budget longer than the test, so the deadline is what stops the slow record.
        ConsumerConfig config = config("deadline", 60_000, 120_000);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("fast", "{\"name\":\"Nowhere Holdings Zzq\"}"),
                message("slow", "{\"name\":\"Slow Corp\",\"wikipedia_title\":\"Slow Corp\"}")));
        Map<String, String> reasons = new java.util.concurrent.ConcurrentHashMap<>();
        CompanyProcessor processor = CompanyProcessor.create(config, clients.s3(), SentimentEngines.coreNlp(), OfflineWikipediaServer.SOURCE,
                Clock.systemUTC());
        ThreadPoolExecutor workers = (ThreadPoolExecutor) BatchRunner.threads(2);
        ConsumerHandler handler = new ConsumerHandler(processor, new BatchRunner(workers, reasons::put));
        // The deadline comes once Wikipedia holds the slow record's request (until the end of the
        // class) and the other record has run to its end (a pool task counts as completed only
        // after its outcome is set): then, and not after a guessed time.
        LongSupplier remainingMillis = () -> SLOW.arrived() && workers.getCompletedTaskCount() >= 1
                ? BatchRunner.DEADLINE_RESERVE.toMillis() : 600_000;

        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event, new LambdaContext(remainingMillis));
        } finally {
            workers.shutdownNow();
        }

        assertEquals(List.of("slow"), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals(Map.of("slow", "not finished before the deadline"), reasons, "the deadline is the reason");
        Set<String> keys = objects(config).keySet();
        assertEquals(1, keys.size(), keys.toString());
        assertTrue(keys.iterator().next().endsWith("/" + ObjectKeys.slug("Nowhere Holdings Zzq") + "_sentiment.csv"),
                keys.toString());
    }

    /**
     * Holds each request it is applied to until {@link #release()}, and says when one has arrived:
     * a Wikipedia that answers later than any deadline, without a fixed delay to guess.
     */
    static final class Held implements ResponseDefinitionTransformerV2 {
        static final String NAME = "held";
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            arrived.countDown();
            try {
                released.await(5, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return serveEvent.getResponseDefinition();
        }

        boolean arrived() {
            return arrived.getCount() == 0;
        }

        void release() {
            released.countDown();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setAttributes(Map.of("SentTimestamp", Long.toString(System.currentTimeMillis()),
                "ApproximateReceiveCount", "1"));
        return message;
    }
}

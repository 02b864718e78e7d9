package org.fangsentiment.consumer.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.engine.ComprehendEngine;
import org.fangsentiment.engine.SentimentEngine;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.output.CsvRow;
import org.fangsentiment.retry.Backoff;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ComprehendServer;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.ProjectFiles;
import org.fangsentiment.wikipedia.WikipediaClient;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The consumer handler with {@code SENTIMENT_ENGINE=comprehend}: the repository's SQS event, the
 * offline Wikipedia server, a real S3 emulator, and test-support's Comprehend-compatible server
 * (moto has no BatchDetectSentiment): the rows, the batching, the fallback of failed batch items,
 * and a throttled record reported as that record's failure.
 */
@ExtendWith(AwsBackendExtension.class)
class ConsumerComprehendIT {

    private static OfflineWikipediaServer wikipedia;
    private static ComprehendServer comprehend;
    private static final ExecutorService WORKERS = BatchRunner.threads(4);

    private final AwsBackend backend;
    private final AwsClients clients;
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    ConsumerComprehendIT(AwsBackend backend) {
        this.backend = backend;
        // The backend's S3 (and the rest) with Comprehend at the test server, as AwsClients builds them in Lambda.
        this.clients = backend.clients();
    }

    @BeforeAll
    static void start() throws Exception {
        wikipedia = OfflineWikipediaServer.start();
        comprehend = ComprehendServer.start();
    }

    @AfterAll
    static void stop() {
        comprehend.close();
        wikipedia.close();
        WORKERS.shutdownNow();
    }

    @BeforeEach
    void reset() {
        comprehend.reset();
        failures.clear();
    }

    private ConsumerConfig config(String purpose) {
        ResourceNames fresh = backend.freshResources(purpose, Duration.ofSeconds(60));
        return ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_SENTIMENT_ENGINE, "comprehend"))
                .withBucket(fresh.bucket()).withWikipediaSite(wikipedia.baseUri());
    }

    /** The handler as Lambda wires it from the configuration, with the engine's retries paced in microseconds. */
    private ConsumerHandler handler(ConsumerConfig config, boolean fastRetries) {
        AwsClients withComprehend = AwsClients.forEndpoints(backend.endpoints().withComprehend(comprehend.endpoint()),
                backend.region());
        SentimentEngine engine = fastRetries
                ? new ComprehendEngine(withComprehend.comprehend(), new Backoff(Duration.ofNanos(1_000),
                        Duration.ofNanos(1_000)), ComprehendEngine.MAX_ATTEMPTS, d -> { }, ComprehendEngine.LINGER)
                : SentimentEngines.create(config.sentimentEngine(), withComprehend::comprehend, () -> {
                    throw new AssertionError("CoreNLP must not be built for SENTIMENT_ENGINE=comprehend");
                });
        CompanyProcessor processor = CompanyProcessor.create(config, clients.s3(), engine, OfflineWikipediaServer.SOURCE,
                Clock.systemUTC());
        return new ConsumerHandler(processor, new BatchRunner(WORKERS, failures::put));
    }

    private Map<String, CSVRecord> rows(ConsumerConfig config) throws Exception {
        Map<String, CSVRecord> rows = new HashMap<>();
        for (S3Object object : clients.s3().listObjectsV2(list -> list.bucket(config.bucketName())).contents()) {
            String csv = clients.s3().getObjectAsBytes(get -> get.bucket(config.bucketName()).key(object.key()))
                    .asUtf8String();
            try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(csv))) {
                assertEquals(CsvRow.HEADER, parser.getHeaderNames());
                CSVRecord row = parser.getRecords().get(0);
                rows.put(row.get("company"), row);
            }
        }
        return rows;
    }

    private static SQSEvent fang() {
        return EventLoader.loadSQSEvent(ProjectFiles.resolve("events/sqs-fang.json").toString());
    }

    @Test
    void theFangCompaniesAreScoredByComprehendInBatchedCalls() throws Exception {
        ConsumerConfig config = config("comprehend");

        SQSBatchResponse response = handler(config, false).handleRequest(fang(), new LambdaContext());

        assertEquals(List.of(), response.getBatchItemFailures());
        Map<String, CSVRecord> rows = rows(config);
        assertEquals(5, rows.size(), rows.keySet().toString());
        WikipediaClient lookups = WikipediaClient.create(config);
        rows.forEach((company, row) -> {
            String extract = lookups.lookup(company, null).extract();
            String label = ComprehendServer.label(extract);
            double[] scores = ComprehendServer.scores(label);
            assertEquals("OK", row.get("status"), company);
            assertEquals(label, row.get("sentiment"), company);
            assertEquals(String.format(Locale.ROOT, "%.4f", (double) (float) scores[0] - (float) scores[1]),
                    row.get("score"), company + ": Positive - Negative");
            for (String column : List.of("p_very_negative", "p_negative", "p_neutral", "p_positive",
                    "p_very_positive", "sentence_count", "evidence")) {
                assertEquals("", row.get(column), company + " " + column);
            }
            assertEquals("comprehend", row.get("engine"), company);
        });
        List<ComprehendServer.Call> calls = comprehend.calls();
        assertEquals(5, calls.stream().mapToInt(ComprehendServer.Call::texts).sum(), calls.toString());
        assertTrue(calls.stream().allMatch(c -> c.texts() <= ComprehendEngine.MAX_BATCH), calls.toString());
    }

    @Test
    void aFailedBatchItemIsScoredByDetectSentimentAndNothingFails() throws Exception {
        ConsumerConfig config = config("comprehenditem");
        comprehend.failBatchItemsWith("Netflix");

        SQSBatchResponse response = handler(config, false).handleRequest(fang(), new LambdaContext());

        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals("comprehend", rows(config).get("Netflix").get("engine"));
        assertEquals(5, rows(config).size());
        List<String> operations = comprehend.calls().stream().map(ComprehendServer.Call::operation).toList();
        assertTrue(operations.contains("DetectSentiment"), operations.toString());
    }

    @Test
    void aRecordThrottledPastTheRetriesIsReportedFailedWithItsReasonAndNotWritten() throws Exception {
        ConsumerConfig config = config("comprehendthrottle");
        comprehend.throttleNext(Integer.MAX_VALUE);

        SQSEvent event = fang();
        SQSBatchResponse response = handler(config, true).handleRequest(event, new LambdaContext());

        List<String> failed = new ArrayList<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        assertEquals(event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).sorted().toList(),
                failed.stream().sorted().toList(), "every record is reported, so SQS redelivers it");
        failures.values().forEach(reason -> assertTrue(reason.startsWith("SentimentUnavailableException: Comprehend ")
                && reason.contains("ThrottlingException (HTTP 400), still after 6 attempts"), reason));
        assertEquals(5, failures.size());
        assertEquals(Map.of(), rows(config), "no row is written with a made-up label");
    }
}

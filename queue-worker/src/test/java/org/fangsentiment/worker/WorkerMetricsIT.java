package org.fangsentiment.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.WorkerConfig;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.CloudWatchServer;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.stack.ResourceSetup;
import org.fangsentiment.testing.LogCapture;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The queue worker's counts reach CloudWatch through {@code PutMetricData} over the wire, as the SDK's
 * client sends it (Smithy RPC v2 CBOR) to {@link CloudWatchServer}: the same names and sums the
 * consumer function's metric line would carry, under the worker's dimension, and nothing lost when a
 * call fails.
 */
@ExtendWith(AwsBackendExtension.class)
class WorkerMetricsIT {

    private static final String RUN_ID = "2026-11-30T06:00:00Z";
    private static CloudWatchServer server;
    private static CloudWatchClient cloudWatch;
    private static OfflineWikipediaServer wikipedia;

    private final AwsBackend backend;
    private final AwsClients clients;

    WorkerMetricsIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
    }

    @BeforeAll
    static void start() throws Exception {
        server = CloudWatchServer.start();
        cloudWatch = client(server.endpoint());
        wikipedia = OfflineWikipediaServer.startGenerating();
    }

    @AfterAll
    static void stop() {
        if (wikipedia != null) {
            wikipedia.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * Four companies and a poison message through the real worker: Processed 4, Lookup_OK 4, four labels,
     * and Failed 5 (the poison's five receives before the queue redrives it), published when the worker stops.
     */
    @Test
    void aRunsCountsArePublishedUnderTheWorkersName() throws Exception {
        ResourceNames names = backend.freshResources("worker-metrics", Duration.ofSeconds(30));
        ResourceSetup.Queues queues = new ResourceSetup(clients).ensureQueues(names.queue(), Duration.ofSeconds(30));
        ConsumerConfig consumer = ConsumerConfig.defaults().withBucket(names.bucket())
                .withWikipediaSite(wikipedia.baseUri());
        List<String> bodies = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            bodies.add("{\"name\":\"Metrics Company " + i + "\"}");
        }
        bodies.add(2, "{\"name\": 42}");
        for (String body : bodies) {
            clients.sqs().sendMessage(send -> send.queueUrl(queues.queueUrl()).messageBody(body)
                    .messageAttributes(Map.of(PipelineContract.RUN_ID_ATTRIBUTE,
                            MessageAttributeValue.builder().dataType("String").stringValue(RUN_ID).build())));
        }
        WorkerConfig config = WorkerConfig.fromMap(Map.of(WorkerConfig.ENV_PARALLELISM, "2",
                WorkerConfig.ENV_VISIBILITY_SECONDS, "30", WorkerConfig.ENV_RETRY_DELAY_SECONDS, "0",
                WorkerConfig.ENV_WAIT_SECONDS, "1", WorkerConfig.ENV_EXIT_WHEN_EMPTY, "true"))
                .withQueueUrl(queues.queueUrl());
        CompanyProcessor processor = CompanyProcessor.create(consumer, clients.s3(), SentimentEngines.coreNlp(),
                OfflineWikipediaServer.GENERATED_SOURCE, Clock.systemUTC());
        String name = "fang-worker-" + UUID.randomUUID();

        try (WorkerMetrics metrics = new WorkerMetrics(cloudWatch, name, Clock.systemUTC())) {
            new QueueWorker(clients.sqs(), queues.queueUrl(), processor, config, batch -> { }, metrics::add).run();
        }

        Map<String, Long> published = publishedSums(name);
        assertEquals(4L, published.get("Processed"), published.toString());
        assertEquals((long) PipelineContract.MAX_RECEIVE_COUNT, published.get("Failed"),
                "one failure per receive of the poison: " + published);
        assertEquals(4L, published.get("Lookup_OK"), published.toString());
        long labels = published.entrySet().stream().filter(e -> e.getKey().startsWith("Label_"))
                .mapToLong(Map.Entry::getValue).sum();
        assertEquals(4L, labels, "one label per scored company: " + published);
        assertTrue(published.keySet().stream().allMatch(n -> n.equals("Processed") || n.equals("Failed")
                || n.startsWith("Lookup_") || n.startsWith("Label_")), "the consumer's metric names only: " + published);
    }

    /** More metrics than one call takes are split over several calls; every one arrives. */
    @Test
    void manyMetricsAreSplitOverCalls() {
        String name = "fang-worker-" + UUID.randomUUID();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < WorkerMetrics.MAX_DATA_PER_CALL + 5; i++) {
            counts.put("Label_L" + i, (long) i + 1);
        }
        WorkerMetrics metrics = new WorkerMetrics(cloudWatch, name, Clock.systemUTC());
        metrics.add(counts);
        metrics.add(Map.of("Label_L0", 10L));
        int callsBefore = server.calls().size();

        assertTrue(metrics.publish());

        assertEquals(2, server.calls().size() - callsBefore, "25 metrics in calls of " + WorkerMetrics.MAX_DATA_PER_CALL);

        Map<String, Long> expected = new TreeMap<>(counts);
        expected.put("Label_L0", 11L);
        assertEquals(expected, publishedSums(name), "the sums of both batches, all " + counts.size() + " of them");
        assertEquals(Map.of(), metrics.pending());
    }

    /**
     * CloudWatch failing (HTTP 500 on every attempt the SDK makes): the failure is logged with its reason, the
     * counts wait, and the next call publishes them with what came since; nothing is counted twice.
     */
    @Test
    void aFailedCallKeepsItsCountsForTheNextAndSaysWhy() {
        String name = "fang-worker-" + UUID.randomUUID();
        WorkerMetrics metrics = new WorkerMetrics(cloudWatch, name, Clock.systemUTC());
        metrics.add(Map.of("Processed", 3L, "Failed", 1L));
        try (LogCapture log = new LogCapture()) {
            server.failNext(100);

            assertFalse(metrics.publish());

            server.failNext(0);
            assertEquals(Map.of("Processed", 3L, "Failed", 1L), metrics.pending(), "kept for the next call");
            assertEquals(Map.of(), publishedSums(name));
            List<JsonNode> warnings = log.since(0, l -> "WARN".equals(l.path("level").asText())
                    && LogCapture.message(l).startsWith("Worker metrics "));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(LogCapture.message(warnings.get(0)).contains("not published")
                    && LogCapture.message(warnings.get(0)).contains("500"), warnings.toString());
        }
        metrics.add(Map.of("Processed", 2L));

        assertTrue(metrics.publish());

        assertEquals(Map.of("Failed", 1L, "Processed", 5L), publishedSums(name));
        assertEquals(Map.of(), metrics.pending());
    }

    /** Every metric the server took under this dimension value, with its sum. */
    private static Map<String, Long> publishedSums(String name) {
        return server.sums(MetricsLog.NAMESPACE, MetricsLog.DIMENSION, name);
    }

    private static CloudWatchClient client(URI endpoint) {
        return CloudWatchClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
    }
}

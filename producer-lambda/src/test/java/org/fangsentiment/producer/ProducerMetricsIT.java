package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.logging.InvocationLog;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.testing.FailingBatchEntries;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.LogCapture;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The producer's counts reach CloudWatch as Embedded Metric Format metrics on its JSON log line,
 * so that invalid items raise the template's alarm instead of passing as a WARN nobody reads.
 */
@ExtendWith(AwsBackendExtension.class)
class ProducerMetricsIT {

    private final AwsBackend backend;
    private final AwsClients clients;

    ProducerMetricsIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
    }

    @Test
    void aRunPublishesScannedSentInvalidAndFailedForItsFunction() {
        ProducerConfig config = backend.freshResources("metrics", Duration.ofSeconds(60)).producerConfig();
        List<Map<String, AttributeValue>> items = new ArrayList<>(TableContents.companies(3));
        items.add(Map.of("name", AttributeValue.fromS("   ")));
        TableContents.put(clients.dynamoDb(), config.tableName(), items);
        LambdaContext context = new LambdaContext("fang-producer", () -> 300_000);

        try (LogCapture log = new LogCapture()) {
            new ProducerHandler(new Producer(clients.dynamoDb(), clients.sqs(), config))
                    .handleRequest(new ScheduledEvent(), context);

            JsonNode line = oneMetricsLine(log);
            assertEquals(Map.of("Scanned", 4L, "Sent", 3L, "Invalid", 1L, "Failed", 0L),
                    LogCapture.emfMetrics(line, MetricsLog.NAMESPACE));
            assertEquals(List.of(List.of(MetricsLog.DIMENSION)).toString(),
                    line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString().replace("\"", ""));
            assertEquals("fang-producer", line.path(MetricsLog.DIMENSION).asText(), "the alarm's dimension");
            line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics")
                    .forEach(metric -> assertEquals("Count", metric.path("Unit").asText(), metric.toString()));
            // Still an ordinary line of the invocation: searchable by request id and run id.
            assertEquals("INFO", line.path("level").asText());
            assertEquals(context.getAwsRequestId(), LogCapture.context(line, LogContext.REQUEST_ID));
            assertEquals("fang-producer", LogCapture.context(line, InvocationLog.FUNCTION_NAME));
        }
    }

    @Test
    void aFailedRunPublishesItsCountsBeforeItThrows() {
        ProducerConfig config = backend.freshResources("metrics-failed", Duration.ofSeconds(60)).producerConfig();
        TableContents.put(clients.dynamoDb(), config.tableName(), TableContents.companies(5));
        FailingBatchEntries failing = new FailingBatchEntries(entry -> entry.messageBody().contains("Company 2\""));
        AwsClients withFailures = backend.clients(failing);
        Producer producer = new Producer(withFailures.dynamoDb(), withFailures.sqs(), config, null,
                new QueueSender.RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2)),
                org.fangsentiment.retry.Sleeper.system(), java.time.Clock.systemUTC());

        try (LogCapture log = new LogCapture()) {
            assertThrows(ProducerIncompleteException.class, () -> new ProducerHandler(producer)
                    .handleRequest(new ScheduledEvent(), new LambdaContext("fang-producer", () -> 300_000)));

            assertEquals(Map.of("Scanned", 5L, "Sent", 4L, "Invalid", 0L, "Failed", 1L),
                    LogCapture.emfMetrics(oneMetricsLine(log), MetricsLog.NAMESPACE));
        }
    }

    /**
     * The metric line is written at every level the template's {@code LogLevel} allows: a deployment that
     * logs only warnings still feeds the dashboard and the invalid-items alarm. Above INFO, the run's own
     * INFO summary is gone (the level took effect) while the metric line, also INFO, is there.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"})
    void theMetricLineIsWrittenAtEveryLogLevel(String logLevel) {
        Level level = Level.valueOf(logLevel);
        ProducerConfig config = backend.freshResources("metrics-" + logLevel.toLowerCase(java.util.Locale.ROOT),
                Duration.ofSeconds(60)).producerConfig();
        List<Map<String, AttributeValue>> items = new ArrayList<>(TableContents.companies(2));
        items.add(Map.of("name", AttributeValue.fromS("   ")));
        TableContents.put(clients.dynamoDb(), config.tableName(), items);

        try (LogCapture log = new LogCapture(level)) {
            new ProducerHandler(new Producer(clients.dynamoDb(), clients.sqs(), config))
                    .handleRequest(new ScheduledEvent(), new LambdaContext("fang-producer", () -> 300_000));

            assertEquals(Map.of("Scanned", 3L, "Sent", 2L, "Invalid", 1L, "Failed", 0L),
                    LogCapture.emfMetrics(oneMetricsLine(log), MetricsLog.NAMESPACE), "at " + level);
            boolean summaryLogged = log.since(0).stream()
                    .anyMatch(l -> LogCapture.message(l).startsWith("Producer run finished: runId="));
            assertEquals(level.isLessSpecificThan(Level.INFO), summaryLogged,
                    "the application's INFO summary follows the level " + level);
            boolean invalidWarned = log.since(0).stream().anyMatch(l -> "WARN".equals(l.path("level").asText())
                    && LogCapture.message(l).startsWith("Item "));
            assertEquals(level.isLessSpecificThan(Level.WARN), invalidWarned, "the invalid item's WARN at " + level);
        }
    }

    private static JsonNode oneMetricsLine(LogCapture log) {
        List<JsonNode> lines = log.since(0, LogCapture::isMetrics);
        assertEquals(1, lines.size(), "one metrics line per run: " + lines);
        return lines.get(0);
    }
}

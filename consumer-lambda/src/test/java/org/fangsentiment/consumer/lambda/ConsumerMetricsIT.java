package org.fangsentiment.consumer.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.LogCapture;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consumer's counts reach CloudWatch as Embedded Metric Format metrics on one JSON log line per
 * invocation: records processed and failed, and the written ones by lookup status and by label.
 */
@ExtendWith(AwsBackendExtension.class)
class ConsumerMetricsIT {

    /**
     * At INFO and at WARN (a deployment's {@code LogLevel} that cuts log cost): the metric line has its own
     * logger, so the dashboard and alarms get the same counts; at WARN the per-record INFO lines are gone.
     */
    @ParameterizedTest
    @ValueSource(strings = {"INFO", "WARN"})
    void aBatchPublishesProcessedFailedLookupStatusesAndLabels(String logLevel, AwsBackend backend) {
        AwsClients clients = backend.clients();
        ExecutorService workers = BatchRunner.threads(2);
        Level level = Level.valueOf(logLevel);
        try (OfflineWikipediaServer wikipedia = OfflineWikipediaServer.start(); LogCapture log = new LogCapture(level)) {
            ConsumerConfig config = backend.freshResources("metrics-" + logLevel.toLowerCase(java.util.Locale.ROOT),
                    Duration.ofSeconds(60)).consumerConfig()
                    .withWikipediaSite(wikipedia.baseUri());
            CompanyProcessor processor = CompanyProcessor.create(config, clients.s3(), SentimentEngines.coreNlp(), OfflineWikipediaServer.SOURCE,
                    Clock.systemUTC());
            ConsumerHandler handler = new ConsumerHandler(processor, new BatchRunner(workers));
            LambdaContext context = new LambdaContext("fang-consumer", () -> 600_000);

            SQSBatchResponse response = handler.handleRequest(event(
                    "{\"name\":\"Netflix\",\"wikipedia_title\":\"Netflix\"}",
                    "{\"name\":\"Acme Widgets\"}",
                    "not json"), context);

            assertEquals(1, response.getBatchItemFailures().size(), "the body that is not JSON");
            List<JsonNode> lines = log.since(0, LogCapture::isMetrics);
            assertEquals(1, lines.size(), "one metrics line per invocation: " + lines);
            JsonNode line = lines.get(0);
            Map<String, Long> metrics = LogCapture.emfMetrics(line, MetricsLog.NAMESPACE);
            assertEquals(2L, metrics.get("Processed"));
            assertEquals(1L, metrics.get("Failed"));
            assertEquals(1L, metrics.get("Lookup_OK"), metrics.toString());
            assertEquals(1L, metrics.get("Lookup_NOT_FOUND"), metrics.toString());
            List<String> labels = metrics.keySet().stream().filter(name -> name.startsWith("Label_")).toList();
            assertEquals(1, labels.size(), "the one scored summary's label: " + metrics);
            assertEquals(1L, metrics.get(labels.get(0)));
            assertEquals("fang-consumer", line.path(MetricsLog.DIMENSION).asText());
            assertEquals(context.getAwsRequestId(), LogCapture.context(line, LogContext.REQUEST_ID));
            assertTrue(line.path("message").asText().startsWith("Consumer metrics"), line.toString());
            boolean wroteLogged = log.since(0).stream().anyMatch(l -> LogCapture.message(l).startsWith("Wrote "));
            assertEquals(level == Level.INFO, wroteLogged, "the per-record INFO line follows the level " + level);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            workers.shutdownNow();
        }
    }

    private static SQSEvent event(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("id-" + i);
            record.setBody(bodies[i]);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}

package org.fangsentiment.consumer.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.logging.InvocationLog;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.LogCapture;
import org.fangsentiment.wikipedia.WikipediaClient;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lines that CompanyProcessor and WikipediaClient write on the handler's worker threads carry
 * the invocation's context: request id, function name, cold start, trace id, and the record's own
 * message id and company. The offline Wikipedia knows neither company, so no text is scored.
 */
@ExtendWith(AwsBackendExtension.class)
class ConsumerLogContextIT {

    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

    @Test
    void workerLinesCarryTheInvocationsContext(AwsBackend backend) throws Exception {
        AwsClients clients = backend.clients();
        ExecutorService workers = BatchRunner.threads(2);
        String traceBefore = System.getProperty(TRACE_PROPERTY);
        try (OfflineWikipediaServer wikipedia = OfflineWikipediaServer.start(); LogCapture log = new LogCapture()) {
            ConsumerConfig config = backend.freshResources("logcontext", Duration.ofSeconds(60)).consumerConfig()
                    .withWikipediaSite(wikipedia.baseUri());
            CompanyProcessor processor = CompanyProcessor.create(config, clients.s3(), SentimentEngines.coreNlp(), OfflineWikipediaServer.SOURCE,
                    Clock.systemUTC());
            ConsumerHandler handler = new ConsumerHandler(processor, new BatchRunner(workers));
            LambdaContext context = new LambdaContext("fang-consumer", () -> 600_000);
            System.setProperty(TRACE_PROPERTY, "Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1");

            SQSBatchResponse response = handler.handleRequest(event("Acme Widgets", "Globex Corp"), context);

            assertEquals(List.of(), response.getBatchItemFailures());
            List<JsonNode> lines = log.since(0, line -> line.path("thread").asText().startsWith("consumer-"));
            assertTrue(lines.stream().anyMatch(l -> l.path("logger").asText().equals(CompanyProcessor.class.getName())),
                    "the processor's 'Wrote' lines in " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.path("logger").asText().equals(WikipediaClient.class.getName())),
                    "the client's fruitless search in " + lines);
            for (JsonNode line : lines) {
                assertEquals(context.getAwsRequestId(), LogCapture.context(line, LogContext.REQUEST_ID), line.toString());
                assertEquals("fang-consumer", LogCapture.context(line, InvocationLog.FUNCTION_NAME), line.toString());
                assertFalse(LogCapture.context(line, InvocationLog.COLD_START).isEmpty(), line.toString());
                assertEquals(ROOT, LogCapture.context(line, InvocationLog.XRAY_TRACE_ID), line.toString());
                assertEquals("id-" + LogCapture.context(line, LogContext.COMPANY),
                        LogCapture.context(line, LogContext.MESSAGE_ID), line.toString());
            }
            assertEquals(Set.of("Acme Widgets", "Globex Corp"), lines.stream()
                    .map(line -> LogCapture.context(line, LogContext.COMPANY)).collect(Collectors.toSet()));
        } finally {
            if (traceBefore == null) {
                System.clearProperty(TRACE_PROPERTY);
            } else {
                System.setProperty(TRACE_PROPERTY, traceBefore);
            }
            workers.shutdownNow();
        }
    }

    private static SQSEvent event(String... companies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String company : companies) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("id-" + company);
            record.setBody("{\"name\":\"" + company + "\"}");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}

package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.ThreadContext;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.logging.InvocationLog;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lines the scanner's segment workers write (here the "item is invalid" warnings) carry the
 * invocation's context: request id, run id, function name, cold start and X-Ray trace id, exactly
 * as the lines of the handler's own thread do.
 */
@ExtendWith(AwsBackendExtension.class)
class ProducerLogContextIT {

    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

    @Test
    void segmentWorkersLogWithTheInvocationsContext(AwsBackend backend) {
        AwsClients clients = backend.clients();
        ProducerConfig config = backend.freshResources("logcontext", Duration.ofSeconds(60)).producerConfig();
        for (int i = 0; i < 12; i++) {
            // A control character makes the item invalid, so each segment worker logs a warning about it.
            String name = "Bad\u0001Corp " + i;
            clients.dynamoDb().putItem(put -> put.tableName(config.tableName()).item(Map.of("name", AttributeValue.fromS(name))));
        }
        ProducerHandler handler = new ProducerHandler(new Producer(clients.dynamoDb(), clients.sqs(), config));
        LambdaContext context = new LambdaContext("fang-producer", () -> 600_000);

        ProducerResult result;
        String traceBefore = System.getProperty(TRACE_PROPERTY);
        try (LogCapture log = new LogCapture()) {
            System.setProperty(TRACE_PROPERTY, "Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1");
            result = handler.handleRequest(null, context);
            List<JsonNode> workerLines = log.since(0, line -> line.path("thread").asText().startsWith("scan-segment-"));

            assertEquals(12, result.invalid());
            assertEquals(12, workerLines.size(), "one warning per invalid item, each from a segment worker");
            for (JsonNode line : workerLines) {
                assertEquals(context.getAwsRequestId(), LogCapture.context(line, LogContext.REQUEST_ID), line.toString());
                assertEquals(result.runId(), LogCapture.context(line, LogContext.RUN_ID), line.toString());
                assertEquals("fang-producer", LogCapture.context(line, InvocationLog.FUNCTION_NAME), line.toString());
                assertFalse(LogCapture.context(line, InvocationLog.COLD_START).isEmpty(), line.toString());
                assertEquals(ROOT, LogCapture.context(line, InvocationLog.XRAY_TRACE_ID), line.toString());
            }
        } finally {
            if (traceBefore == null) {
                System.clearProperty(TRACE_PROPERTY);
            } else {
                System.setProperty(TRACE_PROPERTY, traceBefore);
            }
        }
        assertEquals(Map.of(), ThreadContext.getContext(), "the handler leaves the calling thread as it found it");
    }
}

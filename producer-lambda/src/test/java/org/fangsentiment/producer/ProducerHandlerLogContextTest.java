package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.ThreadContext;
import org.fangsentiment.config.PipelineConfig;
import org.fangsentiment.logging.InvocationLog;
import org.fangsentiment.logging.LogContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;

/**
 * What the scanner's segment workers log with: the thread context each worker has while it pages
 * through its segment, which is what Log4j copies into every line written there (the "item is
 * invalid" warnings, the sends). Read from the context rather than from captured lines because
 * this module has no log-capturing appender of its own yet.
 */
class ProducerHandlerLogContextTest {

    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

    @Test
    void segmentWorkersCarryTheRunIdAndTheRequestId() {
        RecordingTable table = new RecordingTable();
        PipelineConfig config = PipelineConfig.fromMap(Map.of(
                PipelineConfig.ENV_QUEUE_URL, "http://localhost/000000000000/producer",
                PipelineConfig.ENV_SCAN_SEGMENTS, "3"));
        ProducerHandler handler = new ProducerHandler(new Producer(table, new EmptyQueue(), config));

        String traceBefore = System.getProperty(TRACE_PROPERTY);
        ProducerResult result;
        try {
            System.setProperty(TRACE_PROPERTY, "Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1");
            result = handler.handleRequest(null, new LambdaContext("req-7", "fang-producer"));
        } finally {
            if (traceBefore == null) {
                System.clearProperty(TRACE_PROPERTY);
            } else {
                System.setProperty(TRACE_PROPERTY, traceBefore);
            }
        }

        assertEquals(3, result.invalid(), "each segment's one item has no name");
        assertEquals(3, table.seen.size());
        for (Seen seen : table.seen) {
            assertTrue(seen.thread().startsWith("scan-segment-"), seen.thread());
            assertEquals("req-7", seen.context().get(LogContext.REQUEST_ID));
            assertEquals(result.runId(), seen.context().get(LogContext.RUN_ID));
            assertEquals("fang-producer", seen.context().get(InvocationLog.FUNCTION_NAME));
            assertTrue(Set.of("true", "false").contains(seen.context().get(InvocationLog.COLD_START)), seen.toString());
            assertEquals(ROOT, seen.context().get(InvocationLog.XRAY_TRACE_ID));
        }
        assertEquals(Map.of(), ThreadContext.getContext(), "the handler leaves the calling thread as it found it");
    }

    private record Seen(String thread, Map<String, String> context) {
    }

    /** Every segment holds one item without a name; records who scanned it, with what context. */
    private static final class RecordingTable implements DynamoDbClient {
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @Override
        public ScanResponse scan(ScanRequest request) {
            seen.add(new Seen(Thread.currentThread().getName(), ThreadContext.getContext()));
            return ScanResponse.builder().items(List.of(Map.of("id", AttributeValue.fromS("no-name")))).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    /** A queue with the default size limit; nothing valid is ever sent to it. */
    private static final class EmptyQueue implements SqsClient {
        @Override
        public GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest request) {
            return GetQueueAttributesResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    /** The parts of a Lambda context the handler reads. */
    private record LambdaContext(String requestId, String functionName) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
        @Override public String getLogStreamName() { return "stream"; }
        @Override public String getFunctionName() { return functionName; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-west-1:000000000000:function:" + functionName; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 600_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}

package org.fangsentiment.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.apache.logging.log4j.core.LogEvent;
import org.fangsentiment.config.PipelineConfig;
import org.fangsentiment.logging.InvocationLog;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.sentiment.SentimentRule;
import org.fangsentiment.wikipedia.CapturedLog;
import org.fangsentiment.wikipedia.WikipediaClient;
import org.fangsentiment.wikipedia.WikipediaSettings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The lines that CompanyProcessor and WikipediaClient write on the handler's worker threads carry
 * the invocation's context: request id, function name, cold start, trace id, and the record's own
 * message id and company. Wikipedia knows no company here, so no sentiment model is needed.
 */
class ConsumerHandlerLogContextTest {

    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

    @Test
    void workerLinesCarryTheInvocationsContext() throws IOException {
        HttpServer wikipedia = knowsNothing();
        ExecutorService workers = ConsumerHandler.workers(2);
        String traceBefore = System.getProperty(TRACE_PROPERTY);
        try (CapturedLog processorLog = new CapturedLog(CompanyProcessor.class);
             CapturedLog wikipediaLog = new CapturedLog(WikipediaClient.class)) {
            ConsumerHandler handler = new ConsumerHandler(processor(wikipedia), new BatchRunner(workers));
            System.setProperty(TRACE_PROPERTY, "Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1");

            SQSBatchResponse response = handler.handleRequest(event("Acme Widgets", "Globex Corp"),
                    new LambdaContext("req-c", "fang-consumer"));

            assertEquals(List.of(), response.getBatchItemFailures());
            List<LogEvent> lines = new ArrayList<>(processorLog.events());
            assertEquals(2, lines.size(), "one 'Wrote' line per record");
            assertFalse(wikipediaLog.events().isEmpty(), "the client logs its fruitless search");
            lines.addAll(wikipediaLog.events());
            for (LogEvent line : lines) {
                Map<String, String> context = line.getContextData().toMap();
                String where = line.getMessage().getFormattedMessage() + " " + context;
                assertTrue(line.getThreadName().startsWith("consumer-"), where);
                assertEquals("req-c", context.get(LogContext.REQUEST_ID), where);
                assertEquals("fang-consumer", context.get(InvocationLog.FUNCTION_NAME), where);
                assertTrue(Set.of("true", "false").contains(context.get(InvocationLog.COLD_START)), where);
                assertEquals(ROOT, context.get(InvocationLog.XRAY_TRACE_ID), where);
                assertEquals("id-" + context.get(LogContext.COMPANY), context.get(LogContext.MESSAGE_ID), where);
            }
            assertEquals(Set.of("Acme Widgets", "Globex Corp"), lines.stream()
                    .map(line -> line.getContextData().<String>getValue(LogContext.COMPANY)).collect(Collectors.toSet()));
        } finally {
            if (traceBefore == null) {
                System.clearProperty(TRACE_PROPERTY);
            } else {
                System.setProperty(TRACE_PROPERTY, traceBefore);
            }
            workers.shutdownNow();
            wikipedia.stop(0);
        }
    }

    private static CompanyProcessor processor(HttpServer wikipedia) {
        URI site = URI.create("http://127.0.0.1:" + wikipedia.getAddress().getPort());
        WikipediaSettings settings = new WikipediaSettings(site, "fang-sentiment-test/1.0", 4, Duration.ofSeconds(5),
                Duration.ofSeconds(10), 4_000, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(1));
        // No summary has an extract, so the processor never asks the (absent) sentiment model.
        return new CompanyProcessor(new WikipediaClient(WikipediaClient.newHttpClient(Duration.ofSeconds(5)), settings),
                null, new SentimentRule(), new AcceptingS3(), PipelineConfig.defaults(), "test", Clock.systemUTC());
    }

    /** A Wikipedia with no articles: every summary is a 404 problem, every search finds nothing. */
    private static HttpServer knowsNothing() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().startsWith("/w/rest.php/v1/search/")) {
                answer(exchange, 200, "application/json", "{\"pages\":[]}");
            } else {
                answer(exchange, 404, "application/problem+json",
                        "{\"type\":\"https://mediawiki.org/wiki/HyperSwitch/errors/not_found\"}");
            }
        });
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
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

    /** Takes every object and keeps none. */
    private static final class AcceptingS3 implements S3Client {
        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            return PutObjectResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
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
        @Override public int getRemainingTimeInMillis() { return 60_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}

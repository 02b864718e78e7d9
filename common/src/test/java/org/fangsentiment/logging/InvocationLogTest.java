package org.fangsentiment.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvocationLogTest {

    private static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final InvocationLog log = new InvocationLog(properties::get, environment::get);

    @AfterEach
    void clean() {
        ThreadContext.clearMap();
    }

    @Test
    void coldStartIsTrueOnTheFirstInvocationOnlyThenFalse() {
        assertEquals("true", contextOf("r1", "fn").get(InvocationLog.COLD_START));
        assertEquals("false", contextOf("r2", "fn").get(InvocationLog.COLD_START));
        assertEquals("false", contextOf(null, null).get(InvocationLog.COLD_START));
    }

    @Test
    void requestIdAndFunctionNameComeFromTheContext() {
        environment.put(InvocationLog.FUNCTION_NAME_ENV, "from-env");
        Map<String, String> seen = contextOf("req-1", "fang-consumer");
        assertEquals("req-1", seen.get(LogContext.REQUEST_ID));
        assertEquals("fang-consumer", seen.get(InvocationLog.FUNCTION_NAME));
    }

    @Test
    void functionNameFallsBackToTheEnvironmentAndIsAbsentWhenNothingSaysIt() {
        assertFalse(contextOf(null, null).containsKey(InvocationLog.FUNCTION_NAME));
        environment.put(InvocationLog.FUNCTION_NAME_ENV, "from-env");
        assertEquals("from-env", contextOf(null, null).get(InvocationLog.FUNCTION_NAME));
        assertEquals("from-env", contextOf("r", " ").get(InvocationLog.FUNCTION_NAME));
        assertEquals("", contextOf(null, null).get(LogContext.REQUEST_ID));
    }

    @Test
    void traceIdIsTheRootOfThePropertyWhenSetAndAbsentWhenNot() {
        assertFalse(contextOf("r", "fn").containsKey(InvocationLog.XRAY_TRACE_ID));

        properties.put(InvocationLog.TRACE_HEADER_PROPERTY, HEADER);
        assertEquals(ROOT, contextOf("r", "fn").get(InvocationLog.XRAY_TRACE_ID));

        properties.remove(InvocationLog.TRACE_HEADER_PROPERTY);
        assertFalse(contextOf("r", "fn").containsKey(InvocationLog.XRAY_TRACE_ID),
                "a header from an earlier invocation must not stick");
    }

    @Test
    void thePropertyWinsOverTheEnvironmentWhichServesWhenThereIsNoProperty() {
        environment.put(InvocationLog.TRACE_HEADER_ENV, "Root=1-00000000-env;Sampled=0");
        assertEquals("1-00000000-env", contextOf(null, null).get(InvocationLog.XRAY_TRACE_ID));
        properties.put(InvocationLog.TRACE_HEADER_PROPERTY, HEADER);
        assertEquals(ROOT, contextOf(null, null).get(InvocationLog.XRAY_TRACE_ID));
    }

    @Test
    void traceRootIsFoundWhereverItStandsAndOnlyWhenItHasAValue() {
        assertEquals(ROOT, InvocationLog.traceRoot("Sampled=1; Root=" + ROOT + ";Parent=5399"));
        assertNull(InvocationLog.traceRoot("Parent=5399;Sampled=1"));
        assertNull(InvocationLog.traceRoot("Root=;Sampled=1"));
        assertNull(InvocationLog.traceRoot(null));
    }

    @Test
    void theEntriesLeaveWithTheScopeAndKeepWhatWasThereBefore() {
        ThreadContext.put("outer", "kept");
        try (var ignored = log.open("r", "fn")) {
            assertEquals("r", ThreadContext.get(LogContext.REQUEST_ID));
        }
        assertEquals(Map.of("outer", "kept"), ThreadContext.getContext());
    }

    @Test
    void everyJsonLineOfTheInvocationCarriesTheEntries() throws Exception {
        properties.put(InvocationLog.TRACE_HEADER_PROPERTY, HEADER);
        LoggerContext loggers = (LoggerContext) LogManager.getContext(false);
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder()
                .setConfiguration(loggers.getConfiguration())
                .setEventTemplateUri("classpath:FangJsonLayout.json")
                .build();
        String line;
        try (var ignored = log.open("req-9", "fang-producer")) {
            // A builder without context data takes the thread's, as a logger call does.
            line = layout.toSerializable(Log4jLogEvent.newBuilder().setLoggerName("test")
                    .setMessage(new SimpleMessage("hello")).build());
        }
        JsonNode context = new ObjectMapper().readTree(line).path("context");
        assertEquals("req-9", context.path(LogContext.REQUEST_ID).asText());
        assertEquals("fang-producer", context.path(InvocationLog.FUNCTION_NAME).asText());
        assertEquals("true", context.path(InvocationLog.COLD_START).asText());
        assertEquals(ROOT, context.path(InvocationLog.XRAY_TRACE_ID).asText());
    }

    /** The thread context while an invocation whose Lambda context says this is open. */
    private Map<String, String> contextOf(String requestId, String functionName) {
        try (var ignored = log.open(requestId, functionName)) {
            return ThreadContext.getContext();
        }
    }
}

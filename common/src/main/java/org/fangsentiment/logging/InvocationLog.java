package org.fangsentiment.logging;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.CloseableThreadContext;

/**
 * The log context of one Lambda invocation, as Powertools' logging puts it on every line: the
 * handlers open it first thing and close it when they answer, and {@link LogContext#propagating}
 * takes it onto their worker threads. While open, every JSON line's {@code context} carries
 * <ul>
 *   <li>{@code aws_request_id}: {@link Context#getAwsRequestId()} (empty without a context);</li>
 *   <li>{@code function_name}: {@link Context#getFunctionName()}, else the environment's
 *       {@code AWS_LAMBDA_FUNCTION_NAME}; absent when neither says;</li>
 *   <li>{@code cold_start}: {@code "true"} on the first invocation in this JVM, {@code "false"}
 *       after (a SnapStart snapshot is taken before any invocation, so each restored environment's
 *       first invocation is cold too);</li>
 *   <li>{@code xray_trace_id}: the {@code Root=} part of the X-Ray trace header, which Lambda's Java
 *       runtime puts in the system property {@code com.amazonaws.xray.traceHeader} per invocation
 *       (the environment's {@code _X_AMZN_TRACE_ID} otherwise); absent when there is none.</li>
 * </ul>
 */
public final class InvocationLog {

    public static final String FUNCTION_NAME = "function_name";
    public static final String COLD_START = "cold_start";
    public static final String XRAY_TRACE_ID = "xray_trace_id";

    static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    static final String TRACE_HEADER_ENV = "_X_AMZN_TRACE_ID";
    static final String FUNCTION_NAME_ENV = "AWS_LAMBDA_FUNCTION_NAME";

    private static final InvocationLog JVM = new InvocationLog(System::getProperty, System::getenv);

    private final UnaryOperator<String> systemProperties;
    private final UnaryOperator<String> environment;
    private final AtomicBoolean cold = new AtomicBoolean(true);

    /** Reads the trace header and function name through these lookups (tests pass their own). */
    InvocationLog(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
        this.systemProperties = systemProperties;
        this.environment = environment;
    }

    /**
     * Puts this invocation's entries into the thread context until the returned scope is closed;
     * the caller may add its own with {@code put}. {@code context} may be null (local tools).
     */
    public static CloseableThreadContext.Instance begin(Context context) {
        return context == null ? JVM.open(null, null) : JVM.open(context.getAwsRequestId(), context.getFunctionName());
    }

    /** The invocation's entries from what its Lambda context says (either may be null). */
    CloseableThreadContext.Instance open(String requestId, String contextFunctionName) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(LogContext.REQUEST_ID, orEmpty(requestId));
        String functionName = isBlank(contextFunctionName) ? environment.apply(FUNCTION_NAME_ENV) : contextFunctionName;
        if (!isBlank(functionName)) {
            entries.put(FUNCTION_NAME, functionName);
        }
        entries.put(COLD_START, Boolean.toString(cold.getAndSet(false)));
        String header = systemProperties.apply(TRACE_HEADER_PROPERTY);
        String traceId = traceRoot(isBlank(header) ? environment.apply(TRACE_HEADER_ENV) : header);
        if (traceId != null) {
            entries.put(XRAY_TRACE_ID, traceId);
        }
        return LogContext.with(entries);
    }

    /**
     * The {@code Root} of a trace header such as {@code Root=1-5759e988-bd862e3fe1be46a994272793;
     * Parent=53995c3f42cd8ad8;Sampled=1}, or null when it has none.
     */
    static String traceRoot(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String field = part.trim();
            if (field.startsWith("Root=") && field.length() > "Root=".length()) {
                return field.substring("Root=".length());
            }
        }
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}

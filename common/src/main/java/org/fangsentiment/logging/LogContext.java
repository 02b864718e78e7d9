package org.fangsentiment.logging;

import java.util.Map;
import org.apache.logging.log4j.CloseableThreadContext;

/**
 * Keys of the thread context that every JSON log line carries when known, so that one message's
 * lines can be found together. Untrusted values (company names) go into the context or into
 * {@code {}} parameters, never into a log format string.
 */
public final class LogContext {

    public static final String MESSAGE_ID = "message_id";
    public static final String COMPANY = "company";
    public static final String RUN_ID = "run_id";
    public static final String REQUEST_ID = "aws_request_id";

    private LogContext() {
    }

    /** Puts the entries into the thread context until the returned scope is closed. */
    public static CloseableThreadContext.Instance with(Map<String, String> entries) {
        return CloseableThreadContext.putAll(entries);
    }

    /** Puts one entry into the thread context until the returned scope is closed. */
    public static CloseableThreadContext.Instance with(String key, String value) {
        return CloseableThreadContext.put(key, value == null ? "" : value);
    }
}

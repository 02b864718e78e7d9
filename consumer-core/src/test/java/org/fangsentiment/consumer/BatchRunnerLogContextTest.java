package org.fangsentiment.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.testing.LogCapture;
import org.junit.jupiter.api.Test;

/** The lines a record writes on a worker thread carry the invocation's context and the record's id. */
class BatchRunnerLogContextTest {

    private static final Logger LOG = LogManager.getLogger(BatchRunnerLogContextTest.class);

    @Test
    void workerLinesCarryTheRequestIdAndTheirOwnMessageId() throws Exception {
        ExecutorService workers = BatchRunner.threads(2);
        try (LogCapture log = new LogCapture()) {
            List<BatchRunner.Failure> failures;
            try (var ignored = LogContext.with(LogContext.REQUEST_ID, "req-42")) {
                failures = new BatchRunner(workers).run(List.of(record("m-1"), record("m-2"), record("m-3")),
                        record -> {
                            LOG.info("working on {}", record.body());
                            return record;
                        }, Deadline.NONE);
            }

            assertEquals(List.of(), failures);
            List<LogEvent> lines = log.events(BatchRunnerLogContextTest.class);
            assertEquals(3, lines.size());
            for (LogEvent line : lines) {
                assertTrue(line.getThreadName().startsWith("consumer-"), line.getThreadName());
                assertEquals("req-42", line.getContextData().getValue(LogContext.REQUEST_ID));
                assertEquals("working on body of " + line.getContextData().getValue(LogContext.MESSAGE_ID),
                        line.getMessage().getFormattedMessage());
            }
            assertEquals(Set.of("m-1", "m-2", "m-3"), lines.stream()
                    .map(line -> (String) line.getContextData().getValue(LogContext.MESSAGE_ID))
                    .collect(Collectors.toSet()));
            // The pooled threads keep nothing of the invocation for the next one.
            for (int i = 0; i < 4; i++) {
                assertEquals(Map.of(), workers.submit(ThreadContext::getContext).get(10, TimeUnit.SECONDS));
            }
        } finally {
            workers.shutdownNow();
        }
    }

    private static CompanyMessage record(String messageId) {
        return CompanyMessage.of(messageId, "body of " + messageId);
    }
}

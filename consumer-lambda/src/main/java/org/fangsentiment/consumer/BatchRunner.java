package org.fangsentiment.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.engine.SentimentUnavailableException;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.wikipedia.TransientLookupException;

/**
 * The partial-batch bookkeeping of an SQS-triggered Lambda: runs each record on the executor (whose
 * size bounds the concurrency), and answers with the ids of the records that failed, so that SQS
 * redelivers only those (and, after {@code maxReceiveCount}, moves them to the dead-letter queue).
 *
 * <p>Every record must finish before the Lambda deadline less a reserve for answering, as the
 * invocation's remaining time tells it (read again while waiting); a record not finished by then
 * is reported as failed (and interrupted), never dropped. Each record logs with
 * the calling thread's log context (the invocation's request id) plus its own {@code message_id}.
 *
 * <p>Written by hand because Powertools' batch module is not available from the Maven repository
 * this project builds from, and because its parallel mode has no deadline: a record still running
 * when Lambda times out would fail the whole batch.
 */
public final class BatchRunner {

    private static final Logger LOG = LogManager.getLogger(BatchRunner.class);
    /** Time kept back from the deadline to return the response. */
    public static final Duration DEADLINE_RESERVE = Duration.ofSeconds(3);
    /** Longest wait between two readings of the remaining time. */
    static final Duration RECHECK = Duration.ofMillis(100);

    /** Hears why each failed record failed (the Lambda response carries only the ids). */
    @FunctionalInterface
    public interface FailureListener {
        void failed(String messageId, String reason);
    }

    private final ExecutorService executor;
    private final FailureListener listener;

    /** The executor's threads bound how many records run at once; late records are interrupted. */
    public BatchRunner(ExecutorService executor) {
        this(executor, (messageId, reason) -> { });
    }

    public BatchRunner(ExecutorService executor, FailureListener listener) {
        // Records run on the executor's threads: they log with the invocation's context (request id).
        this.executor = LogContext.propagating(Objects.requireNonNull(executor, "executor"));
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Runs {@code work} on every record; {@code remainingMillis} is the invocation's time left.
     */
    public SQSBatchResponse run(List<SQSMessage> records, Function<SQSMessage, ?> work, LongSupplier remainingMillis) {
        List<Future<?>> running = new ArrayList<>(records.size());
        for (SQSMessage record : records) {
            running.add(executor.submit(() -> {
                try (var ignored = LogContext.with(LogContext.MESSAGE_ID, record.getMessageId())) {
                    return work.apply(record);
                }
            }));
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            SQSMessage record = records.get(i);
            String reason = outcome(running.get(i), remainingMillis);
            if (reason != null) {
                try (var ignored = LogContext.with(LogContext.MESSAGE_ID, record.getMessageId())) {
                    LOG.warn("Message {} failed and will be retried (then dead-lettered): {}", record.getMessageId(), reason);
                }
                listener.failed(record.getMessageId(), reason);
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        LOG.info("Batch of {} records: {} succeeded, {} failed", records.size(), records.size() - failures.size(),
                failures.size());
        return new SQSBatchResponse(failures);
    }

    /**
     * Null when the record succeeded, else why it failed. The invocation's remaining time is read
     * again at least every {@link #RECHECK}: it is the one authority on the deadline (a test's
     * context can end it when something has happened, rather than after a guessed time).
     */
    private static String outcome(Future<?> future, LongSupplier remainingMillis) {
        try {
            while (true) {
                long left = nanosLeft(remainingMillis);
                try {
                    future.get(Math.max(0, Math.min(left, RECHECK.toNanos())), TimeUnit.NANOSECONDS);
                    return null;
                } catch (TimeoutException e) {
                    if (nanosLeft(remainingMillis) <= 0) {
                        future.cancel(true);
                        return "not finished before the Lambda deadline";
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidMessageException || cause instanceof TransientLookupException
                    || cause instanceof SentimentUnavailableException) {
                return cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
            LOG.error("Unexpected error while processing a record", cause);
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } catch (CancellationException e) {
            return "cancelled";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return "interrupted";
        }
    }

    private static long nanosLeft(LongSupplier remainingMillis) {
        return TimeUnit.MILLISECONDS.toNanos(remainingMillis.getAsLong() - DEADLINE_RESERVE.toMillis());
    }
}

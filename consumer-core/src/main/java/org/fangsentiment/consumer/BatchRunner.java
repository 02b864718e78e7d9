package org.fangsentiment.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.OptionalLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.concurrent.DaemonThreads;
import org.fangsentiment.engine.SentimentUnavailableException;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.wikipedia.TransientLookupException;

/**
 * The partial-batch bookkeeping of a queue consumer: runs each record on the executor (whose size
 * bounds the concurrency), and answers with the records that failed and why, so that only those
 * are received again (and, after {@code maxReceiveCount}, moved to the dead-letter queue). The
 * Lambda handler turns the answer into {@code ReportBatchItemFailures}; the queue worker deletes
 * the others itself.
 *
 * <p>Every record must finish before the {@link Deadline} less a reserve for answering, as the
 * deadline tells it (read again while waiting); a record not finished by then is reported as
 * failed (and interrupted), never dropped. A batch without a deadline waits for its records. Each
 * record logs with the calling thread's log context (the invocation's request id) plus its own
 * {@code message_id}.
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

    /** A record that failed, and why (the reason names the exception, never the message body). */
    public record Failure(String messageId, String reason) {
    }

    /** Hears why each failed record failed (the Lambda response carries only the ids). */
    @FunctionalInterface
    public interface FailureListener {
        void failed(String messageId, String reason);
    }

    private final ExecutorService executor;
    private final FailureListener listener;

    /** Daemon record threads named {@code consumer-N}, as many as records run at once. */
    public static ExecutorService threads(int concurrency) {
        return Executors.newFixedThreadPool(concurrency, DaemonThreads.named("consumer"));
    }

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
     * Runs {@code work} on every record before {@code deadline}; returns the records that failed, in
     * the batch's order (empty when all succeeded).
     */
    public List<Failure> run(List<CompanyMessage> records, Function<CompanyMessage, ?> work, Deadline deadline) {
        List<Future<?>> running = new ArrayList<>(records.size());
        for (CompanyMessage record : records) {
            running.add(executor.submit(() -> {
                try (var ignored = LogContext.with(LogContext.MESSAGE_ID, record.messageId())) {
                    return work.apply(record);
                }
            }));
        }
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            CompanyMessage record = records.get(i);
            String reason = outcome(running.get(i), deadline);
            if (reason != null) {
                try (var ignored = LogContext.with(LogContext.MESSAGE_ID, record.messageId())) {
                    LOG.warn("Message {} failed and will be retried (then dead-lettered): {}", record.messageId(), reason);
                }
                listener.failed(record.messageId(), reason);
                failures.add(new Failure(record.messageId(), reason));
            }
        }
        LOG.info("Batch of {} records: {} succeeded, {} failed", records.size(), records.size() - failures.size(),
                failures.size());
        return List.copyOf(failures);
    }

    /**
     * Null when the record succeeded, else why it failed. The deadline is read again at least
     * every {@link #RECHECK}: it is the one authority on the time left (a test's context can end it
     * when something has happened, rather than after a guessed time; a worker's appears at a stop).
     */
    private static String outcome(Future<?> future, Deadline deadline) {
        try {
            while (true) {
                long left = nanosLeft(deadline);
                try {
                    future.get(Math.max(0, Math.min(left, RECHECK.toNanos())), TimeUnit.NANOSECONDS);
                    return null;
                } catch (TimeoutException e) {
                    if (nanosLeft(deadline) <= 0) {
                        future.cancel(true);
                        return "not finished before the deadline";
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

    /** Time left before the reserve; {@link Long#MAX_VALUE} without a deadline. */
    private static long nanosLeft(Deadline deadline) {
        OptionalLong millis = deadline.remainingMillis();
        return millis.isEmpty() ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(millis.getAsLong() - DEADLINE_RESERVE.toMillis());
    }
}

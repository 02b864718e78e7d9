package org.fangsentiment.logging;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.ThreadContext;

/**
 * Keys of the thread context that every JSON log line carries when known, so that one message's
 * lines can be found together, and the way that context follows work onto other threads.
 *
 * <p>A line carries, in its {@code context} object: {@link InvocationLog}'s {@code aws_request_id},
 * {@code function_name}, {@code cold_start} and, when the invocation is traced,
 * {@code xray_trace_id}; the producer's {@code run_id}; and, while one SQS record is processed,
 * {@code message_id}, {@code company} and {@code run_id}. Untrusted values (company names) go into
 * the context or into {@code {}} parameters, never into a log format string.
 *
 * <p>Log4j's thread context belongs to one thread, so work handed to a pool would log without it.
 * {@link #propagating(ExecutorService)} (or {@link #carrying(Runnable)} for a single task) copies the
 * submitting thread's context when the task is submitted, installs it on the worker for the task
 * alone, and puts back what the worker had before, so a pooled thread never leaks one
 * invocation's request id into the next (as Powertools' {@code MultiThreadMDC} does for SLF4J).
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

    /** The task, running with the thread context this thread has now, wherever it runs. */
    public static Runnable carrying(Runnable task) {
        Objects.requireNonNull(task, "task");
        Map<String, String> captured = ThreadContext.getContext();
        return () -> {
            Map<String, String> before = install(captured);
            try {
                task.run();
            } finally {
                install(before);
            }
        };
    }

    /** The task, running with the thread context this thread has now, wherever it runs. */
    public static <T> Callable<T> carrying(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        Map<String, String> captured = ThreadContext.getContext();
        return () -> {
            Map<String, String> before = install(captured);
            try {
                return task.call();
            } finally {
                install(before);
            }
        };
    }

    /**
     * An executor that runs every task with the submitting thread's context, on {@code delegate}'s
     * threads. Shutting it down shuts {@code delegate} down; its futures cancel (and interrupt) as
     * {@code delegate}'s would.
     */
    public static ExecutorService propagating(ExecutorService delegate) {
        return delegate instanceof Propagating ? delegate : new Propagating(delegate);
    }

    /** Replaces this thread's context map with {@code context}; returns the map it had. */
    private static Map<String, String> install(Map<String, String> context) {
        Map<String, String> before = ThreadContext.getContext();
        ThreadContext.clearMap();
        ThreadContext.putAll(context);
        return before;
    }

    /**
     * Every submit method of {@link AbstractExecutorService} ends in {@link #execute}, on the
     * submitting thread, so wrapping there captures the context at submit time for all of them.
     */
    private static final class Propagating extends AbstractExecutorService {
        private final ExecutorService delegate;

        Propagating(ExecutorService delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(carrying(command));
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}

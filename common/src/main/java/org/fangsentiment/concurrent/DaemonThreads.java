package org.fangsentiment.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for the project's pools: named threads ({@code prefix-1}, {@code prefix-2}, ...)
 * so that a log line's {@code thread} field says which pool wrote it, and daemon threads so that a
 * pool nobody shut down (a Lambda container being frozen, a test that failed half-way) never keeps
 * the JVM alive.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A factory of daemon threads named {@code prefix-n}, n counting from 1 for this factory. */
    public static ThreadFactory named(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

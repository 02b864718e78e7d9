package org.fangsentiment.retry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Spends a wait between attempts. Code that retries takes one in its constructor, so that tests can
 * record the waits instead of spending them; production code passes {@link #system()}.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code duration} (returns at once for zero or less).
     *
     * @throws InterruptedException if the thread is interrupted before or while waiting; the
     *     interrupt status is then cleared, as by {@link Thread#sleep(long)}
     */
    void sleep(Duration duration) throws InterruptedException;

    /** The real sleeper: blocks the calling thread, and gives up at once when it is interrupted. */
    static Sleeper system() {
        return Sleeper::sleepOnThread;
    }

    private static void sleepOnThread(Duration duration) throws InterruptedException {
        // TimeUnit.sleep ignores the interrupt status for a wait of zero or less: a loop of
        // retries with zero waits must still stop when its thread is interrupted.
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before waiting " + duration);
        }
        TimeUnit.NANOSECONDS.sleep(saturatedNanos(duration));
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}

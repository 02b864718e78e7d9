package org.fangsentiment.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, as in the AWS Architecture Blog's "Exponential Backoff And
 * Jitter": before retry {@code n} (0 for the first retry) wait a random time below
 * {@code min(cap, base * 2^n)}.
 *
 * <p>Full jitter spreads clients that failed together over the whole window, so they do not come
 * back in step; the growing window still slows each of them down. The policy only computes waits;
 * a {@link Sleeper} spends them, and callers keep their own attempt counts and time budgets.
 *
 * @param base the ceiling of the first retry's wait; it doubles with each further retry
 * @param cap the largest ceiling, however many retries came before
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        requirePositive(base, "base");
        requirePositive(cap, "cap");
    }

    /**
     * The upper bound of the wait before retry {@code retry}: {@code min(cap, base * 2^retry)},
     * without overflow however large {@code retry} is.
     */
    public Duration ceiling(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must not be negative, was " + retry);
        }
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        // base > cap / 2^retry exactly when base * 2^retry > cap; this form cannot overflow.
        boolean capped = retry >= Long.SIZE - 1 || baseNanos > (capNanos >>> retry);
        return Duration.ofNanos(capped ? capNanos : baseNanos << retry);
    }

    /** A random wait before retry {@code retry}, from zero up to {@link #ceiling(int)}. */
    public Duration delay(int retry) {
        return delay(retry, ThreadLocalRandom.current());
    }

    /** As {@link #delay(int)}, drawing from {@code random} (tests pass a seeded or scripted one). */
    public Duration delay(int retry, RandomGenerator random) {
        // The ceiling is at least one nanosecond, a valid exclusive bound.
        return Duration.ofNanos(random.nextLong(ceiling(retry).toNanos()));
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        value.toNanos(); // fails now, not at the first retry, for a duration beyond ~292 years
    }
}

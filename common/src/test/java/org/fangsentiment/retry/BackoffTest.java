package org.fangsentiment.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void ceilingStartsAtTheBaseAndDoublesUntilTheCap() {
        assertEquals(BACKOFF.base(), BACKOFF.ceiling(0));
        for (int retry = 1; retry < 200; retry++) {
            Duration previous = BACKOFF.ceiling(retry - 1);
            Duration ceiling = BACKOFF.ceiling(retry);
            if (previous.multipliedBy(2).compareTo(BACKOFF.cap()) <= 0) {
                assertEquals(previous.multipliedBy(2), ceiling, "doubles before the cap, retry " + retry);
            } else {
                assertEquals(BACKOFF.cap(), ceiling, "stays at the cap, retry " + retry);
            }
        }
        assertEquals(BACKOFF.cap(), BACKOFF.ceiling(Integer.MAX_VALUE), "no overflow however many retries");
    }

    @Test
    void capBelowTheBaseBoundsEvenTheFirstRetry() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(4));

        assertEquals(Duration.ofSeconds(4), backoff.ceiling(0));
    }

    @Test
    void largeDurationsDoNotOverflow() {
        Backoff backoff = new Backoff(Duration.ofDays(365), Duration.ofDays(365 * 200));

        for (int retry = 0; retry < 70; retry++) {
            Duration ceiling = backoff.ceiling(retry);
            assertTrue(!ceiling.isNegative() && ceiling.compareTo(backoff.cap()) <= 0, "retry " + retry + ": " + ceiling);
        }
        assertEquals(backoff.cap(), backoff.ceiling(69));
    }

    @Test
    void everyDelayIsBetweenZeroAndTheCeiling() {
        RandomGenerator random = new SplittableRandom(20);
        for (int retry = 0; retry < 12; retry++) {
            Duration ceiling = BACKOFF.ceiling(retry);
            for (int sample = 0; sample < 200; sample++) {
                Duration delay = BACKOFF.delay(retry, random);
                assertTrue(!delay.isNegative() && delay.compareTo(ceiling) <= 0,
                        "retry " + retry + " delay " + delay + " ceiling " + ceiling);
            }
        }
    }

    @Test
    void jitterCoversTheWholeWindow() {
        // Full jitter, not "equal jitter": the lowest and the highest draw reach both ends.
        Duration ceiling = BACKOFF.ceiling(3);

        assertEquals(Duration.ZERO, BACKOFF.delay(3, new Scripted(Draw.LOWEST)));
        Duration highest = BACKOFF.delay(3, new Scripted(Draw.HIGHEST));
        assertTrue(highest.compareTo(ceiling) <= 0 && ceiling.minus(highest).compareTo(Duration.ofNanos(1)) <= 0,
                "highest draw " + highest + " against ceiling " + ceiling);
    }

    @Test
    void drawsAreBoundedByEachRetrysCeiling() {
        Scripted random = new Scripted(Draw.LOWEST);
        for (int retry = 0; retry < 8; retry++) {
            BACKOFF.delay(retry, random);
        }

        for (int retry = 0; retry < 8; retry++) {
            assertEquals(BACKOFF.ceiling(retry).toNanos(), random.bounds.get(retry), "retry " + retry);
        }
    }

    @Test
    void averageDelayGrowsWithTheRetryUntilTheCap() {
        RandomGenerator random = new SplittableRandom(7);
        double previousMean = 0;
        for (int retry = 0; BACKOFF.ceiling(retry).compareTo(BACKOFF.cap()) < 0; retry++) {
            double mean = meanNanos(retry, random);
            assertTrue(mean > previousMean * 1.5, "retry " + retry + " mean " + mean + " after " + previousMean);
            previousMean = mean;
        }
    }

    @Test
    void defaultRandomnessStaysWithinTheCeiling() {
        for (int sample = 0; sample < 200; sample++) {
            Duration delay = BACKOFF.delay(2);
            assertTrue(!delay.isNegative() && delay.compareTo(BACKOFF.ceiling(2)) <= 0, delay.toString());
        }
    }

    @Test
    void rejectsWhatCannotPaceRetries() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(1), Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new Backoff(null, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> BACKOFF.ceiling(-1));
    }

    private static double meanNanos(int retry, RandomGenerator random) {
        long sum = 0;
        int samples = 2_000;
        for (int i = 0; i < samples; i++) {
            sum += BACKOFF.delay(retry, random).toNanos();
        }
        return (double) sum / samples;
    }

    private enum Draw { LOWEST, HIGHEST }

    /** Always draws the lowest or the highest value allowed, and records the bounds it was given. */
    private static final class Scripted implements RandomGenerator {
        private final Draw draw;
        private final List<Long> bounds = new ArrayList<>();

        Scripted(Draw draw) {
            this.draw = draw;
        }

        @Override
        public long nextLong(long bound) {
            bounds.add(bound);
            return draw == Draw.LOWEST ? 0 : bound - 1;
        }

        @Override
        public long nextLong() {
            throw new AssertionError("the backoff draws below a bound");
        }
    }
}

package org.fangsentiment.retry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SleeperTest {

    private static final Duration LONG = Duration.ofHours(1);

    @Test
    void anInterruptedThreadDoesNotWait() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> Sleeper.system().sleep(LONG));
            assertFalse(Thread.currentThread().isInterrupted(), "the status is cleared, as by Thread.sleep");
        });
    }

    @Test
    void anInterruptedThreadIsToldEvenForAZeroWait() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> Sleeper.system().sleep(Duration.ZERO));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> Sleeper.system().sleep(Duration.ofMillis(-5)));
        });
    }

    @Test
    void anInterruptEndsAWaitInProgress() throws InterruptedException {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread sleeping = new Thread(() -> {
            try {
                Sleeper.system().sleep(LONG);
                outcome.set(new AssertionError("slept through the interrupt"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        sleeping.start();
        // Interrupt only once the thread is actually waiting, so the test covers the wait itself.
        while (sleeping.getState() != Thread.State.TIMED_WAITING && sleeping.isAlive()) {
            Thread.onSpinWait();
        }
        sleeping.interrupt();
        sleeping.join(Duration.ofSeconds(10).toMillis());

        assertFalse(sleeping.isAlive(), "still waiting after the interrupt");
        assertInstanceOf(InterruptedException.class, outcome.get());
    }

    @Test
    void aZeroOrNegativeWaitReturnsAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Sleeper.system().sleep(Duration.ZERO);
            Sleeper.system().sleep(Duration.ofSeconds(-1));
            Sleeper.system().sleep(Duration.ofSeconds(Long.MIN_VALUE));
        });
    }
}

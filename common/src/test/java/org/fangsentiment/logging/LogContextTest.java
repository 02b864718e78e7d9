package org.fangsentiment.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.ThreadContext;
import org.fangsentiment.concurrent.DaemonThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogContextTest {

    private ExecutorService pool;

    @BeforeEach
    void onePooledThread() {
        ThreadContext.clearMap();
        pool = Executors.newSingleThreadExecutor(DaemonThreads.named("log-context-test"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        ThreadContext.clearMap();
    }

    @Test
    void aTaskSeesTheContextOfWhenItWasSubmitted() throws Exception {
        ExecutorService propagating = LogContext.propagating(pool);
        CompletableFuture<Map<String, String>> seen;
        try (var ignored = LogContext.with(Map.of(LogContext.REQUEST_ID, "req-1", LogContext.RUN_ID, "run-1"))) {
            seen = CompletableFuture.supplyAsync(ThreadContext::getContext, propagating);
        }
        assertEquals(Map.of(LogContext.REQUEST_ID, "req-1", LogContext.RUN_ID, "run-1"), seen.get(10, TimeUnit.SECONDS));
    }

    @Test
    void theContextIsTakenAtSubmitNotAtRun() throws Exception {
        Runnable task;
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        try (var ignored = LogContext.with(LogContext.REQUEST_ID, "at-submit")) {
            task = LogContext.carrying(() -> seen.set(ThreadContext.getContext()));
        }
        try (var ignored = LogContext.with(LogContext.REQUEST_ID, "later")) {
            pool.submit(task).get(10, TimeUnit.SECONDS);
        }
        assertEquals("at-submit", seen.get().get(LogContext.REQUEST_ID));
    }

    @Test
    void aPooledThreadNeitherLeaksItsContextIntoTheTaskNorKeepsTheTasks() throws Exception {
        // A leftover on the pooled thread, as if some earlier task had not cleaned up.
        pool.submit(() -> ThreadContext.put("leftover", "x")).get(10, TimeUnit.SECONDS);

        Map<String, String> inTask;
        try (var ignored = LogContext.with(LogContext.REQUEST_ID, "req-2")) {
            inTask = LogContext.propagating(pool).submit(ThreadContext::getContext).get(10, TimeUnit.SECONDS);
        }
        Map<String, String> afterTask = pool.submit(ThreadContext::getContext).get(10, TimeUnit.SECONDS);

        assertEquals(Map.of(LogContext.REQUEST_ID, "req-2"), inTask);
        assertEquals(Map.of("leftover", "x"), afterTask);
    }

    @Test
    void aCallableCarriesTheContextAndItsResult() throws Exception {
        Callable<String> task = LogContext.carrying(() -> ThreadContext.get(LogContext.MESSAGE_ID));
        try (var ignored = LogContext.with(LogContext.MESSAGE_ID, "m-1")) {
            assertEquals("m-1", pool.submit(LogContext.carrying(() -> ThreadContext.get(LogContext.MESSAGE_ID)))
                    .get(10, TimeUnit.SECONDS));
        }
        assertNull(pool.submit(task).get(10, TimeUnit.SECONDS), "captured when the context had no message id");
    }

    @Test
    void wrappingTwiceWrapsOnce() {
        ExecutorService once = LogContext.propagating(pool);
        assertSame(once, LogContext.propagating(once));
    }
}

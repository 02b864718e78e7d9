package org.fangsentiment.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void threadsAreDaemonsNumberedPerFactory() {
        ThreadFactory factory = DaemonThreads.named("pool");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });
        Thread other = DaemonThreads.named("other").newThread(() -> { });

        assertTrue(first.isDaemon() && second.isDaemon() && other.isDaemon());
        assertEquals("pool-1", first.getName());
        assertEquals("pool-2", second.getName());
        assertEquals("other-1", other.getName());
    }
}

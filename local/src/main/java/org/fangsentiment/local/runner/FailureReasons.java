package org.fangsentiment.local.runner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.fangsentiment.consumer.BatchRunner;

/**
 * Why the consumer failed a record. The handler's response carries only the failed ids (that is
 * the Lambda contract); the runner builds its {@link BatchRunner} with {@link #RECORDER}, which
 * hands (message id, reason) to whoever listens (the {@link EventSourceEmulator}).
 */
final class FailureReasons {

    private static final List<BiConsumer<String, String>> LISTENERS = new CopyOnWriteArrayList<>();

    /** Give this to every {@link BatchRunner} the runner builds. */
    static final BatchRunner.FailureListener RECORDER =
            (messageId, reason) -> LISTENERS.forEach(listener -> listener.accept(messageId, reason));

    private FailureReasons() {
    }

    /** Calls {@code listener} with (message id, reason) for every record the consumer fails, until the returned action runs. */
    static Runnable listen(BiConsumer<String, String> listener) {
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }
}

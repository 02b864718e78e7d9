package org.fangsentiment.consumer;

import java.util.OptionalLong;

/**
 * When the records of a batch must be finished by, read again while they run: a Lambda
 * invocation's remaining time, a queue worker's stop budget once a stop was asked for, or
 * {@link #NONE} (a worker that is not stopping waits for its records however long they take).
 */
@FunctionalInterface
public interface Deadline {

    /** No deadline: records run until they finish. */
    Deadline NONE = OptionalLong::empty;

    /** Milliseconds left now, or empty when there is no deadline (yet). */
    OptionalLong remainingMillis();

    /** A deadline that is always {@code millis} away as the supplier reports it (a Lambda context's remaining time). */
    static Deadline of(java.util.function.LongSupplier millis) {
        return () -> OptionalLong.of(millis.getAsLong());
    }
}

package org.fangsentiment.wikipedia;

import java.time.Duration;

/**
 * The time left to one lookup and the requests it has made. One per lookup, used by one thread.
 */
final class LookupBudget {

    private final long deadlineNanos;
    private int requests;

    private LookupBudget(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** A budget that ends {@code budget} from now. */
    static LookupBudget startingNow(Duration budget) {
        return new LookupBudget(System.nanoTime() + budget.toNanos());
    }

    /** Time left; zero or negative once spent. */
    Duration remaining() {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    void countRequest() {
        requests++;
    }

    int requests() {
        return requests;
    }
}

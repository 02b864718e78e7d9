package org.fangsentiment.wikipedia;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time left to one lookup and the requests it has made. One per lookup, used by one thread.
 */
final class LookupBudget {

    private final LongSupplier nanoClock;
    private final long deadlineNanos;
    private int requests;

    private LookupBudget(LongSupplier nanoClock, long deadlineNanos) {
        this.nanoClock = nanoClock;
        this.deadlineNanos = deadlineNanos;
    }

    /** A budget that ends {@code budget} from now. */
    static LookupBudget startingNow(Duration budget) {
        return startingNow(budget, System::nanoTime);
    }

    /** A budget that ends {@code budget} from now on {@code nanoClock} (tests pass one they advance). */
    static LookupBudget startingNow(Duration budget, LongSupplier nanoClock) {
        return new LookupBudget(nanoClock, nanoClock.getAsLong() + budget.toNanos());
    }

    /** Time left; zero or negative once spent. */
    Duration remaining() {
        return Duration.ofNanos(deadlineNanos - nanoClock.getAsLong());
    }

    void countRequest() {
        requests++;
    }

    int requests() {
        return requests;
    }
}

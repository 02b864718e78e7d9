package org.fangsentiment.local.runner;

/**
 * The CoreNLP pipeline needs about 650 MB of live heap. A JVM whose maximum heap is smaller would
 * fail minutes later with an {@code OutOfMemoryError}; this check fails at once and says what to do.
 * (A plain {@code java -jar} gets a quarter of the machine's memory: enough from 4 GB of RAM up.)
 */
final class HeapCheck {

    /** A little under 1 GiB: {@code -Xmx1g} reports slightly less than 1024 MiB with some collectors. */
    static final long MIN_HEAP_BYTES = 900L << 20;

    private HeapCheck() {
    }

    static void requireSentimentHeap() {
        long max = Runtime.getRuntime().maxMemory();
        if (max < MIN_HEAP_BYTES) {
            throw new RunnerException("The sentiment model needs at least 1 GiB of heap, but this JVM may use only "
                    + (max >> 20) + " MiB. Start it with a larger heap, for example: "
                    + "java -Xmx1536m -jar local/target/fang-local.jar ...");
        }
    }
}

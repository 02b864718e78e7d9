package org.fangsentiment.consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One invocation's counts for the consumer's metrics: {@code Processed} and {@code Failed} records,
 * and the written records by lookup status ({@code Lookup_OK}, {@code Lookup_NOT_FOUND}, ...) and
 * by label ({@code Label_POSITIVE}, ...), for the Lambda handler and the queue worker alike.
 * Records finish on worker threads, so it is thread-safe.
 */
public final class ConsumerMetrics {

    private final Map<String, LongAdder> written = new ConcurrentHashMap<>();

    /** Counts a record that was written; returns it, so that it can wrap the work. */
    public CompanyProcessor.Written add(CompanyProcessor.Written record) {
        count("Lookup_" + record.lookupStatus());
        record.label().ifPresent(label -> count("Label_" + label));
        return record;
    }

    /** The metrics of a batch of {@code records} of which {@code failed} were reported failed. */
    public Map<String, Long> of(int records, int failed) {
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("Processed", (long) (records - failed));
        metrics.put("Failed", (long) failed);
        new TreeMap<>(written).forEach((name, count) -> metrics.put(name, count.sum()));
        return metrics;
    }

    private void count(String name) {
        written.computeIfAbsent(name, key -> new LongAdder()).increment();
    }
}

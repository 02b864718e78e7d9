package org.fangsentiment.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.concurrent.DaemonThreads;
import org.fangsentiment.logging.MetricsLog;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The queue worker's counts as CloudWatch metrics, the same ones the consumer function publishes on
 * its metric line ({@code Processed}, {@code Failed}, {@code Lookup_*}, {@code Label_*}; namespace
 * {@value MetricsLog#NAMESPACE}, dimension {@value MetricsLog#DIMENSION} set to the worker's name), so
 * the dashboard shows a Fargate backfill beside the function. A task's awslogs driver does not
 * extract Embedded Metric Format lines, so the counts go through {@code PutMetricData}: each batch's
 * counts are added up, and one call every interval (and one at {@link #close()}) publishes the sums.
 * A failed call loses nothing: its counts are logged and kept for the next one.
 */
public final class WorkerMetrics implements AutoCloseable {

    /** Metrics per call: within what CloudWatch (1,000) and every emulator accept. */
    static final int MAX_DATA_PER_CALL = 20;

    private static final Logger LOG = LogManager.getLogger(WorkerMetrics.class);

    private final CloudWatchClient cloudWatch;
    private final String name;
    private final Clock clock;
    private final Map<String, Long> pending = new LinkedHashMap<>();
    private ScheduledExecutorService timer;

    /** Publishes through {@code cloudWatch} under the dimension value {@code name}; nothing runs until {@link #start}. */
    public WorkerMetrics(CloudWatchClient cloudWatch, String name, Clock clock) {
        this.cloudWatch = Objects.requireNonNull(cloudWatch, "cloudWatch");
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds one batch's counts (metric name to count) to the next call's sums. */
    public synchronized void add(Map<String, Long> counts) {
        counts.forEach((metric, count) -> pending.merge(metric, count, Long::sum));
    }

    /** The sums not yet published. */
    synchronized Map<String, Long> pending() {
        return Map.copyOf(pending);
    }

    /** Publishes every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (timer != null) {
            throw new IllegalStateException("already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("worker-metrics"));
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::publish, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Publishes the sums so far, stamped now, in one call per {@value #MAX_DATA_PER_CALL} metrics; true when
     * there was nothing to publish or CloudWatch took it all. A call that fails is logged with its reason and
     * its counts are kept for the next.
     */
    public boolean publish() {
        Map<String, Long> sums;
        synchronized (this) {
            sums = new LinkedHashMap<>(pending);
            pending.clear();
        }
        if (sums.isEmpty()) {
            return true;
        }
        Instant now = clock.instant();
        Dimension dimension = Dimension.builder().name(MetricsLog.DIMENSION).value(name).build();
        List<MetricDatum> data = new ArrayList<>();
        sums.forEach((metric, sum) -> data.add(MetricDatum.builder().metricName(metric).dimensions(dimension)
                .timestamp(now).unit(StandardUnit.COUNT).value(sum.doubleValue()).build()));
        Map<String, Long> unsent = new LinkedHashMap<>();
        for (int from = 0; from < data.size(); from += MAX_DATA_PER_CALL) {
            List<MetricDatum> part = data.subList(from, Math.min(data.size(), from + MAX_DATA_PER_CALL));
            try {
                cloudWatch.putMetricData(put -> put.namespace(MetricsLog.NAMESPACE).metricData(part));
            } catch (SdkException e) {
                part.forEach(datum -> unsent.put(datum.metricName(), sums.get(datum.metricName())));
                LOG.warn("Worker metrics {} not published, kept for the next attempt: {}", unsent, e.toString());
            }
        }
        if (!unsent.isEmpty()) {
            add(unsent);
            return false;
        }
        LOG.debug("Worker metrics published: {}", sums);
        return true;
    }

    /** Stops the timer and publishes what is left (the stop of a task). */
    @Override
    public void close() {
        synchronized (this) {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        publish();
    }
}

package org.fangsentiment.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.config.WorkerConfig;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyMessage;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.consumer.ConsumerMetrics;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The consumer as a long-running queue worker: a {@link QueueDrain} whose batches run through the
 * consumer core's {@link BatchRunner} and {@link CompanyProcessor} on a pool of
 * {@link WorkerConfig#parallelism()} threads. Messages whose CSV was written are deleted; failed ones
 * stay hidden for {@link WorkerConfig#retryDelay()}, so the queue's redrive policy moves a poison
 * message to the dead-letter queue after its {@code maxReceiveCount} receives, as for Lambda. A
 * {@link VisibilityKeeper} keeps the messages of records still running hidden.
 *
 * <p>Records have no deadline while the worker runs. {@link #stop()} (what the SIGTERM hook calls)
 * stops receiving; records that finish within {@link WorkerConfig#stopBudget()} are written and
 * deleted; the rest, and anything received after the stop, go back to the queue at once.
 *
 * <p>Each batch's counts ({@link ConsumerMetrics}: what the consumer function's metric line carries) go
 * to the {@code counts} sink, which {@link WorkerMain} points at {@link WorkerMetrics} when the worker
 * publishes metrics.
 */
public final class QueueWorker {

    private static final Logger LOG = LogManager.getLogger(QueueWorker.class);

    private final CompanyProcessor processor;
    private final WorkerConfig config;
    private final ExecutorService recordThreads;
    private final BatchRunner runner;
    private final QueueDrain drain;
    private final Consumer<Map<String, Long>> counts;

    /** A worker whose batch counts go nowhere (local runs, benchmarks). */
    public QueueWorker(SqsClient sqs, String queueUrl, CompanyProcessor processor, WorkerConfig config,
                       Consumer<QueueDrain.BatchReport> progress) {
        this(sqs, queueUrl, processor, config, progress, batchCounts -> { });
    }

    /** A worker that hands each batch's counts (metric name to count) to {@code counts}. */
    public QueueWorker(SqsClient sqs, String queueUrl, CompanyProcessor processor, WorkerConfig config,
                       Consumer<QueueDrain.BatchReport> progress, Consumer<Map<String, Long>> counts) {
        this.counts = Objects.requireNonNull(counts, "counts");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.config = Objects.requireNonNull(config, "config");
        this.recordThreads = BatchRunner.threads(config.parallelism());
        this.runner = new BatchRunner(recordThreads);
        this.drain = new QueueDrain(sqs, queueUrl, settings(config), this::handle, progress);
    }

    /** The drain the worker runs: enough batches in flight to keep every record thread busy. */
    static QueueDrain.Settings settings(WorkerConfig config) {
        // One batch more than the threads need: the others keep going while one waits for its slowest record.
        int batches = Math.max(2, (config.parallelism() + QueueDrain.MAX_BATCH - 1) / QueueDrain.MAX_BATCH + 1);
        return new QueueDrain.Settings(batches, config.visibility(), config.waitTime(), config.retryDelay(),
                config.stopBudget(), config.exitWhenEmpty(), true);
    }

    /**
     * Polls and processes until {@link #stop()} (or, with {@link WorkerConfig#exitWhenEmpty()}, until
     * the queue is empty and nothing is in flight); returns when every received message is deleted,
     * returned or left to come back. Call once.
     */
    public QueueDrain.Result run() throws InterruptedException {
        LOG.info("Worker polling with {} record threads, visibility {} s, failed records back after {} s",
                config.parallelism(), config.visibility().toSeconds(), config.retryDelay().toSeconds());
        try {
            QueueDrain.Result result = drain.run();
            LOG.info("Worker finished: {} batches, {} receives, {} processed, {} returned to the queue, {} extensions{}",
                    result.batches(), result.received(), result.processed().size(), result.returned(),
                    result.extensions(), result.stopped() ? " (stopped)" : "");
            return result;
        } finally {
            recordThreads.shutdownNow();
        }
    }

    /**
     * Stops receiving; records still running have {@link WorkerConfig#stopBudget()} to finish, the
     * rest go back to the queue. What the SIGTERM hook calls; safe to call more than once.
     */
    public void stop() {
        drain.stop();
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopRequested() {
        return drain.stopRequested();
    }

    /** Waits until {@link #run()} has returned (or failed); false if it has not within {@code timeout}. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return drain.awaitFinished(timeout);
    }

    private Map<String, String> handle(List<Message> batch) {
        List<CompanyMessage> records = new ArrayList<>(batch.size());
        batch.forEach(message -> records.add(SdkMessages.of(message)));
        Map<String, String> failed = new LinkedHashMap<>();
        ConsumerMetrics batchCounts = new ConsumerMetrics();
        runner.run(records, record -> batchCounts.add(processor.write(record)), drain.deadline())
                .forEach(failure -> failed.put(failure.messageId(), failure.reason()));
        counts.accept(batchCounts.of(records.size(), failed.size()));
        return failed;
    }
}

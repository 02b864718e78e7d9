package org.fangsentiment.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.concurrent.DaemonThreads;
import org.fangsentiment.config.WorkerConfig;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.consumer.ConsumerHandler;
import org.fangsentiment.logging.LogContext;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The consumer as a long-running queue worker: long-polls the queue for up to 10 messages, runs
 * their records through the consumer's own {@link BatchRunner} and {@link CompanyProcessor} on a
 * pool of {@link WorkerConfig#parallelism()} threads, deletes the records that wrote their CSV
 * ({@code DeleteMessageBatch}, per-entry failures logged), and leaves the failed ones hidden for
 * {@link WorkerConfig#retryDelay()}, so the queue's redrive policy moves a poison message to the
 * dead-letter queue after its {@code maxReceiveCount} receives, as for Lambda. A
 * {@link VisibilityKeeper} keeps the messages of records still running hidden.
 *
 * <p>{@link #stop()} (what the SIGTERM hook calls) stops receiving; records that finish within
 * {@link WorkerConfig#stopBudget()} are written and deleted; the rest, and anything received after
 * the stop, go back to the queue at once (visibility 0). A message is deleted only after its CSV
 * was written, so nothing is reported done without it, and nothing is dropped.
 */
public final class QueueWorker {

    private static final Logger LOG = LogManager.getLogger(QueueWorker.class);
    static final int MAX_BATCH = 10;
    /** Longest wait for a free batch slot before the stop flag is read again. */
    private static final long SLOT_WAIT_MS = 200;

    /** One handled batch, for progress output. */
    public record BatchReport(int number, int records, int succeeded, int failed, long millis, int processedSoFar) {
    }

    /**
     * What a run did.
     *
     * @param batches batches handled
     * @param received receives of messages (a retried message counts each time)
     * @param processed ids of the messages whose CSV was written and that were deleted
     * @param seen every message id received
     * @param failureReasons the last reason a record failed, by message id
     * @param returned distinct messages handed back to the queue by the stop (visibility 0)
     * @param extensions visibility extensions SQS confirmed
     * @param stopped whether the run ended by {@link #stop()}
     */
    public record Result(int batches, int received, Set<String> processed, Set<String> seen,
                         Map<String, String> failureReasons, int returned, long extensions, boolean stopped) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final CompanyProcessor processor;
    private final WorkerConfig config;
    private final Consumer<BatchReport> progress;
    private final ExecutorService recordThreads;
    private final BatchRunner runner;
    private final VisibilityKeeper keeper;
    private final String queueArn;
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final Set<String> processed = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> returned = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private volatile boolean started;

    public QueueWorker(SqsClient sqs, String queueUrl, CompanyProcessor processor, WorkerConfig config,
                       Consumer<BatchReport> progress) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.config = Objects.requireNonNull(config, "config");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.recordThreads = ConsumerHandler.workers(config.parallelism());
        this.runner = new BatchRunner(recordThreads, (id, reason) -> {
            if (seen.contains(id)) {
                reasons.put(id, reason);
            }
        });
        this.keeper = new VisibilityKeeper(sqs, queueUrl, config.visibility(), System::nanoTime);
        this.queueArn = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().getOrDefault(QueueAttributeName.QUEUE_ARN, "");
    }

    /**
     * Polls and processes until {@link #stop()} (or, with {@link WorkerConfig#exitWhenEmpty()}, until
     * the queue is empty and nothing is in flight); returns when every received message is deleted,
     * returned or left to come back. Call once.
     */
    public Result run() throws InterruptedException {
        if (started) {
            throw new IllegalStateException("a worker runs once");
        }
        started = true;
        // Enough batches in flight to keep every record thread busy while one batch waits for its slowest record.
        int slotsCount = Math.max(2, (config.parallelism() + MAX_BATCH - 1) / MAX_BATCH + 1);
        Semaphore slots = new Semaphore(slotsCount);
        ExecutorService batches = LogContext.propagating(
                Executors.newFixedThreadPool(slotsCount, DaemonThreads.named("worker-batch")));
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("worker-visibility"));
        long tick = Math.max(250, config.visibility().toMillis() / 4);
        heartbeat.scheduleWithFixedDelay(LogContext.carrying((Runnable) () -> {
            try {
                keeper.extendDue();
            } catch (RuntimeException e) {
                // A task that throws is never scheduled again: keep extending on the next tick.
                LOG.warn("Extending visibilities failed; trying again on the next tick", e);
            }
        }), tick, tick, TimeUnit.MILLISECONDS);
        AtomicInteger batchNumber = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicReference<Throwable> batchError = new AtomicReference<>();
        LOG.info("Worker polling {} with {} record threads, visibility {} s, failed records back after {} s",
                queueUrl, config.parallelism(), config.visibility().toSeconds(), config.retryDelay().toSeconds());
        try {
            int emptyReads = 0;
            while (!stopping && batchError.get() == null) {
                if (!slots.tryAcquire(SLOT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                long receivedAt = System.nanoTime();
                List<Message> messages;
                try {
                    messages = receive();
                } catch (QueueDoesNotExistException e) {
                    slots.release();
                    throw e;
                } catch (SdkException e) {
                    slots.release();
                    LOG.warn("Receiving from the queue failed; trying again in 1 s: {}", e.getMessage());
                    finished.await(1, TimeUnit.SECONDS);
                    continue;
                }
                messages.forEach(m -> seen.add(m.messageId()));
                received.addAndGet(messages.size());
                if (stopping) {
                    // Received while the stop was asked for: back to the queue at once.
                    release(messages, Duration.ZERO);
                    messages.forEach(m -> returned.add(m.messageId()));
                    slots.release();
                    break;
                }
                if (messages.isEmpty()) {
                    slots.release();
                    if (config.exitWhenEmpty() && inFlight.get() == 0 && queueIsEmpty()) {
                        if (++emptyReads >= 2) {
                            break;
                        }
                    } else {
                        emptyReads = 0;
                    }
                    continue;
                }
                emptyReads = 0;
                keeper.track(messages, receivedAt);
                int number = batchNumber.incrementAndGet();
                inFlight.incrementAndGet();
                batches.execute(() -> {
                    try {
                        handle(number, messages);
                    } catch (Throwable e) {
                        // The messages stay hidden until their visibility lapses, then come back: not lost.
                        keeper.untrack(messages);
                        batchError.compareAndSet(null, e);
                    } finally {
                        inFlight.decrementAndGet();
                        slots.release();
                    }
                });
            }
            batches.shutdown();
            // Batches end by themselves; after a stop, by its deadline (BatchRunner cancels what is left).
            while (!batches.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.debug("Waiting for {} batches in flight", inFlight.get());
            }
            Throwable error = batchError.get();
            if (error != null) {
                throw new IllegalStateException("A batch failed outside its records: " + error, error);
            }
        } finally {
            batches.shutdownNow();
            heartbeat.shutdownNow();
            recordThreads.shutdownNow();
            finished.countDown();
        }
        Result result = new Result(batchNumber.get(), received.get(), Set.copyOf(processed), Set.copyOf(seen),
                Map.copyOf(reasons), returned.size(), keeper.extensions(), stopping);
        LOG.info("Worker finished: {} batches, {} receives, {} processed, {} returned to the queue, {} extensions{}",
                result.batches(), result.received(), result.processed().size(), result.returned(), result.extensions(),
                stopping ? " (stopped)" : "");
        return result;
    }

    /**
     * Stops receiving; records still running have {@link WorkerConfig#stopBudget()} to finish, the
     * rest go back to the queue. What the SIGTERM hook calls; safe to call more than once.
     */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopDeadlineNanos = System.nanoTime() + config.stopBudget().toNanos();
            stopping = true;
        }
        LOG.info("Stop requested: no more receives; records have {} s to finish, the rest go back to the queue",
                config.stopBudget().toSeconds());
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopRequested() {
        return stopping;
    }

    /** Waits until {@link #run()} has returned (or failed); false if it has not within {@code timeout}. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(int number, List<Message> messages) {
        long start = System.nanoTime();
        String region = SqsRecords.regionOf(queueArn);
        List<SQSMessage> records = new ArrayList<>(messages.size());
        messages.forEach(m -> records.add(SqsRecords.toRecord(m, queueArn, region)));
        SQSBatchResponse response = runner.run(records, processor::write, this::remainingMillis);
        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        List<Message> succeeded = new ArrayList<>();
        List<Message> retried = new ArrayList<>();
        for (Message message : messages) {
            (failed.contains(message.messageId()) ? retried : succeeded).add(message);
        }
        keeper.untrack(messages);
        delete(succeeded);
        if (stopping) {
            release(retried, Duration.ZERO);
            retried.forEach(m -> returned.add(m.messageId()));
        } else if (config.retryDelay().compareTo(config.visibility()) < 0) {
            release(retried, config.retryDelay());
        } // else: they come back when the visibility they were received with lapses
        progress.accept(new BatchReport(number, messages.size(), succeeded.size(), retried.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), processed.size()));
    }

    /** The "invocation's" time left: unbounded until a stop, then the stop budget. */
    private long remainingMillis() {
        return stopping ? TimeUnit.NANOSECONDS.toMillis(stopDeadlineNanos - System.nanoTime()) : Long.MAX_VALUE / 4;
    }

    @SuppressWarnings("deprecation") // attributeNames: emulators that predate MessageSystemAttributeNames read only it
    private List<Message> receive() {
        return sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                .maxNumberOfMessages(MAX_BATCH)
                .waitTimeSeconds((int) config.waitTime().toSeconds())
                .visibilityTimeout((int) config.visibility().toSeconds())
                .attributeNamesWithStrings("SentTimestamp", "ApproximateReceiveCount")
                .messageSystemAttributeNamesWithStrings("SentTimestamp", "ApproximateReceiveCount")
                .messageAttributeNames("All")).messages();
    }

    private void delete(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        DeleteMessageBatchResponse response;
        try {
            response = sqs.deleteMessageBatch(delete -> delete.queueUrl(queueUrl).entries(entries));
        } catch (SdkException e) {
            // Their CSVs are written; the messages come back and write the same keys again.
            LOG.warn("Deleting {} processed messages failed; they will be processed again: {}", messages.size(),
                    e.getMessage());
            return;
        }
        response.successful().forEach(ok -> processed.add(messages.get(Integer.parseInt(ok.id())).messageId()));
        response.failed().forEach(failure -> LOG.warn("Deleting message {} failed ({}: {}); it will be processed again",
                messages.get(Integer.parseInt(failure.id())).messageId(), failure.code(), failure.message()));
    }

    /** Makes the messages visible again after {@code delay} (0: at once). */
    private void release(List<Message> messages, Duration delay) {
        for (int from = 0; from < messages.size(); from += MAX_BATCH) {
            List<Message> batch = messages.subList(from, Math.min(messages.size(), from + MAX_BATCH));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout((int) delay.toSeconds()).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(change -> change.queueUrl(queueUrl).entries(entries))
                        .failed().forEach(failure -> LOG.warn("Message {} could not be made visible again ({}: {});"
                                        + " it comes back when its visibility timeout lapses",
                                batch.get(Integer.parseInt(failure.id())).messageId(), failure.code(), failure.message()));
            } catch (SdkException e) {
                LOG.warn("Making {} messages visible again failed; they come back when their visibility timeout"
                        + " lapses: {}", batch.size(), e.getMessage());
            }
        }
    }

    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        long total = 0;
        for (String value : counts.values()) {
            try {
                total += Long.parseLong(value.trim());
            } catch (NumberFormatException | NullPointerException e) {
                // an emulator without the attribute: counts as 0
            }
        }
        return total == 0;
    }
}

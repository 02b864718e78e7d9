package org.fangsentiment.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
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
import org.fangsentiment.consumer.Deadline;
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
 * The one SQS drain: long-polls a queue for batches of up to {@value #MAX_BATCH} messages, hands
 * each batch to a {@link BatchHandler} on a pool thread (several batches in flight), deletes the
 * messages the handler did not fail ({@code DeleteMessageBatch}), and makes the failed ones visible
 * again after {@link Settings#retryDelay()} so the queue's redrive policy moves a poison message to
 * the dead-letter queue after its {@code maxReceiveCount} receives. The queue worker drains with it
 * ({@link QueueWorker}), and so does the local runner's event-source emulator, which hands each
 * batch to the Lambda handler as an SQS event: each behaviour is written once.
 *
 * <p>With {@link Settings#keepVisible()} a {@link VisibilityKeeper} extends the messages of batches
 * still running before their visibility lapses (the worker); without it they stay hidden for the
 * receive's visibility, the function timeout and a margin, as Lambda's event source leaves them.
 *
 * <p>{@link #stop()} stops receiving; batches still running have {@link Settings#stopBudget()} as
 * their {@link #deadline()}; what they fail after the stop, and anything received after it, goes
 * back to the queue at once (visibility 0). A message is deleted only after its handler succeeded,
 * so nothing is reported done without it, and nothing is dropped. A handler that throws ends the
 * drain with that error once the batches in flight are done (its messages come back when their
 * visibility lapses).
 */
public final class QueueDrain {

    private static final Logger LOG = LogManager.getLogger(QueueDrain.class);
    /** SQS's largest receive, delete and visibility batch. */
    public static final int MAX_BATCH = 10;
    /** Longest wait for a free batch slot before the stop flag is read again. */
    private static final long SLOT_WAIT_MS = 200;
    /** Receive failures in a row after which the drain gives up (an unreachable queue is not waited on forever). */
    static final int RECEIVE_ATTEMPTS = 5;

    /** Handles one received batch; returns the failed messages' ids with the reason of each. */
    @FunctionalInterface
    public interface BatchHandler {
        Map<String, String> handle(List<Message> batch);
    }

    /**
     * How a drain receives and ends.
     *
     * @param batchesInFlight batches handled at once (for Lambda: its concurrent invocations)
     * @param visibility how long a received message stays hidden (and, with {@code keepVisible}, the extension)
     * @param waitTime the long-poll wait of one receive (1-20 s)
     * @param retryDelay how soon a failed message is received again; at or above {@code visibility} it is
     *     left to come back when the visibility it was received with lapses
     * @param stopBudget after {@link #stop()}, how long batches still running may take
     * @param exitWhenEmpty whether the drain ends when nothing is in flight and the queue reports no visible,
     *     in-flight or delayed messages on two reads in a row
     * @param keepVisible whether a {@link VisibilityKeeper} extends the messages of running batches
     */
    public record Settings(int batchesInFlight, Duration visibility, Duration waitTime, Duration retryDelay,
                           Duration stopBudget, boolean exitWhenEmpty, boolean keepVisible) {
        public Settings {
            if (batchesInFlight < 1) {
                throw new IllegalArgumentException("batchesInFlight must be at least 1");
            }
            Objects.requireNonNull(visibility, "visibility");
            Objects.requireNonNull(waitTime, "waitTime");
            Objects.requireNonNull(retryDelay, "retryDelay");
            Objects.requireNonNull(stopBudget, "stopBudget");
        }
    }

    /** One handled batch, for progress output. */
    public record BatchReport(int number, int records, int succeeded, int failed, long millis, int processedSoFar) {
    }

    /**
     * What a drain did.
     *
     * @param batches batches handled
     * @param received receives of messages (a retried message counts each time)
     * @param processed ids of the messages handled successfully and deleted
     * @param seen every message id received
     * @param failureReasons the last reason each failed message id failed for
     * @param returned distinct messages handed back to the queue by a stop (visibility 0)
     * @param extensions visibility extensions SQS confirmed
     * @param stopped whether the drain ended by {@link #stop()}
     */
    public record Result(int batches, int received, Set<String> processed, Set<String> seen,
                         Map<String, String> failureReasons, int returned, long extensions, boolean stopped) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final Settings settings;
    private final BatchHandler handler;
    private final Consumer<BatchReport> progress;
    private final VisibilityKeeper keeper;
    private final Map<String, String> reasons = new ConcurrentHashMap<>();
    private final Set<String> processed = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> returned = ConcurrentHashMap.newKeySet();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private volatile boolean started;
    private volatile long expected;

    public QueueDrain(SqsClient sqs, String queueUrl, Settings settings, BatchHandler handler,
                      Consumer<BatchReport> progress) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.keeper = new VisibilityKeeper(sqs, queueUrl, settings.visibility(), System::nanoTime);
    }

    /**
     * Tells a drain with {@link Settings#exitWhenEmpty()} how many messages were put in the queue for it (the local
     * runner knows what its producer sent). Once that many distinct messages were received it waits for the batches
     * in flight instead of long-polling, and once that many were processed, nothing is in flight and the queue reads
     * empty once, it ends: no long-poll waits after the last batch (up to two of them otherwise, a second or two of a
     * five-company run). Anything else (failures to retry, older messages) drains as without it. Call before
     * {@link #run()}; returns this.
     */
    public QueueDrain expecting(long messages) {
        if (messages < 0) {
            throw new IllegalArgumentException("messages must not be negative");
        }
        this.expected = messages;
        return this;
    }

    /**
     * Drains until {@link #stop()} (or, with {@link Settings#exitWhenEmpty()}, until the queue is
     * empty and nothing is in flight); returns when every received message is deleted, returned or
     * left to come back. Call once.
     */
    public Result run() throws InterruptedException {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a drain runs once");
            }
            started = true;
        }
        Semaphore slots = new Semaphore(settings.batchesInFlight());
        ExecutorService batches = LogContext.propagating(
                Executors.newFixedThreadPool(settings.batchesInFlight(), DaemonThreads.named("drain-batch")));
        ScheduledExecutorService heartbeat = settings.keepVisible() ? startKeeper() : null;
        AtomicInteger batchNumber = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicReference<Throwable> batchError = new AtomicReference<>();
        Object batchEnded = new Object();
        try {
            int emptyReads = 0;
            int receiveFailures = 0;
            while (!stopping && batchError.get() == null) {
                if (settings.exitWhenEmpty() && expected > 0 && seen.size() >= expected) {
                    // Everything sent was received: wait for the batches rather than poll an empty queue.
                    synchronized (batchEnded) {
                        while (inFlight.get() > 0 && !stopping && batchError.get() == null) {
                            batchEnded.wait(SLOT_WAIT_MS);
                        }
                    }
                    if (stopping || batchError.get() != null) {
                        continue;
                    }
                    if (processed.size() >= expected && queueIsEmpty()) {
                        break;
                    }
                }
                if (!slots.tryAcquire(SLOT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                long receivedAt = System.nanoTime();
                List<Message> messages;
                try {
                    messages = receive();
                    receiveFailures = 0;
                } catch (QueueDoesNotExistException e) {
                    slots.release();
                    throw e;
                } catch (SdkException e) {
                    slots.release();
                    if (++receiveFailures >= RECEIVE_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("Receiving from the queue failed; trying again in 1 s: {}", e.getMessage());
                    finished.await(1, TimeUnit.SECONDS);
                    continue;
                }
                messages.forEach(m -> seen.add(m.messageId()));
                received.addAndGet(messages.size());
                if (stopping) {
                    // Received while the stop was asked for: back to the queue at once.
                    giveBack(messages);
                    slots.release();
                    break;
                }
                if (messages.isEmpty()) {
                    slots.release();
                    if (settings.exitWhenEmpty() && inFlight.get() == 0 && queueIsEmpty()) {
                        if (++emptyReads >= 2) {
                            break;
                        }
                    } else {
                        emptyReads = 0;
                    }
                    continue;
                }
                emptyReads = 0;
                if (settings.keepVisible()) {
                    keeper.track(messages, receivedAt);
                }
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
                        synchronized (batchEnded) {
                            batchEnded.notifyAll();
                        }
                    }
                });
            }
            batches.shutdown();
            // Batches end by themselves; after a stop, by its deadline (the handler cancels what is left).
            while (!batches.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.debug("Waiting for {} batches in flight", inFlight.get());
            }
            rethrow(batchError.get());
        } finally {
            batches.shutdownNow();
            if (heartbeat != null) {
                heartbeat.shutdownNow();
            }
            finished.countDown();
        }
        return new Result(batchNumber.get(), received.get(), Set.copyOf(processed), Set.copyOf(seen),
                Map.copyOf(reasons), returned.size(), keeper.extensions(), stopping);
    }

    /**
     * Stops receiving; batches still running have {@link Settings#stopBudget()} to finish, the rest
     * goes back to the queue. Safe to call more than once, and from any thread.
     */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopDeadlineNanos = System.nanoTime() + settings.stopBudget().toNanos();
            stopping = true;
        }
        LOG.info("Stop requested: no more receives; batches have {} s to finish, the rest go back to the queue",
                settings.stopBudget().toSeconds());
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopRequested() {
        return stopping;
    }

    /** Waits until {@link #run()} has returned (or failed); false if it has not within {@code timeout}. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The deadline of running batches: none until a stop, then the stop budget. */
    public Deadline deadline() {
        return () -> stopping
                ? OptionalLong.of(TimeUnit.NANOSECONDS.toMillis(stopDeadlineNanos - System.nanoTime()))
                : OptionalLong.empty();
    }

    private ScheduledExecutorService startKeeper() {
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("drain-visibility"));
        long tick = Math.max(250, settings.visibility().toMillis() / 4);
        heartbeat.scheduleWithFixedDelay(LogContext.carrying((Runnable) () -> {
            try {
                keeper.extendDue();
            } catch (RuntimeException e) {
                // A task that throws is never scheduled again: keep extending on the next tick.
                LOG.warn("Extending visibilities failed; trying again on the next tick", e);
            }
        }), tick, tick, TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    private void handle(int number, List<Message> messages) {
        long start = System.nanoTime();
        Map<String, String> failures = handler.handle(messages);
        reasons.putAll(failures);
        List<Message> succeeded = new ArrayList<>();
        List<Message> failed = new ArrayList<>();
        for (Message message : messages) {
            (failures.containsKey(message.messageId()) ? failed : succeeded).add(message);
        }
        keeper.untrack(messages);
        delete(succeeded);
        if (stopping) {
            giveBack(failed);
        } else if (settings.retryDelay().compareTo(settings.visibility()) < 0) {
            changeVisibility(failed, settings.retryDelay());
        } // else: they come back when the visibility they were received with lapses
        progress.accept(new BatchReport(number, messages.size(), succeeded.size(), failed.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), processed.size()));
    }

    @SuppressWarnings("deprecation") // attributeNames: emulators that predate MessageSystemAttributeNames read only it
    private List<Message> receive() {
        return sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                .maxNumberOfMessages(MAX_BATCH)
                .waitTimeSeconds((int) settings.waitTime().toSeconds())
                .visibilityTimeout((int) settings.visibility().toSeconds())
                .attributeNamesWithStrings("All")
                .messageSystemAttributeNamesWithStrings("All")
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
            // Their work is done; the messages come back and write the same keys again.
            LOG.warn("Deleting {} processed messages failed; they will be processed again: {}", messages.size(),
                    e.getMessage());
            return;
        }
        response.successful().forEach(ok -> processed.add(messages.get(Integer.parseInt(ok.id())).messageId()));
        response.failed().forEach(failure -> LOG.warn("Deleting message {} failed ({}: {}); it will be processed again",
                messages.get(Integer.parseInt(failure.id())).messageId(), failure.code(), failure.message()));
    }

    /** Back to the queue at once, counted as returned by the stop. */
    private void giveBack(List<Message> messages) {
        changeVisibility(messages, Duration.ZERO);
        messages.forEach(m -> returned.add(m.messageId()));
    }

    /** Makes the messages visible again after {@code delay} (0: at once). */
    private void changeVisibility(List<Message> messages, Duration delay) {
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

    private static void rethrow(Throwable error) {
        if (error == null) {
            return;
        }
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        throw new IllegalStateException("A batch failed outside its records: " + error, error);
    }
}

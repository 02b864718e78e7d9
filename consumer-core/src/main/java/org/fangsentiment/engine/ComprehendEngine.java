package org.fangsentiment.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.retry.Backoff;
import org.fangsentiment.retry.Sleeper;
import org.fangsentiment.sentiment.SentimentLabel;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.comprehend.ComprehendClient;
import software.amazon.awssdk.services.comprehend.model.BatchDetectSentimentItemResult;
import software.amazon.awssdk.services.comprehend.model.BatchDetectSentimentResponse;
import software.amazon.awssdk.services.comprehend.model.BatchItemError;
import software.amazon.awssdk.services.comprehend.model.DetectSentimentResponse;
import software.amazon.awssdk.services.comprehend.model.LanguageCode;
import software.amazon.awssdk.services.comprehend.model.SentimentScore;
import software.amazon.awssdk.services.comprehend.model.SentimentType;

/**
 * Amazon Comprehend as the engine. Each worker thread asks for one text; the requests that wait at
 * the same time are sent together, up to {@value #MAX_BATCH} to a {@code BatchDetectSentiment}
 * call (micro-batching), so the consumer's per-record code stays one call per record.
 *
 * <p>No thread of its own: a caller whose request is still queued takes up to {@value #MAX_BATCH}
 * queued requests (its own among them or not), waits at most {@link #LINGER} (20 ms) from the oldest one's
 * arrival for the batch to fill, and makes the call for all of them; the others wait until theirs
 * is answered or, if it is queued again, take their turn. A batch item that fails is asked again
 * alone with {@code DetectSentiment}, and so is every text of a batch call that the service refuses or
 * fails (5xx). Throttling (of either call) and service errors of {@code DetectSentiment} are retried
 * with the pipeline's {@link Backoff}; what still fails is that record's
 * {@link SentimentUnavailableException}. A batch throttled past its attempts fails all its records:
 * asking 25 times more would add load to a service that asked for less.
 *
 * <p>English; each text is cut to Comprehend's 5,000-byte limit at a sentence boundary first
 * ({@link ComprehendText}). The label is Comprehend's; the score is Positive − Negative.
 */
public final class ComprehendEngine implements SentimentEngine {

    private static final Logger LOG = LogManager.getLogger(ComprehendEngine.class);

    /** The CSV's {@code engine} value. */
    public static final String ID = "comprehend";
    /** Comprehend's limit of documents per BatchDetectSentiment call. */
    public static final int MAX_BATCH = 25;
    /** Longest wait, from a batch's oldest request, for more requests to join it. */
    public static final Duration LINGER = Duration.ofMillis(20);
    /** What a blank text scores, without a call (Comprehend refuses empty text; CoreNLP finds no sentence in it). */
    static final Scored BLANK = new Scored(SentimentLabel.NEUTRAL, 0.0, Optional.empty(), OptionalInt.empty(), "", false);
    /** Attempts of one call, the first included, and the backoff between them: as the producer's queue sender. */
    public static final int MAX_ATTEMPTS = 6;
    public static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private final ComprehendClient client;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Sleeper sleeper;
    private final long lingerNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Request> queue = new ArrayDeque<>();

    /** With the pipeline's retry policy. */
    public ComprehendEngine(ComprehendClient client) {
        this(client, BACKOFF, MAX_ATTEMPTS, Sleeper.system(), LINGER);
    }

    /**
     * @param linger longest wait from a batch's oldest request for more to join it (tests that need
     *     texts sent together widen it)
     */
    public ComprehendEngine(ComprehendClient client, Backoff backoff, int maxAttempts, Sleeper sleeper,
                            Duration linger) {
        this.lingerNanos = linger.toNanos();
        this.client = Objects.requireNonNull(client, "client");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Scored score(String text) {
        if (Objects.requireNonNull(text, "text").isBlank()) {
            return BLANK;
        }
        ComprehendText.Cut cut = ComprehendText.fit(text);
        if (cut.truncated()) {
            LOG.info("Text cut from {} to {} bytes at a sentence boundary for Comprehend",
                    ComprehendText.utf8Length(text), cut.bytes());
        }
        Request request = new Request(cut, System.nanoTime());
        lock.lock();
        try {
            queue.addLast(request);
            changed.signalAll();
            while (request.outcome == null) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (!queue.isEmpty()) {
                    List<Request> batch = takeBatch();
                    lock.unlock();
                    try {
                        dispatch(batch);
                    } finally {
                        lock.lock();
                        changed.signalAll();
                    }
                } else {
                    changed.await();
                }
            }
        } catch (InterruptedException e) {
            queue.remove(request); // not sent yet: nobody else may send it for us now
            changed.signalAll(); // what this caller leaves queued is another waiter's to send
            Thread.currentThread().interrupt();
            throw new SentimentUnavailableException("interrupted while waiting for Comprehend", e);
        } finally {
            lock.unlock();
        }
        return request.outcome.get();
    }

    /** Up to {@link #MAX_BATCH} queued requests, after waiting up to {@link #LINGER} for a full batch. Holds the lock. */
    private List<Request> takeBatch() throws InterruptedException {
        long lingerEnd = queue.peekFirst().arrived + lingerNanos;
        long left;
        while (queue.size() < MAX_BATCH && !queue.isEmpty() && (left = lingerEnd - System.nanoTime()) > 0) {
            changed.await(left, TimeUnit.NANOSECONDS);
        }
        List<Request> batch = new ArrayList<>(MAX_BATCH);
        while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
            batch.add(queue.pollFirst());
        }
        return batch;
    }

    /**
     * Answers every request of the batch. If this thread is interrupted on the way, the requests not
     * yet answered go back to the queue for another caller, and the interrupt is kept.
     */
    private void dispatch(List<Request> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (batch.size() == 1) {
                Request only = batch.get(0);
                only.outcome = detectAlone(only);
                return;
            }
            // A service error on the batch is not retried as a batch: one of its texts may be the cause, so
            // each text is asked alone (with its own retries). Throttling is retried as a whole.
            BatchDetectSentimentResponse response = withRetries("BatchDetectSentiment", false, () -> client
                    .batchDetectSentiment(b -> b.languageCode(LanguageCode.EN)
                            .textList(batch.stream().map(r -> r.cut.text()).toList())));
            Map<Integer, BatchDetectSentimentItemResult> results = new HashMap<>();
            response.resultList().forEach(r -> results.put(r.index(), r));
            Map<Integer, BatchItemError> errors = new HashMap<>();
            response.errorList().forEach(e -> errors.put(e.index(), e));
            for (int i = 0; i < batch.size(); i++) {
                Request request = batch.get(i);
                BatchDetectSentimentItemResult result = results.get(i);
                if (result != null) {
                    request.outcome = answer(result.sentiment(), result.sentimentScore(), request.cut);
                } else {
                    BatchItemError error = errors.get(i);
                    LOG.info("Comprehend batch item {} of {} failed ({}): asking DetectSentiment for it alone", i,
                            batch.size(), error == null ? "no result" : error.errorCode());
                    request.outcome = detectAlone(request);
                }
            }
        } catch (Unavailable e) {
            if (e.retryable) {
                batch.forEach(r -> r.outcome = failure(e));
            } else {
                LOG.info("{}: asking DetectSentiment for each of its {} texts alone", e.getMessage(), batch.size());
                // The whole call was refused or failed on the service's side: ask for each text alone, so that
                // one text the service cannot take fails only its own record (and an endpoint without
                // BatchDetectSentiment, such as moto, still answers).
                for (Request request : batch) {
                    if (request.outcome == null) {
                        request.outcome = detectAlone(request);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            requeueUnanswered(batch);
        }
    }

    private void requeueUnanswered(List<Request> batch) {
        List<Request> unanswered = batch.stream().filter(r -> r.outcome == null).toList();
        if (unanswered.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (int i = unanswered.size() - 1; i >= 0; i--) {
                queue.addFirst(unanswered.get(i));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Outcome detectAlone(Request request) {
        try {
            DetectSentimentResponse response = withRetries("DetectSentiment", true, () -> client
                    .detectSentiment(b -> b.languageCode(LanguageCode.EN).text(request.cut.text())));
            return answer(response.sentiment(), response.sentimentScore(), request.cut);
        } catch (Unavailable e) {
            return failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null; // requeued
        }
    }

    private static Outcome answer(SentimentType sentiment, SentimentScore score, ComprehendText.Cut cut) {
        SentimentLabel label = switch (sentiment == null ? SentimentType.UNKNOWN_TO_SDK_VERSION : sentiment) {
            case POSITIVE -> SentimentLabel.POSITIVE;
            case NEGATIVE -> SentimentLabel.NEGATIVE;
            case NEUTRAL -> SentimentLabel.NEUTRAL;
            case MIXED -> SentimentLabel.MIXED;
            default -> null;
        };
        if (label == null || score == null || score.positive() == null || score.negative() == null) {
            SentimentUnavailableException e = new SentimentUnavailableException(
                    "Comprehend answered without a known sentiment and scores (" + sentiment + ")", null);
            return () -> {
                throw e;
            };
        }
        Scored scored = new Scored(label, score.positive() - score.negative(), Optional.empty(), OptionalInt.empty(),
                "", cut.truncated());
        return () -> scored;
    }

    private static Outcome failure(Unavailable e) {
        SentimentUnavailableException failure = new SentimentUnavailableException(e.getMessage(), e.getCause());
        return () -> {
            throw failure;
        };
    }

    /**
     * Calls {@code call}, retrying throttling and I/O errors with the backoff, and service faults (5xx)
     * too when {@code retryServiceErrors}. Gives up with a retryable {@link Unavailable} when the
     * attempts are spent, and at once with a non-retryable one for anything else.
     */
    private <T> T withRetries(String operation, boolean retryServiceErrors, Supplier<T> call)
            throws Unavailable, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                boolean retryable = retryable(e) && (retryServiceErrors || !serviceFault(e));
                String error = describe(e);
                if (!retryable) {
                    throw new Unavailable(serviceFault(e) ? "Comprehend " + operation + " failed with " + error
                            : "Comprehend refused " + operation + ": " + error, e, false);
                }
                if (attempt >= maxAttempts) {
                    throw new Unavailable("Comprehend " + operation + " failed with " + error + ", still after "
                            + attempt + " attempts", e, true);
                }
                Duration wait = backoff.delay(attempt - 1);
                LOG.info("Retrying Comprehend {} in {} ms after attempt {}: {}", operation, wait.toMillis(), attempt,
                        error);
                sleeper.sleep(wait);
            }
        }
    }

    /** Throttling, a 5xx, or no answer at all (connection, timeout): worth another attempt. */
    static boolean retryable(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static boolean serviceFault(SdkException e) {
        return e instanceof AwsServiceException service && !service.isThrottlingException() && service.statusCode() >= 500;
    }

    /** The error's code and HTTP status, or its type: short, and no text of the request. */
    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return code == null ? "HTTP " + service.statusCode() + " without an error code"
                    : code + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }

    /** One text waiting for its answer; {@code outcome} is written and read under the engine's lock or after it. */
    private static final class Request {
        final ComprehendText.Cut cut;
        final long arrived;
        volatile Outcome outcome;

        Request(ComprehendText.Cut cut, long arrived) {
            this.cut = cut;
            this.arrived = arrived;
        }
    }

    /** The answer of one request: a result, or the failure to throw in the caller's thread. */
    @FunctionalInterface
    private interface Outcome {
        Scored get();
    }

    /** A call that gave up: retryable if it was throttled or failed on the service's side. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean retryable;

        Unavailable(String message, Throwable cause, boolean retryable) {
            super(message, cause);
            this.retryable = retryable;
        }
    }
}

package org.fangsentiment.producer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.item.CompanyItem;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.retry.Sleeper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * One producer run, or one invocation's part of it: scan the table and send every usable item to
 * the queue, once. A run spread over invocations hands its unfinished positions on through a
 * {@link ContinuationQueue}; see {@link #run} and {@link #resume}.
 *
 * <p>The queue URL is resolved once (from configuration, else one {@code GetQueueUrl}) and the
 * queue's size limit read once. Only {@link PipelineContract#MESSAGE_BODY_ATTRIBUTES} are read and
 * sent. Items without a valid {@code name}, or whose message would exceed the limit, are counted
 * invalid and logged with their key and reason. The run stops taking new pages when the Lambda
 * deadline is near, and ends with an exception whenever an item was neither sent nor found invalid
 * (whatever the reason: {@link ProducerResult#complete()} is checked last), so that the schedule's
 * retry policy runs it again (sending twice is harmless: the consumer overwrites the same object).
 */
public final class Producer {

    private static final Logger LOG = LogManager.getLogger(Producer.class);
    /** Stop scanning when less than this is left before the Lambda deadline. */
    static final Duration DEADLINE_RESERVE = Duration.ofSeconds(10);
    /**
     * Items per scan call in Lambda: the deadline is checked and a position saved between pages, so a
     * page is what a crash may send twice; 1,000 items is a few hundred ms of sending.
     */
    static final int PAGE_ITEMS = 1_000;

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final ProducerConfig config;
    private final Integer pageLimit;
    private final QueueSender.RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final MetricsLog metrics;
    /** Null when the configuration names no continuation queue: a run then ends in one invocation. */
    private final ContinuationQueue continuations;

    public Producer(DynamoDbClient dynamoDb, SqsClient sqs, ProducerConfig config) {
        this(dynamoDb, sqs, config, PAGE_ITEMS, QueueSender.RetryPolicy.DEFAULT, Sleeper.system(), Clock.systemUTC());
    }

    /**
     * @param pageLimit items per scan call, or null for DynamoDB's 1 MB pages (tests force pages)
     */
    public Producer(DynamoDbClient dynamoDb, SqsClient sqs, ProducerConfig config, Integer pageLimit,
                    QueueSender.RetryPolicy retryPolicy, Sleeper sleeper, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.config = config;
        this.pageLimit = pageLimit;
        this.retryPolicy = retryPolicy;
        this.sleeper = sleeper;
        this.clock = clock;
        this.metrics = new MetricsLog(clock);
        this.continuations = config.scaling().continuationQueueUrl()
                .map(url -> new ContinuationQueue(sqs, url)).orElse(null);
    }

    /** The run id of a run at {@code time}: the instant in ISO-8601 UTC, to the millisecond. */
    public static String runIdOf(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * The scheduled start of a run. Without a continuation queue it scans the whole table in this
     * invocation. With one, a table larger than one chain's share ({@code ITEMS_PER_CHAIN}, by
     * DynamoDB's approximate item count) is split into chains of {@code SCAN_SEGMENTS} segments each,
     * at most {@code MAX_FAN_OUT}, each started as a continuation message (so each runs in its own
     * invocation, in parallel, and a crash in any of them resumes from its saved position); a smaller
     * table is scanned here, and what the deadline leaves is handed on. {@code remainingMillis} tells
     * how long the invocation may still take ({@code Context::getRemainingTimeInMillis} in Lambda).
     *
     * @throws ProducerIncompleteException when an item was neither sent nor invalid, or, without a
     *     continuation queue, the deadline came first
     */
    public ProducerResult run(Instant runTime, LongSupplier remainingMillis) {
        String runId = runIdOf(runTime);
        int segments = config.scanSegments();
        if (continuations == null) {
            List<TableScanner.Position> all = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                all.add(TableScanner.Position.start(segment));
            }
            return work(Continuation.start(runId, config.tableName(), segments, 0, all), remainingMillis);
        }
        int chains = chains();
        List<Continuation> planned = new ArrayList<>();
        for (int chain = 0; chain < chains; chain++) {
            List<TableScanner.Position> owned = new ArrayList<>();
            for (int segment = chain * segments; segment < (chain + 1) * segments; segment++) {
                owned.add(TableScanner.Position.start(segment));
            }
            planned.add(Continuation.start(runId, config.tableName(), chains * segments, chain, owned));
        }
        if (chains == 1) {
            return work(planned.get(0), remainingMillis);
        }
        long started = clock.millis();
        planned.forEach(continuations::send);
        LOG.info("Producer run {} fanned out: {} chains of {} segments each ({} segments in all)",
                runId, chains, segments, chains * segments);
        ProducerResult result = new ProducerResult(runId, 0, 0, 0, 0, clock.millis() - started, chains);
        metrics.publish("Producer metrics", result.metrics());
        return result;
    }

    /**
     * Goes on with a run where a continuation left it, and hands on what the deadline leaves.
     *
     * @throws ProducerIncompleteException when an item was neither sent nor invalid (the
     *     continuation is then received again and this invocation's pages are sent again)
     */
    public ProducerResult resume(Continuation continuation, LongSupplier remainingMillis) {
        if (continuations == null) {
            throw new IllegalStateException("a continuation arrived, but " + ProducerConfig.ENV_CONTINUATION_QUEUE_URL
                    + " is not set");
        }
        return work(continuation, remainingMillis);
    }

    /**
     * Reads a continuation message's body for this producer's table, or throws
     * {@link Continuation.InvalidContinuationException} with the reason.
     */
    public Continuation parseContinuation(String body) {
        return Continuation.parse(body, config.tableName(), clock.instant(),
                Duration.ofHours(config.scaling().maxRunAgeHours()));
    }

    /** Chains for this table: one per {@code ITEMS_PER_CHAIN} items, at least 1, at most {@code MAX_FAN_OUT}. */
    private int chains() {
        Long items = dynamoDb.describeTable(describe -> describe.tableName(config.tableName())).table().itemCount();
        long perChain = config.scaling().itemsPerChain();
        long wanted = items == null ? 1 : (items + perChain - 1) / perChain;
        return (int) Math.max(1, Math.min(wanted, config.scaling().maxFanOut()));
    }

    /** One invocation's work on a chain: scan its segments from their positions, send, hand on the rest. */
    private ProducerResult work(Continuation chain, LongSupplier remainingMillis) {
        long started = clock.millis();
        String runId = chain.runId();
        String queueUrl = config.queueUrl().orElseGet(
                () -> sqs.getQueueUrl(get -> get.queueName(config.queueName())).queueUrl());
        Map<String, MessageAttributeValue> attributes = Map.of(
                PipelineContract.RUN_ID_ATTRIBUTE, stringAttribute(runId),
                PipelineContract.SOURCE_TABLE_ATTRIBUTE, stringAttribute(config.tableName()));
        int attributesSize = QueueSender.Message.sizeOf(attributes);
        AtomicLong invalid = new AtomicLong();
        BooleanSupplier keepGoing = () -> remainingMillis.getAsLong() > DEADLINE_RESERVE.toMillis();

        TableScanner scanner = new TableScanner(dynamoDb, config.tableName(),
                PipelineContract.MESSAGE_BODY_ATTRIBUTES, chain.totalSegments(), pageLimit);
        TableScanner.Outcome scan;
        List<QueueSender.Failure> failures;
        long calls;
        long sent;
        try (QueueSender sender = new QueueSender(sqs, queueUrl, QueueSender.maxBytesOf(sqs, queueUrl), retryPolicy,
                sleeper, config.scaling().sendInFlight())) {
            scan = scanner.scan(chain.totalSegments(), chain.positions(), segment -> new TableScanner.SegmentSink() {
                private final QueueSender.Batcher batcher = sender.batcher();

                @Override
                public void accept(List<Map<String, AttributeValue>> page) {
                    for (Map<String, AttributeValue> item : page) {
                        QueueSender.Message message = toMessage(item, attributes, attributesSize, sender.maxBytes());
                        if (message == null) {
                            invalid.incrementAndGet();
                        } else {
                            batcher.add(message);
                        }
                    }
                }

                @Override
                public void close() {
                    batcher.close();
                }
            }, keepGoing);
            failures = sender.retryFailed(keepGoing);
            calls = sender.calls();
            sent = sender.sent();
        }
        // Only once every page before the saved positions is sent (or counted invalid) may they be handed on.
        boolean handOn = !scan.complete() && continuations != null && failures.isEmpty()
                && scan.scanned() == sent + invalid.get();
        ProducerResult result = new ProducerResult(runId, scan.scanned(), sent, invalid.get(),
                failures.size(), clock.millis() - started, handOn ? 1 : 0);
        LOG.info("Producer run finished: runId={} scanned={} sent={} invalid={} failed={} durationMs={} "
                        + "scanPages={} sendCalls={} completeScan={} chain={} invocation={} segments={}", result.runId(),
                result.scanned(), result.sent(), result.invalid(), result.failed(), result.durationMs(), scan.pages(),
                calls, scan.complete(), chain.chain(), chain.invocation(), chain.positions().size());
        // Published before any throw below: an incomplete run's counts are what an operator needs most.
        // Each invocation publishes its own counts, so a run's are the sums over its invocations.
        metrics.publish("Producer metrics", result.metrics());
        if (!failures.isEmpty()) {
            throw new ProducerIncompleteException(result, failures.size() + " item(s) could not be sent");
        }
        if (!result.complete()) {
            // No failure was reported, yet items are unaccounted for (an answer that omits entries,
            // a bug): run again rather than report success for companies that may get no CSV.
            throw new ProducerIncompleteException(result, (result.scanned() - result.sent() - result.invalid())
                    + " item(s) neither sent nor invalid");
        }
        if (!scan.complete()) {
            if (!handOn) {
                throw new ProducerIncompleteException(result, "the Lambda deadline came before the scan ended");
            }
            Continuation next = chain.next(scan.unfinished(), result);
            continuations.send(next);
            LOG.info("Producer run {} chain {} handed on after invocation {}: {} segment(s) unfinished, "
                    + "chain so far scanned={} sent={} invalid={}", runId, chain.chain(), chain.invocation(),
                    next.positions().size(), next.counts().scanned(), next.counts().sent(), next.counts().invalid());
        } else {
            Continuation.Counts total = chain.counts().plus(result);
            LOG.info("Producer run {} chain {} finished in {} invocation(s): scanned={} sent={} invalid={}",
                    runId, chain.chain(), chain.invocation() + 1, total.scanned(), total.sent(), total.invalid());
        }
        return result;
    }

    /** The item's message, or null (logged) when the item is not usable. */
    private static QueueSender.Message toMessage(Map<String, AttributeValue> item,
                                                 Map<String, MessageAttributeValue> attributes, int attributesSize,
                                                 int maxBytes) {
        String key = describeKey(item);
        try {
            var json = ItemJson.toJson(item);
            CompanyItem.fromJson(json);
            QueueSender.Message message = QueueSender.Message.withAttributesSize(key,
                    ItemJson.MAPPER.writeValueAsString(json), attributes, attributesSize);
            int size = message.size();
            if (size > maxBytes) {
                LOG.warn("Item {} is invalid: its message has {} bytes, over the queue's limit of {}", key, size, maxBytes);
                return null;
            }
            return message;
        } catch (CompanyItem.InvalidItemException e) {
            LOG.warn("Item {} is invalid: {}", key, e.getMessage());
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            LOG.warn("Item {} is invalid: it cannot be written as JSON: {}", key, e.toString());
            return null;
        }
    }

    /** The item's key for logs: its name attribute as JSON, capped (names are untrusted and may be huge). */
    private static String describeKey(Map<String, AttributeValue> item) {
        AttributeValue name = item.get(PipelineContract.KEY_ATTRIBUTE);
        if (name == null) {
            return "(no '" + PipelineContract.KEY_ATTRIBUTE + "'; attributes " + item.keySet() + ")";
        }
        String json = plainQuoted(name);
        if (json == null) {
            json = ItemJson.toJson(name).toString();
        }
        return json.length() <= 200 ? json : json.substring(0, 200) + "...(" + json.length() + " chars)";
    }

    /**
     * A short string name as JSON when it needs no escaping (printable ASCII, no quote or backslash),
     * else null: the same text Jackson writes, without building a node and a writer for every item
     * (a key is made for each item, though logged only for the few that fail).
     */
    static String plainQuoted(AttributeValue name) {
        String text = name.s();
        if (text == null || text.length() > 200) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return null;
            }
        }
        return "\"" + text + "\"";
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}

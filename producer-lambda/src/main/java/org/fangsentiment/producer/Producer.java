package org.fangsentiment.producer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * One producer run: scan the whole table and send every usable item to the queue, once.
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

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final ProducerConfig config;
    private final Integer pageLimit;
    private final QueueSender.RetryPolicy retryPolicy;
    private final Sleeper sleeper;
    private final Clock clock;
    private final MetricsLog metrics;

    public Producer(DynamoDbClient dynamoDb, SqsClient sqs, ProducerConfig config) {
        this(dynamoDb, sqs, config, null, QueueSender.RetryPolicy.DEFAULT, Sleeper.system(), Clock.systemUTC());
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
    }

    /** The run id of a run at {@code time}: the instant in ISO-8601 UTC, to the millisecond. */
    public static String runIdOf(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * Runs once. {@code remainingMillis} tells how long the invocation may still take
     * ({@code Context::getRemainingTimeInMillis} in Lambda).
     *
     * @throws ProducerIncompleteException when an item was neither sent nor invalid
     */
    public ProducerResult run(Instant runTime, LongSupplier remainingMillis) {
        long started = clock.millis();
        String runId = runIdOf(runTime);
        String queueUrl = config.queueUrl().orElseGet(
                () -> sqs.getQueueUrl(get -> get.queueName(config.queueName())).queueUrl());
        QueueSender sender = new QueueSender(sqs, queueUrl, QueueSender.maxBytesOf(sqs, queueUrl), retryPolicy, sleeper);
        Map<String, MessageAttributeValue> attributes = Map.of(
                PipelineContract.RUN_ID_ATTRIBUTE, stringAttribute(runId),
                PipelineContract.SOURCE_TABLE_ATTRIBUTE, stringAttribute(config.tableName()));
        AtomicLong invalid = new AtomicLong();
        BooleanSupplier keepGoing = () -> remainingMillis.getAsLong() > DEADLINE_RESERVE.toMillis();

        TableScanner scanner = new TableScanner(dynamoDb, config.tableName(),
                PipelineContract.MESSAGE_BODY_ATTRIBUTES, config.scanSegments(), pageLimit);
        TableScanner.Outcome scan = scanner.scan(segment -> new TableScanner.SegmentSink() {
            private final QueueSender.Batcher batcher = sender.batcher();

            @Override
            public void accept(List<Map<String, AttributeValue>> page) {
                for (Map<String, AttributeValue> item : page) {
                    QueueSender.Message message = toMessage(item, attributes, sender.maxBytes());
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
        List<QueueSender.Failure> failures = sender.retryFailed(keepGoing);

        ProducerResult result = new ProducerResult(runId, scan.scanned(), sender.sent(), invalid.get(),
                failures.size(), clock.millis() - started);
        LOG.info("Producer run finished: runId={} scanned={} sent={} invalid={} failed={} durationMs={} "
                        + "scanPages={} sendCalls={} completeScan={}", result.runId(), result.scanned(), result.sent(),
                result.invalid(), result.failed(), result.durationMs(), scan.pages(), sender.calls(), scan.complete());
        // Published before any throw below: an incomplete run's counts are what an operator needs most.
        metrics.publish("Producer metrics", result.metrics());
        if (!scan.complete()) {
            throw new ProducerIncompleteException(result, "the Lambda deadline came before the scan ended");
        }
        if (!failures.isEmpty()) {
            throw new ProducerIncompleteException(result, failures.size() + " item(s) could not be sent");
        }
        if (!result.complete()) {
            // No failure was reported, yet items are unaccounted for (an answer that omits entries,
            // a bug): run again rather than report success for companies that may get no CSV.
            throw new ProducerIncompleteException(result, (result.scanned() - result.sent() - result.invalid())
                    + " item(s) neither sent nor invalid");
        }
        return result;
    }

    /** The item's message, or null (logged) when the item is not usable. */
    private static QueueSender.Message toMessage(Map<String, AttributeValue> item,
                                                 Map<String, MessageAttributeValue> attributes, int maxBytes) {
        String key = describeKey(item);
        try {
            var json = ItemJson.toJson(item);
            CompanyItem.fromJson(json);
            QueueSender.Message message = new QueueSender.Message(key, ItemJson.MAPPER.writeValueAsString(json), attributes);
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
        String json = ItemJson.toJson(name).toString();
        return json.length() <= 200 ? json : json.substring(0, 200) + "...(" + json.length() + " chars)";
    }

    private static MessageAttributeValue stringAttribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}

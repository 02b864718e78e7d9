package org.fangsentiment.config;

import java.util.List;

/**
 * Names the producer and the consumer share by contract, and the resource names of local runs.
 *
 * <p>Neither function's configuration owns these: the producer writes the message attributes the
 * consumer reads, both read the table's item attributes, and {@code template.yaml}, the local
 * runner and the tests create the queues and table with these names and settings.
 */
public final class PipelineContract {

    /** The DynamoDB table's partition key: the company name. */
    public static final String KEY_ATTRIBUTE = "name";
    /** Optional item attribute naming the exact Wikipedia article. */
    public static final String WIKIPEDIA_TITLE_ATTRIBUTE = "wikipedia_title";
    /**
     * The item attributes the producer reads (a projected scan) and the message body carries, and the
     * only ones the consumer reads: an unrelated attribute, however large, never reaches the queue.
     */
    public static final List<String> MESSAGE_BODY_ATTRIBUTES = List.of(KEY_ATTRIBUTE, WIKIPEDIA_TITLE_ATTRIBUTE);
    /** SQS message attribute carrying the producer run's id (ISO-8601 UTC instant). */
    public static final String RUN_ID_ATTRIBUTE = "run_id";
    /** SQS message attribute naming the table a message came from. */
    public static final String SOURCE_TABLE_ATTRIBUTE = "source_table";

    /**
     * The producer's metric (namespace {@code MetricsLog.NAMESPACE}) of items it found unusable and
     * did not send; the template alarms when it is above 0.
     */
    public static final String INVALID_ITEMS_METRIC = "Invalid";

    /**
     * The partition of a CSV's key, {@code {prefix}dt={day}/...} ({@code ObjectKeys}): the name before
     * the {@code =}, as the template's Glue table declares its partition key.
     */
    public static final String PARTITION_KEY = "dt";
    /** How the partition's day is written (UTC), as the Glue table's partition projection reads it. */
    public static final String PARTITION_DATE_FORMAT = "yyyy-MM-dd";

    /** Dead-letter queue name: the main queue's name with this suffix. */
    public static final String DLQ_SUFFIX = "-dlq";
    /** Receives before SQS moves a message to the dead-letter queue (template and local runner). */
    public static final int MAX_RECEIVE_COUNT = 5;
    /** Days the dead-letter queue keeps a message (the SQS maximum). */
    public static final int DLQ_RETENTION_DAYS = 14;

    /** The table of a local run, and the template's default {@code TableName}. */
    public static final String DEFAULT_TABLE_NAME = "fang";
    /** The queue of a local run, and the template's default {@code QueueName}. */
    public static final String DEFAULT_QUEUE_NAME = "producer";
    /** The bucket of a local run; the template generates its own name. */
    public static final String DEFAULT_BUCKET_NAME = "fang-sentiment-local";

    private PipelineContract() {
    }

    /** The dead-letter queue of the queue named {@code queueName}. */
    public static String deadLetterQueueName(String queueName) {
        return queueName + DLQ_SUFFIX;
    }
}

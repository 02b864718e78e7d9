package org.fangsentiment.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of the pipeline, read from environment variables with documented defaults.
 *
 * <p>This is the single source of truth for resource names, environment variable names and
 * defaults: {@code template.yaml}, the local runner and the tests read them from the constants
 * here (a test ties the template to them), never retyping them.
 *
 * @param tableName DynamoDB table holding one item per company ({@value #ENV_TABLE_NAME})
 * @param queueName SQS queue the producer fills and the consumer drains ({@value #ENV_QUEUE_NAME})
 * @param queueUrl the queue's URL when known up front ({@value #ENV_QUEUE_URL}); otherwise it is
 *     resolved once per run from {@code queueName}
 * @param deadLetterQueueName the queue that takes messages after {@link #MAX_RECEIVE_COUNT} receives
 * @param bucketName S3 bucket for the CSV files ({@value #ENV_BUCKET_NAME})
 * @param outputPrefix key prefix of every CSV object, empty or ending in {@code /}
 * @param wikipediaSiteUrl base URL of the Wikipedia site ({@value #ENV_WIKIPEDIA_SITE_URL})
 * @param wikipediaUserAgent User-Agent with contact details, as Wikimedia's policy requires
 * @param wikipediaMaxInFlight upper bound of concurrent Wikipedia requests per container
 * @param wikipediaRequestTimeout timeout of one Wikipedia request
 * @param wikipediaBudget total time one lookup may spend, retries included
 * @param extractMaxChars longest Wikipedia extract that is scored; longer ones are cut
 * @param scanSegments parallel scan segments of the producer, one worker each
 * @param consumerConcurrency records of one SQS batch scored at the same time
 */
public record PipelineConfig(
        String tableName,
        String queueName,
        Optional<String> queueUrl,
        String deadLetterQueueName,
        String bucketName,
        String outputPrefix,
        URI wikipediaSiteUrl,
        String wikipediaUserAgent,
        int wikipediaMaxInFlight,
        Duration wikipediaRequestTimeout,
        Duration wikipediaBudget,
        int extractMaxChars,
        int scanSegments,
        int consumerConcurrency) {

    public static final String ENV_TABLE_NAME = "TABLE_NAME";
    public static final String ENV_QUEUE_NAME = "QUEUE_NAME";
    public static final String ENV_QUEUE_URL = "QUEUE_URL";
    public static final String ENV_DLQ_NAME = "DLQ_NAME";
    public static final String ENV_BUCKET_NAME = "BUCKET_NAME";
    public static final String ENV_OUTPUT_PREFIX = "OUTPUT_PREFIX";
    public static final String ENV_WIKIPEDIA_SITE_URL = "WIKIPEDIA_SITE_URL";
    public static final String ENV_WIKIPEDIA_USER_AGENT = "WIKIPEDIA_USER_AGENT";
    public static final String ENV_WIKIPEDIA_MAX_IN_FLIGHT = "WIKIPEDIA_MAX_IN_FLIGHT";
    public static final String ENV_WIKIPEDIA_TIMEOUT_MS = "WIKIPEDIA_TIMEOUT_MS";
    public static final String ENV_WIKIPEDIA_BUDGET_MS = "WIKIPEDIA_BUDGET_MS";
    public static final String ENV_EXTRACT_MAX_CHARS = "EXTRACT_MAX_CHARS";
    public static final String ENV_SCAN_SEGMENTS = "SCAN_SEGMENTS";
    public static final String ENV_CONSUMER_CONCURRENCY = "CONSUMER_CONCURRENCY";

    public static final String DEFAULT_TABLE_NAME = "fang";
    public static final String DEFAULT_QUEUE_NAME = "producer";
    /** Dead-letter queue name: the main queue's name with this suffix. */
    public static final String DLQ_SUFFIX = "-dlq";
    /** Used where no bucket is configured (local runs); the template generates its own name. */
    public static final String DEFAULT_BUCKET_NAME = "fang-sentiment-local";
    public static final String DEFAULT_OUTPUT_PREFIX = "sentiment/";
    public static final String DEFAULT_WIKIPEDIA_SITE_URL = "https://en.wikipedia.org";
    public static final String DEFAULT_WIKIPEDIA_USER_AGENT =
            "fang-sentiment/1.0 (set WIKIPEDIA_USER_AGENT to your contact URL or e-mail)";
    public static final int DEFAULT_WIKIPEDIA_MAX_IN_FLIGHT = 4;
    public static final int DEFAULT_WIKIPEDIA_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_WIKIPEDIA_BUDGET_MS = 20_000;
    public static final int DEFAULT_EXTRACT_MAX_CHARS = 4_000;
    public static final int DEFAULT_SCAN_SEGMENTS = 4;
    public static final int DEFAULT_CONSUMER_CONCURRENCY = 4;

    /** Receives before SQS moves a message to the dead-letter queue (template and local runner). */
    public static final int MAX_RECEIVE_COUNT = 5;
    /** Days the dead-letter queue keeps a message (the SQS maximum). */
    public static final int DLQ_RETENTION_DAYS = 14;
    /** The DynamoDB table's partition key: the company name. */
    public static final String KEY_ATTRIBUTE = "name";
    /** Optional item attribute naming the exact Wikipedia article. */
    public static final String WIKIPEDIA_TITLE_ATTRIBUTE = "wikipedia_title";
    /** SQS message attribute carrying the producer run's id (ISO-8601 UTC instant). */
    public static final String RUN_ID_ATTRIBUTE = "run_id";
    /** SQS message attribute naming the table a message came from. */
    public static final String SOURCE_TABLE_ATTRIBUTE = "source_table";

    public PipelineConfig {
        requireText(tableName, ENV_TABLE_NAME);
        requireText(queueName, ENV_QUEUE_NAME);
        requireText(deadLetterQueueName, ENV_DLQ_NAME);
        requireText(bucketName, ENV_BUCKET_NAME);
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(outputPrefix, ENV_OUTPUT_PREFIX);
        if (!outputPrefix.isEmpty() && !outputPrefix.endsWith("/")) {
            throw new IllegalArgumentException(ENV_OUTPUT_PREFIX + " must be empty or end with '/'");
        }
        if (outputPrefix.startsWith("/") || outputPrefix.contains("..")) {
            throw new IllegalArgumentException(ENV_OUTPUT_PREFIX + " must be relative and contain no '..'");
        }
        Objects.requireNonNull(wikipediaSiteUrl, ENV_WIKIPEDIA_SITE_URL);
        requireText(wikipediaUserAgent, ENV_WIKIPEDIA_USER_AGENT);
        requirePositive(wikipediaMaxInFlight, ENV_WIKIPEDIA_MAX_IN_FLIGHT);
        requirePositive(wikipediaRequestTimeout.toMillis(), ENV_WIKIPEDIA_TIMEOUT_MS);
        requirePositive(wikipediaBudget.toMillis(), ENV_WIKIPEDIA_BUDGET_MS);
        requirePositive(extractMaxChars, ENV_EXTRACT_MAX_CHARS);
        requirePositive(scanSegments, ENV_SCAN_SEGMENTS);
        requirePositive(consumerConcurrency, ENV_CONSUMER_CONCURRENCY);
    }

    /** Reads the process environment. */
    public static PipelineConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Reads the given variables; absent or blank ones take their defaults. */
    public static PipelineConfig fromMap(Map<String, String> env) {
        Settings s = new Settings(env);
        String queueName = s.text(ENV_QUEUE_NAME, DEFAULT_QUEUE_NAME);
        return new PipelineConfig(
                s.text(ENV_TABLE_NAME, DEFAULT_TABLE_NAME),
                queueName,
                Optional.ofNullable(s.text(ENV_QUEUE_URL, null)),
                s.text(ENV_DLQ_NAME, queueName + DLQ_SUFFIX),
                s.text(ENV_BUCKET_NAME, DEFAULT_BUCKET_NAME),
                s.textAllowingEmpty(ENV_OUTPUT_PREFIX, DEFAULT_OUTPUT_PREFIX),
                URI.create(s.text(ENV_WIKIPEDIA_SITE_URL, DEFAULT_WIKIPEDIA_SITE_URL)),
                s.text(ENV_WIKIPEDIA_USER_AGENT, DEFAULT_WIKIPEDIA_USER_AGENT),
                s.integer(ENV_WIKIPEDIA_MAX_IN_FLIGHT, DEFAULT_WIKIPEDIA_MAX_IN_FLIGHT),
                Duration.ofMillis(s.integer(ENV_WIKIPEDIA_TIMEOUT_MS, DEFAULT_WIKIPEDIA_TIMEOUT_MS)),
                Duration.ofMillis(s.integer(ENV_WIKIPEDIA_BUDGET_MS, DEFAULT_WIKIPEDIA_BUDGET_MS)),
                s.integer(ENV_EXTRACT_MAX_CHARS, DEFAULT_EXTRACT_MAX_CHARS),
                s.integer(ENV_SCAN_SEGMENTS, DEFAULT_SCAN_SEGMENTS),
                s.integer(ENV_CONSUMER_CONCURRENCY, DEFAULT_CONSUMER_CONCURRENCY));
    }

    /** The defaults alone, as a local run or a test starts from. */
    public static PipelineConfig defaults() {
        return fromMap(Map.of());
    }

    /** A copy pointing at other resources (local runs and tests use their own names). */
    public PipelineConfig withResources(String table, String queue, String bucket) {
        return new PipelineConfig(table, queue, Optional.empty(), queue + DLQ_SUFFIX, bucket, outputPrefix,
                wikipediaSiteUrl, wikipediaUserAgent, wikipediaMaxInFlight, wikipediaRequestTimeout,
                wikipediaBudget, extractMaxChars, scanSegments, consumerConcurrency);
    }

    /** A copy with another Wikipedia site (a mirror, the offline server or a test server). */
    public PipelineConfig withWikipediaSite(URI site) {
        return new PipelineConfig(tableName, queueName, queueUrl, deadLetterQueueName, bucketName, outputPrefix,
                site, wikipediaUserAgent, wikipediaMaxInFlight, wikipediaRequestTimeout,
                wikipediaBudget, extractMaxChars, scanSegments, consumerConcurrency);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private record Settings(Map<String, String> env) {
        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        /** A variable set to the empty string means empty (no output prefix), not "use the default". */
        String textAllowingEmpty(String name, String fallback) {
            String value = env.get(name);
            return value == null ? fallback : value.trim();
        }

        int integer(String name, int fallback) {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'", e);
            }
        }
    }
}

package org.fangsentiment.config;

import static org.fangsentiment.config.Environment.requirePositive;
import static org.fangsentiment.config.Environment.requireText;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the producer function reads from its environment: the variable names, their defaults and
 * their validation, each once. {@code template.yaml} sets only the variables whose defaults serve
 * local runs alone ({@link #DEPLOYMENT_VARIABLES}) and the scaling parameters it exposes; a test ties
 * the template to the constants here.
 *
 * @param tableName DynamoDB table holding one item per company ({@value #ENV_TABLE_NAME})
 * @param queueName SQS queue the producer fills ({@value #ENV_QUEUE_NAME})
 * @param queueUrl the queue's URL when known up front ({@value #ENV_QUEUE_URL}); otherwise it is
 *     resolved once per run from {@code queueName}
 * @param scanSegments parallel scan segments one invocation works on, one worker each ({@value #ENV_SCAN_SEGMENTS})
 * @param scaling how a run is spread over invocations and how many sends are in flight
 */
public record ProducerConfig(String tableName, String queueName, Optional<String> queueUrl, int scanSegments,
                             Scaling scaling) {

    public static final String ENV_TABLE_NAME = "TABLE_NAME";
    public static final String ENV_QUEUE_NAME = "QUEUE_NAME";
    public static final String ENV_QUEUE_URL = "QUEUE_URL";
    public static final String ENV_SCAN_SEGMENTS = "SCAN_SEGMENTS";
    public static final String ENV_CONTINUATION_QUEUE_URL = "CONTINUATION_QUEUE_URL";
    public static final String ENV_SEND_IN_FLIGHT = "SEND_IN_FLIGHT";
    public static final String ENV_MAX_FAN_OUT = "MAX_FAN_OUT";
    public static final String ENV_ITEMS_PER_CHAIN = "ITEMS_PER_CHAIN";
    public static final String ENV_MAX_RUN_AGE_HOURS = "MAX_RUN_AGE_HOURS";

    public static final int DEFAULT_SCAN_SEGMENTS = 4;
    /** SendMessageBatch calls in flight per segment: 8 keep a 20 ms round trip from idling the segment. */
    public static final int DEFAULT_SEND_IN_FLIGHT = 8;
    /** Parallel chains of invocations a run may fan out to; the template's {@code ProducerMaxFanOut}. */
    public static final int DEFAULT_MAX_FAN_OUT = 10;
    /** Table items (DynamoDB's approximate count) per chain before the run fans out to another chain. */
    public static final int DEFAULT_ITEMS_PER_CHAIN = 500_000;
    /** A continuation of a run older than this is refused as an unknown run. */
    public static final int DEFAULT_MAX_RUN_AGE_HOURS = 24;

    /** Every variable this configuration reads. */
    public static final Set<String> VARIABLES = Set.of(ENV_TABLE_NAME, ENV_QUEUE_NAME, ENV_QUEUE_URL, ENV_SCAN_SEGMENTS,
            ENV_CONTINUATION_QUEUE_URL, ENV_SEND_IN_FLIGHT, ENV_MAX_FAN_OUT, ENV_ITEMS_PER_CHAIN, ENV_MAX_RUN_AGE_HOURS);
    /**
     * Variables without a default fit for a deployment (the defaults name a local run's resources):
     * a deployment sets each of them.
     */
    public static final Set<String> DEPLOYMENT_VARIABLES = Set.of(ENV_TABLE_NAME, ENV_QUEUE_URL, ENV_CONTINUATION_QUEUE_URL);

    /**
     * How a run scales beyond one invocation.
     *
     * @param continuationQueueUrl the queue that carries a run's unfinished positions to the next
     *     invocation ({@value #ENV_CONTINUATION_QUEUE_URL}); without it a run must finish in one
     *     invocation, as a local run does
     * @param sendInFlight {@code SendMessageBatch} calls in flight per segment ({@value #ENV_SEND_IN_FLIGHT})
     * @param maxFanOut most chains of invocations one run starts in parallel ({@value #ENV_MAX_FAN_OUT})
     * @param itemsPerChain table items per chain, by the table's approximate count ({@value #ENV_ITEMS_PER_CHAIN})
     * @param maxRunAgeHours continuations of older runs are refused ({@value #ENV_MAX_RUN_AGE_HOURS})
     */
    public record Scaling(Optional<String> continuationQueueUrl, int sendInFlight, int maxFanOut, int itemsPerChain,
                          int maxRunAgeHours) {

        /** The defaults, without a continuation queue. */
        public static final Scaling DEFAULT = new Scaling(Optional.empty(), DEFAULT_SEND_IN_FLIGHT, DEFAULT_MAX_FAN_OUT,
                DEFAULT_ITEMS_PER_CHAIN, DEFAULT_MAX_RUN_AGE_HOURS);

        public Scaling {
            Objects.requireNonNull(continuationQueueUrl, "continuationQueueUrl");
            requirePositive(sendInFlight, ENV_SEND_IN_FLIGHT);
            requirePositive(maxFanOut, ENV_MAX_FAN_OUT);
            requirePositive(itemsPerChain, ENV_ITEMS_PER_CHAIN);
            requirePositive(maxRunAgeHours, ENV_MAX_RUN_AGE_HOURS);
        }

        /** A copy handing unfinished work to this continuation queue. */
        public Scaling withContinuationQueue(String url) {
            return new Scaling(Optional.of(url), sendInFlight, maxFanOut, itemsPerChain, maxRunAgeHours);
        }

        /** A copy with this many sends in flight per segment. */
        public Scaling withSendInFlight(int inFlight) {
            return new Scaling(continuationQueueUrl, inFlight, maxFanOut, itemsPerChain, maxRunAgeHours);
        }

        /** A copy that fans out one chain per {@code items} table items, up to {@code chains}. */
        public Scaling withFanOut(int chains, int items) {
            return new Scaling(continuationQueueUrl, sendInFlight, chains, items, maxRunAgeHours);
        }
    }

    public ProducerConfig {
        requireText(tableName, ENV_TABLE_NAME);
        requireText(queueName, ENV_QUEUE_NAME);
        Objects.requireNonNull(queueUrl, "queueUrl");
        requirePositive(scanSegments, ENV_SCAN_SEGMENTS);
        Objects.requireNonNull(scaling, "scaling");
    }

    /** A configuration with the default {@link Scaling} (no continuation queue). */
    public ProducerConfig(String tableName, String queueName, Optional<String> queueUrl, int scanSegments) {
        this(tableName, queueName, queueUrl, scanSegments, Scaling.DEFAULT);
    }

    /** Reads the process environment. */
    public static ProducerConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Reads the given variables; absent or blank ones take their defaults. */
    public static ProducerConfig fromMap(Map<String, String> variables) {
        Environment env = new Environment(variables);
        return new ProducerConfig(
                env.text(ENV_TABLE_NAME, PipelineContract.DEFAULT_TABLE_NAME),
                env.text(ENV_QUEUE_NAME, PipelineContract.DEFAULT_QUEUE_NAME),
                Optional.ofNullable(env.text(ENV_QUEUE_URL, null)),
                env.integer(ENV_SCAN_SEGMENTS, DEFAULT_SCAN_SEGMENTS),
                new Scaling(Optional.ofNullable(env.text(ENV_CONTINUATION_QUEUE_URL, null)),
                        env.integer(ENV_SEND_IN_FLIGHT, DEFAULT_SEND_IN_FLIGHT),
                        env.integer(ENV_MAX_FAN_OUT, DEFAULT_MAX_FAN_OUT),
                        env.integer(ENV_ITEMS_PER_CHAIN, DEFAULT_ITEMS_PER_CHAIN),
                        env.integer(ENV_MAX_RUN_AGE_HOURS, DEFAULT_MAX_RUN_AGE_HOURS)));
    }

    /** The defaults alone, as a local run or a test starts from. */
    public static ProducerConfig defaults() {
        return fromMap(Map.of());
    }

    /** A copy reading another table into another queue, whose URL is then looked up by name. */
    public ProducerConfig withResources(String table, String queue) {
        return new ProducerConfig(table, queue, Optional.empty(), scanSegments, scaling);
    }

    /** A copy with other scaling settings. */
    public ProducerConfig withScaling(Scaling other) {
        return new ProducerConfig(tableName, queueName, queueUrl, scanSegments, other);
    }
}

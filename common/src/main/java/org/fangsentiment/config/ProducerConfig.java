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
 * local runs alone ({@link #DEPLOYMENT_VARIABLES}); a test ties the template to the constants here.
 *
 * @param tableName DynamoDB table holding one item per company ({@value #ENV_TABLE_NAME})
 * @param queueName SQS queue the producer fills ({@value #ENV_QUEUE_NAME})
 * @param queueUrl the queue's URL when known up front ({@value #ENV_QUEUE_URL}); otherwise it is
 *     resolved once per run from {@code queueName}
 * @param scanSegments parallel scan segments, one worker each ({@value #ENV_SCAN_SEGMENTS})
 */
public record ProducerConfig(String tableName, String queueName, Optional<String> queueUrl, int scanSegments) {

    public static final String ENV_TABLE_NAME = "TABLE_NAME";
    public static final String ENV_QUEUE_NAME = "QUEUE_NAME";
    public static final String ENV_QUEUE_URL = "QUEUE_URL";
    public static final String ENV_SCAN_SEGMENTS = "SCAN_SEGMENTS";

    public static final int DEFAULT_SCAN_SEGMENTS = 4;

    /** Every variable this configuration reads. */
    public static final Set<String> VARIABLES = Set.of(ENV_TABLE_NAME, ENV_QUEUE_NAME, ENV_QUEUE_URL, ENV_SCAN_SEGMENTS);
    /**
     * Variables without a default fit for a deployment (the defaults name a local run's resources):
     * a deployment sets each of them.
     */
    public static final Set<String> DEPLOYMENT_VARIABLES = Set.of(ENV_TABLE_NAME, ENV_QUEUE_URL);

    public ProducerConfig {
        requireText(tableName, ENV_TABLE_NAME);
        requireText(queueName, ENV_QUEUE_NAME);
        Objects.requireNonNull(queueUrl, "queueUrl");
        requirePositive(scanSegments, ENV_SCAN_SEGMENTS);
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
                env.integer(ENV_SCAN_SEGMENTS, DEFAULT_SCAN_SEGMENTS));
    }

    /** The defaults alone, as a local run or a test starts from. */
    public static ProducerConfig defaults() {
        return fromMap(Map.of());
    }

    /** A copy reading another table into another queue, whose URL is then looked up by name. */
    public ProducerConfig withResources(String table, String queue) {
        return new ProducerConfig(table, queue, Optional.empty(), scanSegments);
    }
}

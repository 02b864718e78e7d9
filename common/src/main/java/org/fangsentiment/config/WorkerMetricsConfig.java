package org.fangsentiment.config;

import static org.fangsentiment.config.Environment.requirePositive;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether and how the queue worker publishes its counts ({@code Processed}, {@code Failed},
 * {@code Lookup_*}, {@code Label_*}, as the consumer function's metric line) to CloudWatch with
 * {@code PutMetricData}: a Fargate task's awslogs driver does not turn Embedded Metric Format lines
 * into metrics, as Lambda's logs do. The template's task definition sets {@value #ENV_NAME}; local
 * runs and tests without it publish nothing.
 *
 * @param name the value of the metrics' {@code FunctionName} dimension ({@value #ENV_NAME}), the
 *     dashboard's name for the worker; absent: no metrics are published
 * @param interval how long counts are summed before one {@code PutMetricData} call
 *     ({@value #ENV_INTERVAL_SECONDS}); the counts left at a stop are published before the exit
 */
public record WorkerMetricsConfig(Optional<String> name, Duration interval) {

    public static final String ENV_NAME = "WORKER_METRICS_NAME";
    public static final String ENV_INTERVAL_SECONDS = "WORKER_METRICS_INTERVAL_SECONDS";

    /** One call a minute: CloudWatch's standard resolution, and a few calls an hour per task. */
    public static final int DEFAULT_INTERVAL_SECONDS = 60;

    /** Every variable this configuration reads. */
    public static final Set<String> VARIABLES = Set.of(ENV_NAME, ENV_INTERVAL_SECONDS);

    public WorkerMetricsConfig {
        Objects.requireNonNull(name, "name");
        name.ifPresent(n -> {
            if (n.isBlank() || n.length() > 255) {
                throw new IllegalArgumentException(ENV_NAME + " must be 1 to 255 characters (a CloudWatch dimension value)");
            }
        });
        requirePositive(interval.toSeconds(), ENV_INTERVAL_SECONDS);
    }

    /** Reads the process environment. */
    public static WorkerMetricsConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Reads the given variables; absent or blank ones take their defaults. */
    public static WorkerMetricsConfig fromMap(Map<String, String> variables) {
        Environment env = new Environment(variables);
        return new WorkerMetricsConfig(Optional.ofNullable(env.text(ENV_NAME, null)),
                Duration.ofSeconds(env.integer(ENV_INTERVAL_SECONDS, DEFAULT_INTERVAL_SECONDS)));
    }
}

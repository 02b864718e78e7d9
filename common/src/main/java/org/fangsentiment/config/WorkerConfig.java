package org.fangsentiment.config;

import static org.fangsentiment.config.Environment.requirePositive;
import static org.fangsentiment.config.Environment.requireText;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the queue worker (the consumer run as a long-lived process in a container, for backfills)
 * reads from its environment on top of {@link ConsumerConfig}: which queue, how many records at
 * once, how long a received message stays hidden, and how long a stop may take. Names, defaults
 * and validation live here once; the template's task definition, the local runner and the tests
 * read them from here.
 *
 * @param queueName queue to drain when {@code queueUrl} is not given ({@value ProducerConfig#ENV_QUEUE_NAME})
 * @param queueUrl the queue's URL ({@value ProducerConfig#ENV_QUEUE_URL}); when absent it is looked up once by name
 * @param parallelism records scored at once ({@value #ENV_PARALLELISM}); default: the CPUs the JVM sees
 * @param visibility how long a received message stays hidden; records still running are extended by this
 *     before it lapses ({@value #ENV_VISIBILITY_SECONDS})
 * @param retryDelay how soon a failed record is received again ({@value #ENV_RETRY_DELAY_SECONDS}); by
 *     default the whole visibility timeout, as Lambda's event source leaves it
 * @param waitTime long-poll wait of one receive ({@value #ENV_WAIT_SECONDS}, at most SQS's 20 s)
 * @param stopBudget time between SIGTERM and exit: records that finish in it are written, the rest go
 *     back to the queue ({@value #ENV_STOP_BUDGET_SECONDS}); keep it under ECS's {@code stopTimeout}
 * @param exitWhenEmpty whether to exit once the queue is empty and nothing is in flight
 *     ({@value #ENV_EXIT_WHEN_EMPTY}): for one-off runs; a service keeps polling and is scaled to 0 instead
 */
public record WorkerConfig(String queueName, Optional<String> queueUrl, int parallelism, Duration visibility,
                           Duration retryDelay, Duration waitTime, Duration stopBudget, boolean exitWhenEmpty) {

    public static final String ENV_QUEUE_NAME = ProducerConfig.ENV_QUEUE_NAME;
    public static final String ENV_QUEUE_URL = ProducerConfig.ENV_QUEUE_URL;
    public static final String ENV_PARALLELISM = "WORKER_PARALLELISM";
    public static final String ENV_VISIBILITY_SECONDS = "WORKER_VISIBILITY_SECONDS";
    public static final String ENV_RETRY_DELAY_SECONDS = "WORKER_RETRY_DELAY_SECONDS";
    public static final String ENV_WAIT_SECONDS = "WORKER_WAIT_SECONDS";
    public static final String ENV_STOP_BUDGET_SECONDS = "WORKER_STOP_BUDGET_SECONDS";
    public static final String ENV_EXIT_WHEN_EMPTY = "WORKER_EXIT_WHEN_EMPTY";

    /** Two minutes: enough for a batch of slow lookups, short enough that a crashed worker's records come back soon. */
    public static final int DEFAULT_VISIBILITY_SECONDS = 120;
    /** SQS's longest long poll: fewest empty receives while the queue is idle. */
    public static final int DEFAULT_WAIT_SECONDS = 20;
    /** ECS gives a task at most 120 s ({@code stopTimeout}) after SIGTERM; keep 20 s for answering SQS and exiting. */
    public static final int DEFAULT_STOP_BUDGET_SECONDS = 100;
    /** SQS accepts a visibility timeout of at most 12 hours. */
    static final int MAX_VISIBILITY_SECONDS = 43_200;

    /** Every variable this configuration reads. */
    public static final Set<String> VARIABLES = Set.of(ENV_QUEUE_NAME, ENV_QUEUE_URL, ENV_PARALLELISM,
            ENV_VISIBILITY_SECONDS, ENV_RETRY_DELAY_SECONDS, ENV_WAIT_SECONDS, ENV_STOP_BUDGET_SECONDS,
            ENV_EXIT_WHEN_EMPTY);
    /** Variables a deployment sets: the default queue name is a local run's. */
    public static final Set<String> DEPLOYMENT_VARIABLES = Set.of(ENV_QUEUE_URL);

    public WorkerConfig {
        requireText(queueName, ENV_QUEUE_NAME);
        Objects.requireNonNull(queueUrl, "queueUrl");
        requirePositive(parallelism, ENV_PARALLELISM);
        requirePositive(visibility.toSeconds(), ENV_VISIBILITY_SECONDS);
        if (visibility.toSeconds() > MAX_VISIBILITY_SECONDS) {
            throw new IllegalArgumentException(ENV_VISIBILITY_SECONDS + " must be at most " + MAX_VISIBILITY_SECONDS);
        }
        if (retryDelay.isNegative() || retryDelay.compareTo(visibility) > 0) {
            throw new IllegalArgumentException(ENV_RETRY_DELAY_SECONDS + " must be between 0 and "
                    + ENV_VISIBILITY_SECONDS + " (" + visibility.toSeconds() + "), was " + retryDelay.toSeconds());
        }
        if (waitTime.isNegative() || waitTime.toSeconds() > 20) {
            throw new IllegalArgumentException(ENV_WAIT_SECONDS + " must be between 0 and 20, was " + waitTime.toSeconds());
        }
        requirePositive(stopBudget.toSeconds(), ENV_STOP_BUDGET_SECONDS);
    }

    /** Reads the process environment. */
    public static WorkerConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Reads the given variables; absent or blank ones take their defaults. */
    public static WorkerConfig fromMap(Map<String, String> variables) {
        Environment env = new Environment(variables);
        int visibility = env.integer(ENV_VISIBILITY_SECONDS, DEFAULT_VISIBILITY_SECONDS);
        String exit = env.text(ENV_EXIT_WHEN_EMPTY, "false").toLowerCase(Locale.ROOT);
        if (!exit.equals("true") && !exit.equals("false")) {
            throw new IllegalArgumentException(ENV_EXIT_WHEN_EMPTY + " must be true or false, was '" + exit + "'");
        }
        return new WorkerConfig(
                env.text(ENV_QUEUE_NAME, PipelineContract.DEFAULT_QUEUE_NAME),
                Optional.ofNullable(env.text(ENV_QUEUE_URL, null)),
                env.integer(ENV_PARALLELISM, Runtime.getRuntime().availableProcessors()),
                Duration.ofSeconds(visibility),
                Duration.ofSeconds(env.integer(ENV_RETRY_DELAY_SECONDS, visibility)),
                Duration.ofSeconds(env.integer(ENV_WAIT_SECONDS, DEFAULT_WAIT_SECONDS)),
                Duration.ofSeconds(env.integer(ENV_STOP_BUDGET_SECONDS, DEFAULT_STOP_BUDGET_SECONDS)),
                Boolean.parseBoolean(exit));
    }

    /** The defaults alone. */
    public static WorkerConfig defaults() {
        return fromMap(Map.of());
    }

    /** A copy draining the queue at {@code url} (local runs and tests make their own). */
    public WorkerConfig withQueueUrl(String url) {
        return new WorkerConfig(queueName, Optional.of(url), parallelism, visibility, retryDelay, waitTime, stopBudget,
                exitWhenEmpty);
    }
}

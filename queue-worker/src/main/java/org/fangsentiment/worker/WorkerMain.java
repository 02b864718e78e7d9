package org.fangsentiment.worker;

import java.time.Clock;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.WorkerConfig;
import org.fangsentiment.config.WorkerMetricsConfig;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.engine.SentimentEngine;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The container's entry point ({@code java -jar queue-worker.jar}):
 * reads {@link ConsumerConfig} and {@link WorkerConfig} from the environment, builds the real
 * clients and the consumer's {@link CompanyProcessor}, and runs a {@link QueueWorker} until it is
 * stopped. SIGTERM (Fargate Spot's two-minute warning, {@code docker stop}) runs the shutdown hook:
 * {@link QueueWorker#stop()}, wait for the worker to finish within its stop budget, exit 0. With
 * {@link WorkerMetricsConfig#ENV_NAME} set (the template sets it), each batch's counts are published to
 * CloudWatch by {@link WorkerMetrics}, the last ones before the exit.
 *
 * <p>Exit codes: 0 stopped or (with {@code WORKER_EXIT_WHEN_EMPTY=true}) the queue drained;
 * 1 the configuration or the queue is unusable, or the stop did not finish in time.
 */
public final class WorkerMain {

    static {
        // Log4j's own shutdown hook would stop logging while ours still reports the stop; ours ends it.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
    }

    private static final Logger LOG = LogManager.getLogger(WorkerMain.class);
    /** Time the hook waits beyond the stop budget for the last SQS calls before it gives up. */
    static final Duration HOOK_MARGIN = Duration.ofSeconds(10);

    private WorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkerConfig config;
        QueueWorker worker;
        WorkerMetrics metrics;
        try {
            config = WorkerConfig.fromEnvironment();
            WorkerMetricsConfig metricsConfig = WorkerMetricsConfig.fromEnvironment();
            ConsumerConfig consumer = ConsumerConfig.fromEnvironment();
            consumer.userAgentAdvice().ifPresent(advice -> LOG.warn("{}", advice));
            AwsClients clients = AwsClients.fromEnvironment();
            String queueUrl = config.queueUrl().orElseGet(
                    () -> clients.sqs().getQueueUrl(get -> get.queueName(config.queueName())).queueUrl());
            // The configured engine, as the Lambda handler builds it: with Comprehend, CoreNLP is never loaded.
            SentimentEngine engine = SentimentEngines.create(consumer.sentimentEngine(), clients::comprehend,
                    SentimentAnalyzer::shared);
            CompanyProcessor processor = CompanyProcessor.create(consumer, clients.s3(), engine,
                    consumer.wikipediaSiteUrl().getHost(), Clock.systemUTC());
            metrics = metricsConfig.name().map(name -> new WorkerMetrics(cloudWatch(), name, Clock.systemUTC()))
                    .orElse(null);
            worker = new QueueWorker(clients.sqs(), queueUrl, processor, config, batch -> { },
                    metrics == null ? counts -> { } : metrics::add);
            if (metrics != null) {
                metrics.start(metricsConfig.interval());
            }
        } catch (RuntimeException e) {
            LOG.error("The worker cannot start: {}", e.toString());
            exit(1);
            return;
        }
        Runnable flush = metrics == null ? () -> { } : metrics::close;
        Thread hook = new Thread(() -> stopOnSignal(worker, config, flush), "worker-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = 0;
        try {
            worker.run();
        } catch (RuntimeException e) {
            LOG.error("The worker failed", e);
            code = 1;
        }
        if (worker.stopRequested()) {
            return; // the JVM is shutting down: the hook ends it
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return;
        }
        flush.run();
        exit(code);
    }

    /**
     * CloudWatch's client as {@code AwsClients} builds the others: the URL-connection HTTP client, region and
     * credentials from the task's environment, an emulator's endpoint from the SDK's own
     * {@code AWS_ENDPOINT_URL_CLOUDWATCH} (or {@code AWS_ENDPOINT_URL}). Here rather than in {@code AwsClients},
     * so that the Lambda jars do not carry the CloudWatch module.
     */
    private static CloudWatchClient cloudWatch() {
        return CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.builder().build()).build();
    }

    /**
     * The shutdown hook: the graceful stop, the last metrics ({@code flush}), then exit 0 (or 1 if the worker did
     * not finish in time).
     */
    static void stopOnSignal(QueueWorker worker, WorkerConfig config, Runnable flush) {
        LOG.info("SIGTERM: stopping the worker");
        worker.stop();
        boolean finished;
        try {
            finished = worker.awaitFinished(config.stopBudget().plus(HOOK_MARGIN));
        } catch (InterruptedException e) {
            finished = false;
        }
        if (!finished) {
            LOG.error("The worker did not finish within {} s; unfinished messages come back after their visibility"
                    + " timeout", config.stopBudget().plus(HOOK_MARGIN).toSeconds());
        }
        flush.run();
        LogManager.shutdown();
        // halt: a JVM ended by a signal would otherwise exit 143; a graceful stop is a success.
        Runtime.getRuntime().halt(finished ? 0 : 1);
    }

    private static void exit(int code) {
        LogManager.shutdown();
        System.exit(code);
    }
}

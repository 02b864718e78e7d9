package org.fangsentiment.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.concurrent.DaemonThreads;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.engine.SentimentEngine;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.logging.InvocationLog;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.sentiment.SentimentAnalyzer;

/**
 * The SQS-triggered consumer Lambda: hands the batch's records to {@link CompanyProcessor} through
 * {@link BatchRunner} and answers with the failed records' ids ({@code ReportBatchItemFailures}).
 * It never deletes messages itself: the event source mapping deletes the ones not reported. Every
 * line of the invocation, the workers' included, carries {@link InvocationLog}'s entries; the last
 * one carries the batch's counts as metrics ({@link ConsumerMetrics}, {@link MetricsLog}).
 */
public final class ConsumerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** Built once per container, outside the handler, so SnapStart captures a loaded, primed pipeline. */
    private static final class Default {
        static final ConsumerConfig CONFIG = startupConfig();
        // Only the configured engine is built: with Comprehend, CoreNLP's model is never loaded (nor primed).
        static final SentimentEngine ENGINE = SentimentEngines.create(CONFIG.sentimentEngine(),
                () -> AwsClients.fromEnvironment().comprehend(), SentimentAnalyzer::shared);
        static final CompanyProcessor PROCESSOR = CompanyProcessor.create(CONFIG, AwsClients.fromEnvironment().s3(),
                ENGINE, CONFIG.wikipediaSiteUrl().getHost(), Clock.systemUTC());
        static final BatchRunner RUNNER = new BatchRunner(workers(CONFIG.consumerConcurrency()));
    }

    private static final MetricsLog METRICS = new MetricsLog(Clock.systemUTC());
    private static final Logger LOG = LogManager.getLogger(ConsumerHandler.class);

    private final CompanyProcessor processor;
    private final BatchRunner runner;

    // Read once per container, so what is wrong with it is said once, at start-up.
    private static ConsumerConfig startupConfig() {
        ConsumerConfig config = ConsumerConfig.fromEnvironment();
        config.userAgentAdvice().ifPresent(advice -> LOG.warn("{}", advice));
        return config;
    }

    /** Used by Lambda. */
    public ConsumerHandler() {
        this(Default.PROCESSOR, Default.RUNNER);
    }

    public ConsumerHandler(CompanyProcessor processor, BatchRunner runner) {
        this.processor = processor;
        this.runner = runner;
    }

    /** Daemon worker threads, as many as records scored at once. */
    public static ExecutorService workers(int concurrency) {
        return Executors.newFixedThreadPool(concurrency, DaemonThreads.named("consumer"));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        try (var ignored = InvocationLog.begin(context)) {
            ConsumerMetrics counts = new ConsumerMetrics();
            SQSBatchResponse response = runner.run(records, record -> counts.add(processor.write(record)),
                    context == null ? () -> Long.MAX_VALUE / 4 : () -> context.getRemainingTimeInMillis());
            METRICS.publish("Consumer metrics", counts.of(records.size(), response.getBatchItemFailures().size()));
            return response;
        }
    }
}

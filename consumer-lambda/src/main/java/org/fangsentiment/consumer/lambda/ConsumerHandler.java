package org.fangsentiment.consumer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyMessage;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.consumer.ConsumerMetrics;
import org.fangsentiment.consumer.Deadline;
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
                () -> AwsClients.fromEnvironment().comprehend(), () -> SnapStartPriming.register(SentimentAnalyzer.shared()));
        static final CompanyProcessor PROCESSOR = CompanyProcessor.create(CONFIG, AwsClients.fromEnvironment().s3(),
                ENGINE, CONFIG.wikipediaSiteUrl().getHost(), Clock.systemUTC());
        static final BatchRunner RUNNER = new BatchRunner(BatchRunner.threads(CONFIG.consumerConcurrency()));
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

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<CompanyMessage> records = SqsEventRecords.of(event);
        try (var ignored = InvocationLog.begin(context)) {
            ConsumerMetrics counts = new ConsumerMetrics();
            // Without a context (a test calling the handler directly) the records have no deadline.
            List<BatchRunner.Failure> failures = runner.run(records, record -> counts.add(processor.write(record)),
                    context == null ? Deadline.NONE : Deadline.of(context::getRemainingTimeInMillis));
            METRICS.publish("Consumer metrics", counts.of(records.size(), failures.size()));
            return SqsEventRecords.response(failures);
        }
    }
}

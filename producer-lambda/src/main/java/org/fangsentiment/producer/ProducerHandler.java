package org.fangsentiment.producer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Instant;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.logging.InvocationLog;
import org.fangsentiment.logging.LogContext;

/**
 * The scheduled producer Lambda: adapts an EventBridge scheduled event to {@link Producer#run}.
 *
 * <p>A scheduled event's {@code time} is the run time; any other invocation (a test event, an empty
 * {@code {}}) runs at the current time. Every line of the run carries {@link InvocationLog}'s entries
 * and the {@code run_id}, the scanner's worker threads included. In Lambda it is reached through
 * {@link ProducerFunctionHandler}, which also takes the continuation queue's events.
 */
public final class ProducerHandler implements RequestHandler<ScheduledEvent, ProducerResult> {

    /** Built once per container (and captured by SnapStart), from the environment; both entry points share it. */
    static final class Default {
        static final Producer PRODUCER = new Producer(AwsClients.fromEnvironment().dynamoDb(),
                AwsClients.fromEnvironment().sqs(), ProducerConfig.fromEnvironment());
    }

    private final Producer producer;

    /** Used by Lambda. */
    public ProducerHandler() {
        this(Default.PRODUCER);
    }

    public ProducerHandler(Producer producer) {
        this.producer = producer;
    }

    @Override
    public ProducerResult handleRequest(ScheduledEvent event, Context context) {
        Instant runTime = event == null || event.getTime() == null
                ? Instant.now()
                : Instant.ofEpochMilli(event.getTime().getMillis());
        try (var ignored = InvocationLog.begin(context).put(LogContext.RUN_ID, Producer.runIdOf(runTime))) {
            return producer.run(runTime,
                    context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis());
        }
    }
}

package org.fangsentiment.producer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.fangsentiment.logging.InvocationLog;
import org.fangsentiment.logging.LogContext;

/**
 * The producer's continuation entry point: adapts the continuation queue's SQS event to
 * {@link Producer#resume}, one record after the other (the template's batch size is 1).
 *
 * <p>A record that is not a continuation of this producer's runs ({@link Continuation#parse} says
 * why), or whose work fails, is logged with its message id and reason and reported in
 * {@code batchItemFailures}: the queue delivers it again, and after {@code maxReceiveCount}
 * receives it rests in the continuation dead-letter queue, its saved position intact.
 */
public final class ProducerContinuationHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LogManager.getLogger(ProducerContinuationHandler.class);

    private final Producer producer;

    /** Used by Lambda, through {@link ProducerFunctionHandler}. */
    public ProducerContinuationHandler() {
        this(ProducerHandler.Default.PRODUCER);
    }

    public ProducerContinuationHandler(Producer producer) {
        this.producer = producer;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        try (var ignored = InvocationLog.begin(context)) {
            List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null
                    ? List.of() : event.getRecords();
            for (SQSEvent.SQSMessage record : records) {
                if (!handle(record, context)) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                }
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** True when the record's work is done (or handed on). */
    private boolean handle(SQSEvent.SQSMessage record, Context context) {
        try (var ignored = org.apache.logging.log4j.CloseableThreadContext.put(LogContext.MESSAGE_ID,
                String.valueOf(record.getMessageId()))) {
            Continuation continuation;
            try {
                continuation = producer.parseContinuation(record.getBody());
            } catch (Continuation.InvalidContinuationException e) {
                LOG.error("Continuation message {} refused: {}", record.getMessageId(), e.getMessage());
                return false;
            }
            ThreadContext.put(LogContext.RUN_ID, continuation.runId());
            try {
                producer.resume(continuation,
                        context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis());
                return true;
            } catch (RuntimeException e) {
                LOG.error("Continuation message {} of run {} failed, to be received again: {}",
                        record.getMessageId(), continuation.runId(), e.toString());
                return false;
            } finally {
                ThreadContext.remove(LogContext.RUN_ID);
            }
        }
    }
}

package org.fangsentiment.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Makes SQS report some {@code SendMessageBatch} entries as failed, the way SQS does under load:
 * the chosen entries are taken out of the request (so they are really not enqueued) and put back
 * into the response's {@code Failed} list with {@code SenderFault=false}.
 */
public final class FailingBatchEntries implements ExecutionInterceptor {

    private final Predicate<SendMessageBatchRequestEntry> fails;
    private final AtomicInteger failedEntries = new AtomicInteger();
    private final ThreadLocal<List<String>> removedInCall = new ThreadLocal<>();

    public FailingBatchEntries(Predicate<SendMessageBatchRequestEntry> fails) {
        this.fails = fails;
    }

    public int failedEntries() {
        return failedEntries.get();
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof SendMessageBatchRequest request)) {
            return context.request();
        }
        List<SendMessageBatchRequestEntry> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (SendMessageBatchRequestEntry entry : request.entries()) {
            if (fails.test(entry)) {
                removed.add(entry.id());
                failedEntries.incrementAndGet();
            } else {
                kept.add(entry);
            }
        }
        removedInCall.set(removed);
        // An emptied batch is rejected by SQS as a whole (EmptyBatchRequest): a whole-batch failure.
        return request.toBuilder().entries(kept).build();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        List<String> removed = removedInCall.get();
        removedInCall.remove();
        if (!(context.response() instanceof SendMessageBatchResponse response) || removed == null || removed.isEmpty()) {
            return context.response();
        }
        List<BatchResultErrorEntry> failed = new ArrayList<>(response.failed());
        for (String id : removed) {
            failed.add(BatchResultErrorEntry.builder().id(id).code("InternalError")
                    .message("injected failure").senderFault(false).build());
        }
        return response.toBuilder().failed(failed).build();
    }
}

package org.fangsentiment.local.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Puts items into a table, 25 a call, resending what DynamoDB leaves unprocessed (with backoff). */
final class TableItems {

    static final int MAX_ATTEMPTS = 8;

    private TableItems() {
    }

    static void put(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) throws InterruptedException {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + 25))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > MAX_ATTEMPTS) {
                    throw new RunnerException("DynamoDB left items unprocessed after " + MAX_ATTEMPTS + " attempts");
                }
                if (attempt > 1) {
                    Thread.sleep(50L << Math.min(attempt, 6));
                }
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = dynamo.batchWriteItem(write -> write.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }
}

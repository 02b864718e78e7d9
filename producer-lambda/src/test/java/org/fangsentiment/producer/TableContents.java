package org.fangsentiment.producer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.item.ItemJson;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Fills a table for a test, 25 items a call, resending what DynamoDB leaves unprocessed. */
final class TableContents {

    private TableContents() {
    }

    /** The message body the producer sends for an item: only the attributes the contract names. */
    static String body(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> sent = new HashMap<>(item);
        sent.keySet().retainAll(PipelineContract.MESSAGE_BODY_ATTRIBUTES);
        return ItemJson.toJsonText(sent);
    }

    static void put(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
        List<WriteRequest> batch = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                write(dynamo, table, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            write(dynamo, table, batch);
        }
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(write -> write.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    static List<Map<String, AttributeValue>> companies(int count) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(Map.of("name", AttributeValue.fromS("Company " + i),
                    "rank", AttributeValue.fromN(Integer.toString(i))));
        }
        return items;
    }
}

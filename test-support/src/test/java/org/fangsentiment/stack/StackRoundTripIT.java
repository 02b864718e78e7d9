package org.fangsentiment.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.PipelineContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An item, a message (with its redrive to the DLQ) and an object through the production clients. */
@ExtendWith(AwsBackendExtension.class)
class StackRoundTripIT {

    private final AwsBackend backend;
    private final AwsClients clients;

    StackRoundTripIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
    }

    @Test
    void writesAndReadsAnItem() {
        ResourceNames names = backend.freshResources("item", Duration.ofSeconds(30));
        Map<String, AttributeValue> item = Map.of(
                PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("Netflix"),
                "founded", AttributeValue.fromN("1997"),
                "tags", AttributeValue.fromSs(List.of("streaming", "media")));
        clients.dynamoDb().putItem(put -> put.tableName(names.table()).item(item));

        var read = clients.dynamoDb().getItem(get -> get.tableName(names.table())
                .key(Map.of(PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("Netflix")))).item();

        assertEquals("1997", read.get("founded").n());
        assertEquals(List.of("media", "streaming"), read.get("tags").ss().stream().sorted().toList());
    }

    @Test
    void redrivesAMessageToTheDeadLetterQueueAfterMaxReceiveCount() {
        ResourceNames names = backend.freshResources("redrive", Duration.ofSeconds(30));
        var sqs = clients.sqs();
        String queueUrl = sqs.getQueueUrl(get -> get.queueName(names.queue())).queueUrl();
        String dlqUrl = sqs.getQueueUrl(get -> get.queueName(names.deadLetterQueue())).queueUrl();
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("{\"name\":\"poison\"}"));

        // Each receive that is not followed by a delete counts; visibility 0 makes it visible at once.
        int receives = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receives < PipelineContract.MAX_RECEIVE_COUNT && System.nanoTime() < deadline) {
            List<Message> got = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl)
                    .visibilityTimeout(0).waitTimeSeconds(1).maxNumberOfMessages(1)).messages();
            receives += got.size();
        }
        assertEquals(PipelineContract.MAX_RECEIVE_COUNT, receives);

        Message dead = null;
        while (dead == null && System.nanoTime() < deadline) {
            // The move happens on the receive after the last allowed one.
            sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).visibilityTimeout(0).waitTimeSeconds(1));
            List<Message> inDlq = sqs.receiveMessage(receive -> receive.queueUrl(dlqUrl).waitTimeSeconds(1)
                    .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
            dead = inDlq.isEmpty() ? null : inDlq.get(0);
        }
        assertTrue(dead != null, "message never reached the dead-letter queue");
        assertEquals("{\"name\":\"poison\"}", dead.body());
        String visible = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        assertEquals("0", visible);
    }

    @Test
    void putsAndGetsAnObject() {
        ResourceNames names = backend.freshResources("object", Duration.ofSeconds(30));
        String body = "company,sentiment\nNetflix,NEUTRAL\n";
        clients.s3().putObject(put -> put.bucket(names.bucket()).key("sentiment/dt=2026-11-29/netflix_sentiment.csv")
                .contentType("text/csv; charset=utf-8"), RequestBody.fromString(body, StandardCharsets.UTF_8));

        var object = clients.s3().getObjectAsBytes(get -> get.bucket(names.bucket())
                .key("sentiment/dt=2026-11-29/netflix_sentiment.csv"));

        assertEquals(body, object.asUtf8String());
        assertEquals("text/csv; charset=utf-8", object.response().contentType());
    }

    @Test
    void resourceSetupIsIdempotent() {
        ResourceNames names = backend.freshResources("idempotent", Duration.ofSeconds(30));
        ResourceSetup.Queues again = new ResourceSetup(clients).ensure(names, Duration.ofSeconds(45));

        String timeout = clients.sqs().getQueueAttributes(get -> get.queueUrl(again.queueUrl())
                        .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT, QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
        assertEquals("45", timeout);
        assertTrue(clients.dynamoDb().listTables().tableNames().contains(names.table()));
    }
}

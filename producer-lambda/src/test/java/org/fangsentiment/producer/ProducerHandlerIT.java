package org.fangsentiment.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** The Lambda handler with the repository's own event files, as Lambda would call it. */
@ExtendWith(AwsBackendExtension.class)
class ProducerHandlerIT {

    private final AwsBackend backend;

    ProducerHandlerIT(AwsBackend backend) {
        this.backend = backend;
    }

    private ProducerConfig seeded() throws Exception {
        ProducerConfig config = backend.freshResources("handler", Duration.ofSeconds(60)).producerConfig();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        ItemJson.MAPPER.readTree(Files.readString(ProjectFiles.resolve("events/fang-items.json")))
                .forEach(item -> items.add(ItemJson.toItem(item)));
        TableContents.put(backend.clients().dynamoDb(), config.tableName(), items);
        return config;
    }

    @Test
    void scheduleEventFileRunsAtTheEventsTime() throws Exception {
        ProducerConfig config = seeded();
        ScheduledEvent event = EventLoader.loadScheduledEvent(ProjectFiles.resolve("events/schedule.json").toString());
        ProducerHandler handler = new ProducerHandler(new Producer(backend.clients().dynamoDb(), backend.clients().sqs(), config));

        ProducerResult result = handler.handleRequest(event, new LambdaContext());

        assertEquals("2025-01-15T06:00:00Z", result.runId());
        assertEquals(5, result.sent());
        String queueUrl = backend.clients().sqs().getQueueUrl(get -> get.queueName(config.queueName())).queueUrl();
        List<Message> messages = QueueContents.drain(backend.clients().sqs(), queueUrl);
        assertEquals(List.of("Amazon", "Apple", "Facebook", "Google", "Netflix"), messages.stream()
                .map(m -> {
                    try {
                        return ItemJson.MAPPER.readTree(m.body()).get("name").asText();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).sorted().toList());
        assertTrue(messages.stream().allMatch(m -> "2025-01-15T06:00:00Z"
                .equals(m.messageAttributes().get(PipelineContract.RUN_ID_ATTRIBUTE).stringValue())));
    }

    @Test
    void anEmptyEventRunsNow() throws Exception {
        ProducerConfig config = seeded();
        ProducerHandler handler = new ProducerHandler(new Producer(backend.clients().dynamoDb(), backend.clients().sqs(), config));
        Instant before = Instant.now().minusMillis(1);

        ProducerResult result = handler.handleRequest(new ScheduledEvent(), new LambdaContext());

        Instant runAt = Instant.parse(result.runId());
        assertTrue(!runAt.isBefore(before) && !runAt.isAfter(Instant.now()), result.runId());
        assertEquals(5, result.sent());
    }
}

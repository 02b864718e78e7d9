package org.fangsentiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProducerConfigTest {

    @Test
    void defaultsNameTheSeedsResources() {
        ProducerConfig config = ProducerConfig.defaults();
        assertEquals("fang", config.tableName());
        assertEquals("producer", config.queueName());
        assertEquals("producer-dlq", PipelineContract.deadLetterQueueName(config.queueName()));
        assertEquals(Optional.empty(), config.queueUrl());
        assertEquals(4, config.scanSegments());
        assertEquals(ProducerConfig.Scaling.DEFAULT, config.scaling());
        assertEquals(Optional.empty(), config.scaling().continuationQueueUrl(), "a local run finishes in one invocation");
    }

    @Test
    void readsEveryVariable() {
        ProducerConfig config = ProducerConfig.fromMap(Map.of(
                ProducerConfig.ENV_TABLE_NAME, "companies",
                ProducerConfig.ENV_QUEUE_NAME, "work",
                ProducerConfig.ENV_QUEUE_URL, "https://sqs.example/work",
                ProducerConfig.ENV_SCAN_SEGMENTS, "8",
                ProducerConfig.ENV_CONTINUATION_QUEUE_URL, "https://sqs.example/more",
                ProducerConfig.ENV_SEND_IN_FLIGHT, "3",
                ProducerConfig.ENV_MAX_FAN_OUT, "7",
                ProducerConfig.ENV_ITEMS_PER_CHAIN, "1000",
                ProducerConfig.ENV_MAX_RUN_AGE_HOURS, "6"));
        assertEquals(new ProducerConfig("companies", "work", Optional.of("https://sqs.example/work"), 8,
                new ProducerConfig.Scaling(Optional.of("https://sqs.example/more"), 3, 7, 1000, 6)), config);
    }

    @Test
    void otherResourcesDropTheKnownQueueUrl() {
        ProducerConfig config = ProducerConfig.fromMap(Map.of(ProducerConfig.ENV_QUEUE_URL, "https://sqs.example/work"))
                .withResources("t", "q");
        assertEquals(new ProducerConfig("t", "q", Optional.empty(), ProducerConfig.DEFAULT_SCAN_SEGMENTS), config);
    }

    @Test
    void rejectsBadValuesNamingTheVariable() {
        var notANumber = assertThrows(IllegalArgumentException.class,
                () -> ProducerConfig.fromMap(Map.of(ProducerConfig.ENV_SCAN_SEGMENTS, "four")));
        assertTrue(notANumber.getMessage().contains(ProducerConfig.ENV_SCAN_SEGMENTS));
        var zero = assertThrows(IllegalArgumentException.class,
                () -> ProducerConfig.fromMap(Map.of(ProducerConfig.ENV_SCAN_SEGMENTS, "0")));
        assertTrue(zero.getMessage().contains(ProducerConfig.ENV_SCAN_SEGMENTS));
        for (String variable : new String[] {ProducerConfig.ENV_SEND_IN_FLIGHT, ProducerConfig.ENV_MAX_FAN_OUT,
                ProducerConfig.ENV_ITEMS_PER_CHAIN, ProducerConfig.ENV_MAX_RUN_AGE_HOURS}) {
            var bad = assertThrows(IllegalArgumentException.class, () -> ProducerConfig.fromMap(Map.of(variable, "0")));
            assertTrue(bad.getMessage().contains(variable), bad.getMessage());
        }
    }

    @Test
    void variablesAreEveryEnvConstantAndIncludeTheDeploymentOnes() {
        assertEquals(EnvConstants.of(ProducerConfig.class), ProducerConfig.VARIABLES);
        assertTrue(ProducerConfig.VARIABLES.containsAll(ProducerConfig.DEPLOYMENT_VARIABLES));
    }
}

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
    }

    @Test
    void readsEveryVariable() {
        ProducerConfig config = ProducerConfig.fromMap(Map.of(
                ProducerConfig.ENV_TABLE_NAME, "companies",
                ProducerConfig.ENV_QUEUE_NAME, "work",
                ProducerConfig.ENV_QUEUE_URL, "https://sqs.example/work",
                ProducerConfig.ENV_SCAN_SEGMENTS, "8"));
        assertEquals(new ProducerConfig("companies", "work", Optional.of("https://sqs.example/work"), 8), config);
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
    }

    @Test
    void variablesAreEveryEnvConstantAndIncludeTheDeploymentOnes() {
        assertEquals(EnvConstants.of(ProducerConfig.class), ProducerConfig.VARIABLES);
        assertTrue(ProducerConfig.VARIABLES.containsAll(ProducerConfig.DEPLOYMENT_VARIABLES));
    }
}

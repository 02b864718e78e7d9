package org.fangsentiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {

    @Test
    void defaultsNameTheSeedsResources() {
        PipelineConfig config = PipelineConfig.defaults();
        assertEquals("fang", config.tableName());
        assertEquals("producer", config.queueName());
        assertEquals("producer-dlq", config.deadLetterQueueName());
        assertEquals(Optional.empty(), config.queueUrl());
        assertEquals("sentiment/", config.outputPrefix());
        assertEquals("https://en.wikipedia.org", config.wikipediaSiteUrl().toString());
        assertEquals(4, config.scanSegments());
    }

    @Test
    void readsEveryVariable() {
        PipelineConfig config = PipelineConfig.fromMap(Map.ofEntries(
                Map.entry(PipelineConfig.ENV_TABLE_NAME, "companies"),
                Map.entry(PipelineConfig.ENV_QUEUE_NAME, "work"),
                Map.entry(PipelineConfig.ENV_QUEUE_URL, "https://sqs.example/work"),
                Map.entry(PipelineConfig.ENV_BUCKET_NAME, "out"),
                Map.entry(PipelineConfig.ENV_OUTPUT_PREFIX, ""),
                Map.entry(PipelineConfig.ENV_WIKIPEDIA_SITE_URL, "http://127.0.0.1:8080"),
                Map.entry(PipelineConfig.ENV_WIKIPEDIA_USER_AGENT, "test/1 (me@example.org)"),
                Map.entry(PipelineConfig.ENV_WIKIPEDIA_MAX_IN_FLIGHT, "2"),
                Map.entry(PipelineConfig.ENV_WIKIPEDIA_TIMEOUT_MS, "100"),
                Map.entry(PipelineConfig.ENV_WIKIPEDIA_BUDGET_MS, "900"),
                Map.entry(PipelineConfig.ENV_EXTRACT_MAX_CHARS, "50"),
                Map.entry(PipelineConfig.ENV_SCAN_SEGMENTS, "8"),
                Map.entry(PipelineConfig.ENV_CONSUMER_CONCURRENCY, "3")));
        assertEquals("companies", config.tableName());
        assertEquals("work-dlq", config.deadLetterQueueName());
        assertEquals(Optional.of("https://sqs.example/work"), config.queueUrl());
        assertEquals("", config.outputPrefix());
        assertEquals(Duration.ofMillis(100), config.wikipediaRequestTimeout());
        assertEquals(Duration.ofMillis(900), config.wikipediaBudget());
        assertEquals(8, config.scanSegments());
        assertEquals(3, config.consumerConcurrency());
    }

    @Test
    void rejectsBadValuesNamingTheVariable() {
        var notANumber = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.fromMap(Map.of(PipelineConfig.ENV_SCAN_SEGMENTS, "four")));
        assertTrue(notANumber.getMessage().contains(PipelineConfig.ENV_SCAN_SEGMENTS));
        var zero = assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.fromMap(Map.of(PipelineConfig.ENV_CONSUMER_CONCURRENCY, "0")));
        assertTrue(zero.getMessage().contains(PipelineConfig.ENV_CONSUMER_CONCURRENCY));
        assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.fromMap(Map.of(PipelineConfig.ENV_OUTPUT_PREFIX, "../escape/")));
        assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.fromMap(Map.of(PipelineConfig.ENV_OUTPUT_PREFIX, "no-slash")));
    }
}

package org.fangsentiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        WorkerConfig config = WorkerConfig.defaults();
        assertEquals(PipelineContract.DEFAULT_QUEUE_NAME, config.queueName());
        assertEquals(Optional.empty(), config.queueUrl());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.parallelism(), "sized to the CPUs");
        assertEquals(Duration.ofSeconds(120), config.visibility());
        assertEquals(config.visibility(), config.retryDelay(), "failures wait out their visibility, as with Lambda");
        assertEquals(Duration.ofSeconds(20), config.waitTime());
        assertEquals(Duration.ofSeconds(100), config.stopBudget());
        assertTrue(config.stopBudget().toSeconds() < 120, "under ECS's longest stopTimeout");
        assertFalse(config.exitWhenEmpty());
    }

    @Test
    void readsEveryVariable() {
        WorkerConfig config = WorkerConfig.fromMap(Map.of(WorkerConfig.ENV_QUEUE_URL, "http://q/1/producer",
                WorkerConfig.ENV_QUEUE_NAME, "backfill", WorkerConfig.ENV_PARALLELISM, "7",
                WorkerConfig.ENV_VISIBILITY_SECONDS, "60", WorkerConfig.ENV_RETRY_DELAY_SECONDS, "5",
                WorkerConfig.ENV_WAIT_SECONDS, "3", WorkerConfig.ENV_STOP_BUDGET_SECONDS, "30",
                WorkerConfig.ENV_EXIT_WHEN_EMPTY, "TRUE"));
        assertEquals(new WorkerConfig("backfill", Optional.of("http://q/1/producer"), 7, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(30), true), config);
        assertEquals(Duration.ofSeconds(60), WorkerConfig.fromMap(Map.of(WorkerConfig.ENV_VISIBILITY_SECONDS, "60"))
                .retryDelay(), "the retry delay follows the visibility when unset");
    }

    @Test
    void badValuesNameTheirVariable() {
        for (Map<String, String> bad : java.util.List.of(
                Map.of(WorkerConfig.ENV_PARALLELISM, "0"),
                Map.of(WorkerConfig.ENV_VISIBILITY_SECONDS, "50000"),
                Map.of(WorkerConfig.ENV_VISIBILITY_SECONDS, "10", WorkerConfig.ENV_RETRY_DELAY_SECONDS, "11"),
                Map.of(WorkerConfig.ENV_RETRY_DELAY_SECONDS, "-1"),
                Map.of(WorkerConfig.ENV_WAIT_SECONDS, "21"),
                Map.of(WorkerConfig.ENV_STOP_BUDGET_SECONDS, "0"),
                Map.of(WorkerConfig.ENV_EXIT_WHEN_EMPTY, "yes"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerConfig.fromMap(bad));
            String variable = bad.containsKey(WorkerConfig.ENV_RETRY_DELAY_SECONDS)
                    ? WorkerConfig.ENV_RETRY_DELAY_SECONDS : bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(variable), bad + ": " + e.getMessage());
        }
    }

    @Test
    void variablesListsEveryConstantAndSharesTheQueueNamesWithTheProducer() {
        assertEquals(EnvConstants.of(WorkerConfig.class), WorkerConfig.VARIABLES);
        assertEquals(ProducerConfig.ENV_QUEUE_URL, WorkerConfig.ENV_QUEUE_URL);
        assertTrue(WorkerConfig.VARIABLES.containsAll(WorkerConfig.DEPLOYMENT_VARIABLES));
    }
}

package org.fangsentiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerMetricsConfigTest {

    @Test
    void withoutANameNothingIsPublished() {
        WorkerMetricsConfig config = WorkerMetricsConfig.fromMap(Map.of());
        assertEquals(Optional.empty(), config.name(), "local runs and tests publish nothing");
        assertEquals(Duration.ofSeconds(60), config.interval());
    }

    @Test
    void readsEveryVariable() {
        assertEquals(new WorkerMetricsConfig(Optional.of("fang-worker"), Duration.ofSeconds(15)),
                WorkerMetricsConfig.fromMap(Map.of(WorkerMetricsConfig.ENV_NAME, " fang-worker ",
                        WorkerMetricsConfig.ENV_INTERVAL_SECONDS, "15")));
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class, () -> WorkerMetricsConfig
                .fromMap(Map.of(WorkerMetricsConfig.ENV_NAME, "w", WorkerMetricsConfig.ENV_INTERVAL_SECONDS, "0")));
        assertTrue(interval.getMessage().contains(WorkerMetricsConfig.ENV_INTERVAL_SECONDS), interval.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> WorkerMetricsConfig
                .fromMap(Map.of(WorkerMetricsConfig.ENV_NAME, "w".repeat(256))));
        assertTrue(name.getMessage().contains(WorkerMetricsConfig.ENV_NAME), name.getMessage());
    }
}

package org.fangsentiment.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks report what they measured: no goal passed on a rounded figure, no baseline unlike ours, no made-up input. */
class BenchmarkHonestyTest {

    @Test
    void aJarOverTheLimitByLessThanARoundedMegabyteMissesIt() {
        assertFalse(ConsumerBenchmark.jarWithin(95_040_000L, ConsumerBenchmark.JAR_LIMIT_BYTES), "95.04 MB is over 95 MB");
        assertTrue(ConsumerBenchmark.jarWithin(95_000_000L, ConsumerBenchmark.JAR_LIMIT_BYTES));
        assertFalse(ConsumerBenchmark.jarWithin(90_000_001L, ConsumerBenchmark.JAR_GOAL_BYTES));
    }

    @Test
    void thePcfgBaselineSkipsTheDependencyGraphsAsTheConsumerDoes() {
        Properties pcfg = ConsumerProbe.pcfgProperties();
        assertEquals("false", SentimentAnalyzer.properties().getProperty("parse.buildgraphs"));
        assertEquals(SentimentAnalyzer.properties().getProperty("parse.buildgraphs"), pcfg.getProperty("parse.buildgraphs"));
        assertEquals(SentimentAnalyzer.SENTIMENT_MODEL, pcfg.getProperty("sentiment.model"));
        assertTrue(pcfg.getProperty("parse.model").contains("englishPCFG"));
    }

    @Test
    void theCostNeedsMeasuredFiguresAndSaysWhichAreMissing(@TempDir Path dir) throws Exception {
        IllegalArgumentException missingFile = assertThrows(IllegalArgumentException.class,
                () -> CostBenchmark.measured(dir.resolve("absent.properties")));
        assertTrue(missingFile.getMessage().contains("benchmarks.jar consumer"), missingFile.getMessage());

        Path partial = dir.resolve("partial.properties");
        Files.writeString(partial, "dev_mean_cpu_ms=41.5\ncold_handler_ready_c2_ms=n/a\n");
        Properties measured = CostBenchmark.measured(partial);
        assertEquals(41.5, CostBenchmark.number(measured, "dev_mean_cpu_ms"));
        IllegalArgumentException missingFigure = assertThrows(IllegalArgumentException.class,
                () -> CostBenchmark.number(measured, "cold_handler_ready_c2_ms"));
        assertTrue(missingFigure.getMessage().contains("cold_handler_ready_c2_ms"), missingFigure.getMessage());
    }
}

package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Keys from S3 are never trusted as paths. */
class CsvDownloadTest {

    private final Path out = Path.of("build-out").toAbsolutePath();

    @Test
    void aPipelineKeyKeepsItsLayout() {
        assertEquals(out.resolve("sentiment/dt=2025-01-15/netflix_sentiment.csv"),
                CsvDownload.safeTarget(out, "sentiment/dt=2025-01-15/netflix_sentiment.csv").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.csv", "sentiment/../../x.csv", "/etc/passwd", "a//b.csv", "./a.csv", "a/./b.csv",
        "a\\..\\b.csv", "C:/x.csv", "", "a/", "a\0b"})
    void keysThatCouldLeaveTheDirectoryAreRefused(String key) {
        assertTrue(CsvDownload.safeTarget(out, key).isEmpty(), key);
    }
}

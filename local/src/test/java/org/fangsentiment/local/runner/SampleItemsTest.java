package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.file.Files;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

/** The jar's bundled sample is a copy of events/fang-items.json, the single source of truth. */
class SampleItemsTest {

    @Test
    void bundledSampleIsTheEventsFile() throws Exception {
        byte[] events = Files.readAllBytes(ProjectFiles.resolve("events/fang-items.json"));
        try (InputStream bundled = ItemsFile.class.getResourceAsStream(ItemsFile.SAMPLE_RESOURCE)) {
            assertNotNull(bundled, ItemsFile.SAMPLE_RESOURCE);
            assertArrayEquals(events, bundled.readAllBytes(),
                    "local/src/main/resources" + ItemsFile.SAMPLE_RESOURCE + " must equal events/fang-items.json: copy it over");
        }
        assertEquals(5, ItemsFile.forOption(null).orElseThrow().size());
    }
}

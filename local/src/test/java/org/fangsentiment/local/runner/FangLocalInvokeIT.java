package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.Test;

/** {@code fang-local invoke}: the repository's event files through the real handlers, on an embedded stack. */
class FangLocalInvokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void producerWithTheScheduleEventRunsAtTheEventsTime() throws Exception {
        Cli cli = Cli.run("invoke", "producer", "--event", ProjectFiles.resolve("events/schedule.json").toString());

        assertEquals(ExitCodes.OK, cli.exitCode(), cli.err());
        JsonNode response = JSON.readTree(cli.out());
        assertEquals("2025-01-15T06:00:00Z", response.get("runId").asText());
        assertEquals(5, response.get("scanned").asInt());
        assertEquals(5, response.get("sent").asInt());
        assertEquals(0, response.get("invalid").asInt());
        assertEquals(0, response.get("failed").asInt());
        assertTrue(response.has("durationMs"), cli.out());
    }

    @Test
    void consumerAnswersWithTheFailedRecordsOnly() throws Exception {
        Cli fang = Cli.run("invoke", "consumer", "--event", ProjectFiles.resolve("events/sqs-fang.json").toString(),
                "--wikipedia", "offline");
        assertEquals(ExitCodes.OK, fang.exitCode(), fang.err());
        assertEquals(JSON.readTree("{\"batchItemFailures\":[]}"), JSON.readTree(fang.out()));

        Cli poison = Cli.run("invoke", "consumer", "--event", ProjectFiles.resolve("events/sqs-poison.json").toString(),
                "--wikipedia", "offline");
        assertEquals(ExitCodes.OK, poison.exitCode(), poison.err());
        List<String> failed = new ArrayList<>();
        JSON.readTree(poison.out()).get("batchItemFailures").forEach(f -> failed.add(f.get("itemIdentifier").asText()));
        assertEquals(List.of("d0a6ec17-9556-485e-a997-f351754a09cd", "81f98b52-1905-4591-85b2-e75a0acd8be1",
                "6da79a87-3d9a-4079-abd0-d7fb12926185", "8dd63cb9-5685-4624-84fc-d5555daf106d"), failed);
    }

    @Test
    void aMissingEventFileIsAClearError() {
        Cli cli = Cli.run("invoke", "producer", "--event", "no/such/event.json");
        assertEquals(ExitCodes.ERROR, cli.exitCode());
        assertTrue(cli.err().contains("Event file no/such/event.json does not exist"), cli.err());
    }
}

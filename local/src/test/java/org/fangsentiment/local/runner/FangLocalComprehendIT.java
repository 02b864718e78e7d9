package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fangsentiment.engine.ComprehendEngine;
import org.fangsentiment.output.CsvRow;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ComprehendServer;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.testing.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code fang-local run --engine comprehend}: on its own embedded stack, and with a throttling Comprehend. */
@ExtendWith(AwsBackendExtension.class)
class FangLocalComprehendIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsBackend backend;

    FangLocalComprehendIT(AwsBackend backend) {
        this.backend = backend;
    }

    @Test
    void theEmbeddedStackAnswersComprehendAndCoreNlpIsNeverLoaded(@TempDir Path out) throws Exception {
        Cli cli = Cli.run("run", "--engine", "comprehend", "--wikipedia", "offline", "--out", out.toString());

        assertEquals(ExitCodes.OK, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("Starting the embedded AWS stack (DynamoDB, SQS, S3, Comprehend"), cli.out());
        assertTrue(cli.out().contains("(CoreNLP not loaded)"), cli.out());
        assertFalse(cli.out().contains("Loading the sentiment model"), cli.out());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(5, summary.at("/counts/csv_written").asInt());
        for (JsonNode company : summary.get("companies")) {
            assertEquals("comprehend", company.get("engine").asText());
            assertEquals("OK", company.get("status").asText());
            List<String> lines = Files.readAllLines(out.resolve(company.get("s3_key").asText()), StandardCharsets.UTF_8);
            assertEquals(String.join(",", CsvRow.HEADER), lines.get(0));
            assertTrue(lines.get(1).endsWith(",comprehend"), lines.get(1));
        }
        assertFalse(summary.at("/timings_ms").has("model_load"), "no model was loaded");
    }

    /** {@code invoke consumer} scores with the engine it is told to use (it once always loaded CoreNLP). */
    @Test
    void invokeConsumerScoresWithTheChosenEngine() throws Exception {
        try (ComprehendServer comprehend = ComprehendServer.start()) {
            List<String> args = new ArrayList<>(List.of("invoke", "consumer", "--engine", "comprehend",
                    "--event", ProjectFiles.resolve("events/sqs-fang.json").toString(), "--wikipedia", "offline"));
            args.addAll(Cli.endpointArgs(backend.endpoints()));
            args.addAll(List.of("--endpoint", "comprehend=" + comprehend.endpoint(), "--region", backend.region().id()));

            Cli cli = Cli.run(args.toArray(String[]::new));

            assertEquals(ExitCodes.OK, cli.exitCode(), cli.out() + cli.err());
            assertEquals(JSON.readTree("{\"batchItemFailures\":[]}"), JSON.readTree(cli.out()));
            assertFalse(cli.err().contains("Loading the sentiment model"), cli.err());
            int records = JSON.readTree(Files.readString(ProjectFiles.resolve("events/sqs-fang.json"))).get("Records").size();
            assertTrue(comprehend.calls().size() >= 1, "Comprehend scored the records: " + comprehend.calls());
            assertEquals(records, comprehend.calls().stream().mapToInt(ComprehendServer.Call::texts).sum(),
                    "every record's summary went to Comprehend, once");
        }
    }

    @Test
    void aRecordComprehendKeepsThrottlingIsRedeliveredThenDeadLetteredNeverDropped(@TempDir Path dir) throws Exception {
        ResourceNames names = backend.freshResources("throttle", Duration.ofSeconds(30));
        Path items = dir.resolve("items.json");
        Files.writeString(items, "[{\"name\": \"Netflix\"}]");
        try (ComprehendServer comprehend = ComprehendServer.start()) {
            comprehend.throttleNext(Integer.MAX_VALUE);
            List<String> args = new ArrayList<>(List.of("run", "--engine", "comprehend"));
            args.addAll(Cli.endpointArgs(backend.endpoints()));
            args.addAll(List.of("--endpoint", "comprehend=" + comprehend.endpoint(), "--region", backend.region().id(),
                    "--table", names.table(), "--queue", names.queue(), "--bucket", names.bucket(),
                    "--items", items.toString(), "--wikipedia", "offline", "--out", dir.resolve("out").toString()));

            Cli cli = Cli.run(args.toArray(String[]::new));

            assertEquals(ExitCodes.DEAD_LETTERS, cli.exitCode(), cli.out() + cli.err());
            JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
            assertEquals(1, summary.at("/counts/sent").asInt());
            assertEquals(0, summary.at("/counts/csv_written").asInt());
            assertEquals(1, summary.at("/counts/dead_lettered").asInt());
            String reason = summary.get("dead_lettered").get(0).get("reason").asText();
            assertTrue(reason.startsWith("SentimentUnavailableException: Comprehend")
                    && reason.contains("ThrottlingException"), reason);
            // Five receives (maxReceiveCount), each trying its call MAX_ATTEMPTS times before giving up.
            assertEquals(5 * ComprehendEngine.MAX_ATTEMPTS, comprehend.calls().size(), comprehend.calls().toString());
        }
    }
}

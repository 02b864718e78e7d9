package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.output.CsvRow;
import org.fangsentiment.output.ObjectKeys;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ResourceNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@code fang-local run} end to end in this JVM: the real handlers, the emulated event source, the files. */
@ExtendWith(AwsBackendExtension.class)
class FangLocalRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FANG = List.of("Amazon", "Apple", "Facebook", "Google", "Netflix");

    private final AwsBackend backend;

    FangLocalRunIT(AwsBackend backend) {
        this.backend = backend;
    }

    private List<String> runArgs(ResourceNames names, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(Cli.endpointArgs(backend.endpoints()));
        args.addAll(List.of("--region", backend.region().id(), "--table", names.table(), "--queue", names.queue(),
                "--bucket", names.bucket(), "--wikipedia", "offline", "--out", out.toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void theBundledSampleOnItsOwnEmbeddedStackGivesFiveCsvs(@TempDir Path out) throws Exception {
        Cli cli = Cli.run("run", "--wikipedia", "offline", "--out", out.toString());

        assertEquals(ExitCodes.OK, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("batch   1:"), cli.out());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        String runId = summary.get("run_id").asText();
        Instant runTime = Instant.parse(runId);
        assertEquals(5, summary.at("/counts/items").asInt());
        assertEquals(5, summary.at("/counts/sent").asInt());
        assertEquals(5, summary.at("/counts/processed").asInt());
        assertEquals(5, summary.at("/counts/csv_written").asInt());
        assertEquals(0, summary.at("/counts/dead_lettered").asInt());
        assertEquals("offline-sample", summary.at("/wikipedia/source").asText());
        List<String> companies = new ArrayList<>();
        for (JsonNode company : summary.get("companies")) {
            String name = company.get("company").asText();
            companies.add(name);
            String key = ObjectKeys.of(ConsumerConfig.DEFAULT_OUTPUT_PREFIX, name, runTime);
            assertEquals(key, company.get("s3_key").asText());
            assertEquals("OK", company.get("status").asText());
            List<String> lines = Files.readAllLines(out.resolve(key), StandardCharsets.UTF_8);
            assertEquals(String.join(",", CsvRow.HEADER), lines.get(0));
            assertTrue(lines.get(1).startsWith(name + ","), lines.get(1));
            assertTrue(lines.get(1).contains(",OK,offline-sample," + runId + ","), lines.get(1));
        }
        assertEquals(FANG, companies);
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(5, files.filter(p -> p.toString().endsWith(".csv")).count());
        }
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<svg") && report.contains("Netflix"), report);
        assertTrue(summary.at("/timings_ms/first_batch_done").asLong() > 0, summary.toString());
        assertTrue(summary.at("/timings_ms/model_ready").isNumber()
                && summary.at("/timings_ms/model_ready").asLong() <= summary.at("/timings_ms/total").asLong(), summary.toString());
        // Where the CPU and heap went (JvmLedger): five texts scored take CPU, and the record threads allocate.
        assertTrue(summary.at("/jvm/scoring_cpu_ms").asLong() > 0, summary.toString());
        long recordAllocated = summary.at("/jvm/record_threads_allocated_bytes").asLong();
        assertTrue(recordAllocated > 0 && summary.at("/jvm/allocated_bytes").asLong() > recordAllocated, summary.toString());
        assertTrue(cli.out().contains(Runtime.getRuntime().availableProcessors() + " scoring threads"), cli.out());
    }

    @Test
    void againstASeparateStackTheSummaryMatchesTheBucket(@TempDir Path out) throws Exception {
        ResourceNames names = backend.freshResources("runner", Duration.ofSeconds(30));

        Cli cli = Cli.run(runArgs(names, out).toArray(String[]::new));

        assertEquals(ExitCodes.OK, cli.exitCode(), cli.err());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        var s3 = backend.clients().s3();
        List<S3Object> objects = s3.listObjectsV2Paginator(list -> list.bucket(names.bucket())).contents()
                .stream().toList();
        assertEquals(5, objects.size());
        Map<String, JsonNode> byKey = new HashMap<>();
        summary.get("companies").forEach(company -> byKey.put(company.get("s3_key").asText(), company));
        assertEquals(5, byKey.size());
        for (S3Object object : objects) {
            String csv = s3.getObjectAsBytes(get -> get.bucket(names.bucket()).key(object.key()))
                    .asString(StandardCharsets.UTF_8);
            JsonNode entry = byKey.get(object.key());
            assertNotNull(entry, object.key() + " is not in summary.json");
            assertEquals(csv, Files.readString(out.resolve(object.key()), StandardCharsets.UTF_8));
            CompanyResult parsed = CompanyResult.parse(csv, object.key(), object.key());
            assertEquals(parsed.company(), entry.get("company").asText());
            assertEquals(parsed.status(), entry.get("status").asText());
            assertEquals(parsed.sentiment(), entry.get("sentiment").asText());
            assertEquals(parsed.score().getAsDouble(), entry.get("score").asDouble(), 0.0);
            assertEquals(summary.get("run_id").asText(), parsed.runId());
        }
    }

    @Test
    void aPoisonMessageEndsInTheDeadLetterQueueAndTheRestSucceed(@TempDir Path out) throws Exception {
        ResourceNames names = backend.freshResources("poison", Duration.ofSeconds(30));
        var sqs = backend.clients().sqs();
        String queueUrl = sqs.getQueueUrl(get -> get.queueName(names.queue())).queueUrl();
        String poisonId = sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("this is not JSON")).messageId();

        Cli cli = Cli.run(runArgs(names, out).toArray(String[]::new));

        assertEquals(ExitCodes.DEAD_LETTERS, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("DEAD-LETTERED " + poisonId), cli.out());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(3, summary.get("exit_code").asInt());
        assertEquals(5, summary.at("/counts/sent").asInt());
        assertEquals(5, summary.at("/counts/processed").asInt());
        assertEquals(5, summary.at("/counts/csv_written").asInt());
        assertEquals(1, summary.at("/counts/dead_lettered").asInt());
        JsonNode dead = summary.get("dead_lettered").get(0);
        assertEquals(poisonId, dead.get("message_id").asText());
        assertTrue(dead.get("reason").asText().contains("not JSON"), dead.toString());
        for (JsonNode company : summary.get("companies")) {
            assertEquals("OK", company.get("status").asText());
        }
        String dlqUrl = sqs.getQueueUrl(get -> get.queueName(names.deadLetterQueue())).queueUrl();
        assertEquals(List.of(poisonId), new ArrayList<>(DeadLetters.read(sqs, dlqUrl).keySet()),
                "the dead letter stays in the queue after the runner read it");
    }

    /** The same run with the container's queue worker instead of the Lambda path: the same summary and accounting. */
    @Test
    void theQueueWorkerModeGivesTheSameAccountingAndDeadLettersThePoison(@TempDir Path out) throws Exception {
        ResourceNames names = backend.freshResources("worker", Duration.ofSeconds(30));
        var sqs = backend.clients().sqs();
        String queueUrl = sqs.getQueueUrl(get -> get.queueName(names.queue())).queueUrl();
        String poisonId = sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("this is not JSON")).messageId();

        Cli cli = Cli.run(runArgs(names, out, "--consumer", "worker").toArray(String[]::new));

        assertEquals(ExitCodes.DEAD_LETTERS, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("Consumer: the queue worker"), cli.out());
        assertTrue(cli.out().contains("DEAD-LETTERED " + poisonId), cli.out());
        assertTrue(cli.out().contains("5 items, 5 sent, 0 invalid, 5 processed, 5 CSVs, 1 dead-lettered"), cli.out());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(5, summary.at("/counts/processed").asInt());
        assertEquals(5, summary.at("/counts/csv_written").asInt());
        assertEquals(1, summary.at("/counts/dead_lettered").asInt());
        assertTrue(summary.get("dead_lettered").get(0).get("reason").asText().contains("not JSON"), summary.toString());
        List<String> companies = new ArrayList<>();
        summary.get("companies").forEach(company -> companies.add(company.get("company").asText()));
        assertEquals(FANG, companies);
    }

    @Test
    void anUnknownConsumerModeIsAClearError(@TempDir Path out) throws Exception {
        Cli cli = Cli.run("run", "--consumer", "fargate", "--wikipedia", "offline", "--out", out.toString());

        assertEquals(ExitCodes.ERROR, cli.exitCode());
        assertTrue(cli.err().contains("--consumer must be lambda or worker"), cli.err());
    }

    @Test
    void anUnreachableEndpointIsAClearError(@TempDir Path out) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Cli cli = Cli.run("run", "--endpoint", "http://127.0.0.1:" + port, "--wikipedia", "offline", "--out", out.toString());

        assertEquals(ExitCodes.ERROR, cli.exitCode());
        assertTrue(cli.err().contains("Cannot reach the AWS endpoint http://127.0.0.1:" + port), cli.err());
        assertFalse(cli.err().contains("\tat "), "no stack trace: " + cli.err());
        assertFalse(Files.exists(out.resolve("summary.json")));
    }

    @Test
    void aMalformedItemsFileNamesTheLineAndReason(@TempDir Path dir) throws Exception {
        Path items = dir.resolve("items.json");
        Files.writeString(items, "[\n  {\"name\": \"Apple\"},\n  {\"wikipedia_title\": \"Google\"}\n]\n");

        Cli cli = Cli.run("run", "--items", items.toString(), "--wikipedia", "offline", "--out", dir.resolve("out").toString());

        assertEquals(ExitCodes.ERROR, cli.exitCode());
        assertTrue(cli.err().contains("Bad items file " + items + ", line 3, column 3: item 2 has no 'name'"), cli.err());

        Files.writeString(items, "[\n  {\"name\": \"Apple\"},\n  {\"name\": \"Google\",}\n]\n");
        Cli syntax = Cli.run("run", "--items", items.toString(), "--wikipedia", "offline");
        assertEquals(ExitCodes.ERROR, syntax.exitCode());
        assertTrue(syntax.err().contains("Bad items file " + items + ", line 3"), syntax.err());
    }
}

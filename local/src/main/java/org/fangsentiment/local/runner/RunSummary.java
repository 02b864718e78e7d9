package org.fangsentiment.local.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code out/summary.json} says about a run.
 *
 * @param runId the producer run's id (ISO-8601 instant); every message and CSV carries it
 * @param exitCode the command's exit code (0 all processed, 3 some dead-lettered)
 * @param backend where DynamoDB, SQS and S3 were
 * @param wikipedia how summaries were looked up: mode, site, CSV source
 * @param resources table, queue, dead-letter queue and bucket names
 * @param counts {@code items} (scanned), {@code sent}, {@code invalid}, {@code processed},
 *     {@code csv_written}, {@code dead_lettered}
 * @param companies one entry per CSV of this run
 * @param deadLettered message id and the consumer's last reason for each dead-lettered message
 * @param timingsMs wall time of each stage, in order
 * @param jvm where the process's CPU and heap went ({@link JvmLedger}): ms and bytes; empty when not measured
 */
public record RunSummary(String runId, int exitCode, String backend, Map<String, String> wikipedia,
                         Map<String, String> resources, Map<String, Long> counts, List<CompanyResult> companies,
                         List<DeadLetter> deadLettered, Map<String, Long> timingsMs, Map<String, Long> jvm) {

    /** A message found in the dead-letter queue, with why the consumer last failed it. */
    public record DeadLetter(String messageId, String reason) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public RunSummary {
        wikipedia = new LinkedHashMap<>(wikipedia);
        resources = new LinkedHashMap<>(resources);
        counts = new LinkedHashMap<>(counts);
        companies = List.copyOf(companies);
        deadLettered = List.copyOf(deadLettered);
        timingsMs = new LinkedHashMap<>(timingsMs);
        jvm = new LinkedHashMap<>(jvm);
    }

    /** A summary without JVM figures. */
    public RunSummary(String runId, int exitCode, String backend, Map<String, String> wikipedia,
                      Map<String, String> resources, Map<String, Long> counts, List<CompanyResult> companies,
                      List<DeadLetter> deadLettered, Map<String, Long> timingsMs) {
        this(runId, exitCode, backend, wikipedia, resources, counts, companies, deadLettered, timingsMs, Map.of());
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("run_id", runId);
        root.put("exit_code", exitCode);
        root.put("backend", backend);
        ObjectNode wiki = root.putObject("wikipedia");
        wikipedia.forEach(wiki::put);
        ObjectNode names = root.putObject("resources");
        resources.forEach(names::put);
        ObjectNode countNode = root.putObject("counts");
        counts.forEach(countNode::put);
        ArrayNode list = root.putArray("companies");
        for (CompanyResult company : companies) {
            ObjectNode entry = list.addObject();
            entry.put("company", company.company());
            entry.put("status", company.status());
            if (company.sentiment().isEmpty()) {
                entry.putNull("sentiment");
            } else {
                entry.put("sentiment", company.sentiment());
            }
            if (company.score().isPresent()) {
                entry.put("score", company.score().getAsDouble());
            } else {
                entry.putNull("score");
            }
            entry.put("engine", company.engine());
            entry.put("s3_key", company.s3Key());
        }
        ArrayNode dead = root.putArray("dead_lettered");
        for (DeadLetter letter : deadLettered) {
            dead.addObject().put("message_id", letter.messageId()).put("reason", letter.reason());
        }
        ObjectNode timings = root.putObject("timings_ms");
        timingsMs.forEach(timings::put);
        if (!jvm.isEmpty()) {
            ObjectNode figures = root.putObject("jvm");
            jvm.forEach(figures::put);
        }
        return root;
    }

    /** Writes the JSON to {@code file}. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(toJson()) + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("Writing " + file + " failed", e);
        }
    }
}

package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.consumer.lambda.ConsumerHandler;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.output.ObjectKeys;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.testing.FailingBatchEntries;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Faults injected into a whole {@code fang-local run} (the real producer and consumer handlers, the
 * runner's event-source emulation, an AWS backend), each alone and then all together, and then a
 * redrive of the dead-letter queue once the faults stop. Afterwards, exactly: every item is a CSV
 * (one row, its own company, at its own key) or a dead-lettered message with its original body
 * and a reason; the counts of {@code summary.json} add up; after the redrive, every item is a CSV.
 * A send whose answer is lost after SQS accepted it is resent, so some companies arrive twice:
 * still one CSV each (the same key, overwritten), and the duplicates are counted, not lost.
 */
@ExtendWith(AwsBackendExtension.class)
class FaultInjectionIT {

    /** The faults of the issue; each is injected at the rate given in {@link #instrumentation}. */
    enum Fault { WIKIPEDIA, S3_PUT, SQS_SEND, SQS_ANSWER_LOST, CONSUMER_CRASH, LAMBDA_TIMEOUT }

    private static OfflineWikipediaServer generated;
    private final AwsBackend backend;

    FaultInjectionIT(AwsBackend backend) {
        this.backend = backend;
    }

    @BeforeAll
    static void startWikipedia() throws Exception {
        generated = OfflineWikipediaServer.startGenerating();
    }

    @AfterAll
    static void stopWikipedia() {
        generated.close();
    }

    @ParameterizedTest(name = "{0} alone")
    @EnumSource(Fault.class)
    void eachFaultAlone(Fault fault, @TempDir Path dir) throws Exception {
        Outcome outcome = runWith(EnumSet.of(fault), 30, 0, dir);
        assertTrue(outcome.injected() > 0, fault + " was injected: " + outcome.report());
    }

    @Test
    void allFaultsTogetherOverTwoHundredCompaniesThenARedrive(@TempDir Path dir) throws Exception {
        Outcome outcome = runWith(EnumSet.allOf(Fault.class), 220, 4, dir);
        assertTrue(outcome.deadLettered() >= 4, "the doomed companies are dead-lettered: " + outcome.report());
        System.out.println("Combined fault run: " + outcome.report());
    }

    record Outcome(int items, int csvs, int deadLettered, int injected, String report) {
    }

    private Outcome runWith(Set<Fault> faults, int companies, int doomed, Path dir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= companies; i++) {
            names.add(String.format("Fault Co %03d", i));
        }
        for (int i = 1; i <= doomed; i++) {
            names.add("Doomed Co " + i);
        }
        Path items = dir.resolve("items.json");
        List<Map<String, String>> itemList = names.stream().map(n -> Map.of("name", n)).toList();
        Files.writeString(items, ItemJson.MAPPER.writeValueAsString(itemList));
        Path out = dir.resolve("out");

        FaultyWikipedia wikipedia = new FaultyWikipedia(generated.baseUri(),
                faults.contains(Fault.WIKIPEDIA) ? new FaultyWikipedia.Mix(0.2, 0.2, 0.1, 0.05) : FaultyWikipedia.Mix.NONE,
                Duration.ofMillis(1_500));
        Counters counters = new Counters();
        try (wikipedia) {
            LocalRun.Options options = new LocalRun.Options(endpointOptions(), backend.region(), items.toString(),
                    wikipedia.baseUri().toString(), out, "fang-fault-" + suffix, "producer-fault-" + suffix,
                    "fang-fault-" + suffix, 2, 8, ConsumerConfig.Engine.CORENLP, false);
            StringWriter console = new StringWriter();
            int exit = new LocalRun(new PrintWriter(console, true), instrumentation(faults, counters)).run(options);

            JsonNode summary = ItemJson.MAPPER.readTree(out.resolve("summary.json").toFile());
            ResourceNames resources = new ResourceNames("fang-fault-" + suffix, "producer-fault-" + suffix,
                    "fang-fault-" + suffix);
            Instant runTime = Instant.parse(summary.get("run_id").asText());
            Map<String, CSVRecord> csvs = csvsByCompany(resources, runTime);
            Map<String, List<String>> dead = deadLetters(resources, faults);   // company -> message ids
            int letters = dead.values().stream().mapToInt(List::size).sum();

            // Every item is a CSV or a dead letter with its original body; the union is all of them.
            Set<String> accounted = new HashSet<>(csvs.keySet());
            accounted.addAll(dead.keySet());
            assertEquals(new HashSet<>(names), accounted, "every item is a CSV or a dead letter");
            for (int i = 1; i <= doomed; i++) {
                assertTrue(dead.containsKey("Doomed Co " + i), "doomed company dead-lettered");
                assertFalse(csvs.containsKey("Doomed Co " + i), "a doomed company has no CSV");
            }
            // summary.json adds up, and names every dead letter with a reason.
            JsonNode counts = summary.get("counts");
            assertEquals(names.size(), counts.get("items").asInt());
            assertEquals(names.size(), counts.get("sent").asInt(), "the producer sent everything despite failed entries");
            assertEquals(0, counts.get("invalid").asInt());
            // A lost answer's batch was accepted twice: those duplicates are messages too.
            assertEquals(counts.get("sent").asInt() + counters.duplicates.get(),
                    counts.get("processed").asInt() + counts.get("dead_lettered").asInt(),
                    "processed + dead-lettered = sent + duplicates (" + counters.duplicates.get() + "): " + counts);
            assertEquals(letters, counts.get("dead_lettered").asInt());
            assertEquals(csvs.size(), counts.get("csv_written").asInt());
            Set<String> deadIds = new HashSet<>();
            dead.values().forEach(deadIds::addAll);
            for (JsonNode letter : summary.get("dead_lettered")) {
                assertTrue(deadIds.contains(letter.get("message_id").asText()), letter.toString());
                String reason = letter.get("reason").asText();
                assertTrue(!reason.isBlank() && !reason.contains("no reason recorded"), letter.toString());
            }
            assertEquals(letters == 0 ? ExitCodes.OK : ExitCodes.DEAD_LETTERS, exit, console.toString());

            // The faults stop; the dead letters are moved back and processed.
            wikipedia.heal();
            redriveAndDrain(resources, wikipedia.baseUri());
            Map<String, CSVRecord> after = csvsByCompany(resources, runTime);
            assertEquals(new HashSet<>(names), after.keySet(), "after the redrive every item is a CSV");
            assertEquals(Map.of(), deadLetters(resources, faults), "the dead-letter queue is empty after the redrive");

            String report = String.format("%d items: %d CSVs and %d dead letters before the redrive, %d CSVs after; "
                            + "injected: wikipedia %s, s3 %d, sqs entries %d, lost send answers %d (%d duplicates), "
                            + "crashes %d, timeouts %d",
                    names.size(), csvs.size(), letters, after.size(), wikipediaCounts(wikipedia),
                    counters.s3.get(), counters.sqs.get(), counters.lostAnswers.get(), counters.duplicates.get(),
                    counters.crashes.get(), counters.timeouts.get());
            int injected = counters.s3.get() + counters.sqs.get() + counters.lostAnswers.get() + counters.crashes.get()
                    + counters.timeouts.get()
                    + wikipedia.count("429") + wikipedia.count("503") + wikipedia.count("slow") + wikipedia.count("reset");
            return new Outcome(names.size(), csvs.size(), dead.size(), injected, report);
        }
    }

    private static String wikipediaCounts(FaultyWikipedia w) {
        return "429=" + w.count("429") + " 503=" + w.count("503") + " slow=" + w.count("slow") + " reset="
                + w.count("reset") + " doomed=" + w.count("doomed");
    }

    private List<String> endpointOptions() {
        AwsClients.Endpoints e = backend.endpoints();
        return List.of("dynamodb=" + e.dynamoDb(), "sqs=" + e.sqs(), "s3=" + e.s3());
    }

    /** What was injected. */
    static final class Counters {
        final AtomicInteger s3 = new AtomicInteger();
        final AtomicInteger sqs = new AtomicInteger();
        final AtomicInteger lostAnswers = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger crashes = new AtomicInteger();
        final AtomicInteger timeouts = new AtomicInteger();
    }

    private static LocalRun.Instrumentation instrumentation(Set<Fault> faults, Counters counters) {
        List<ExecutionInterceptor> sqs = new ArrayList<>();
        if (faults.contains(Fault.SQS_SEND)) {
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            // A fifth of the entries fail on their first attempt, as SQS does under load.
            sqs.add(new FailingBatchEntries(entry -> ThreadLocalRandom.current().nextDouble() < 0.2
                    && failedOnce.add(entry.messageBody()) && counters.sqs.incrementAndGet() > 0));
        }
        if (faults.contains(Fault.SQS_ANSWER_LOST)) {
            sqs.add(new LostSendAnswers(counters));
        }
        List<ExecutionInterceptor> s3 = new ArrayList<>();
        if (faults.contains(Fault.S3_PUT)) {
            s3.add(new FailingPuts(counters.s3));
        }
        return new LocalRun.Instrumentation(
                config -> ConsumerConfig.fromMap(Map.of(
                                ConsumerConfig.ENV_WIKIPEDIA_TIMEOUT_MS, "1000",
                                ConsumerConfig.ENV_WIKIPEDIA_BUDGET_MS, "4000"))
                        .withBucket(config.bucketName()),
                sqs, s3,
                handler -> faulty(handler, faults, counters));
    }

    /** Every fifth invocation times out (the first, sixth, ...) and every fifth crashes (the second, seventh, ...). */
    private static RequestHandler<SQSEvent, SQSBatchResponse> faulty(RequestHandler<SQSEvent, SQSBatchResponse> handler,
                                                                     Set<Fault> faults, Counters counters) {
        AtomicInteger invocations = new AtomicInteger();
        return (event, context) -> {
            int invocation = invocations.getAndIncrement();
            if (faults.contains(Fault.LAMBDA_TIMEOUT) && invocation % 5 == 0) {
                counters.timeouts.incrementAndGet();
                // 3.3 s left: the runner keeps 3 s back, so the records have 0.3 s before the deadline.
                return handler.handleRequest(event, new LambdaContext(() -> 3_300));
            }
            SQSBatchResponse response = handler.handleRequest(event, context);
            if (faults.contains(Fault.CONSUMER_CRASH) && invocation % 5 == 1) {
                counters.crashes.incrementAndGet();
                throw new IllegalStateException("injected crash after the batch's records were written");
            }
            return response;
        };
    }

    /**
     * Every third SendMessageBatch (at most five a run) fails as a whole after SQS accepted it: the
     * answer is lost on the way back (a reset connection, a timeout), so the producer resends
     * entries that are already in the queue.
     */
    static final class LostSendAnswers implements ExecutionInterceptor {
        private final Counters counters;
        private final AtomicInteger calls = new AtomicInteger();

        LostSendAnswers(Counters counters) {
            this.counters = counters;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof SendMessageBatchResponse response && response.hasSuccessful()
                    && !response.successful().isEmpty() && calls.incrementAndGet() % 3 == 0
                    && counters.lostAnswers.getAndUpdate(n -> n < 5 ? n + 1 : n) < 5) {
                counters.duplicates.addAndGet(response.successful().size());
                throw SdkClientException.create("injected: the answer to an accepted SendMessageBatch was lost");
            }
        }
    }

    /** Fails a share of PutObject calls, half before the object is written and half after. */
    static final class FailingPuts implements ExecutionInterceptor {
        private final AtomicInteger count;

        FailingPuts(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            maybeFail(attributes, "before");
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            maybeFail(attributes, "after");
        }

        private void maybeFail(ExecutionAttributes attributes, String when) {
            // The run's first write always fails, so that the fault is really injected in every run (at 7.5 %
            // alone, 30 companies went through without one about once in a hundred runs); the rest at random.
            if ("PutObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    && (count.get() == 0 || ThreadLocalRandom.current().nextDouble() < 0.075)) {
                count.incrementAndGet();
                throw new IllegalStateException("injected S3 failure " + when + " the write");
            }
        }
    }

    /** The run's CSVs by company, each checked: one row, its own company, at its own key. */
    private Map<String, CSVRecord> csvsByCompany(ResourceNames names, Instant runTime) throws Exception {
        var s3 = backend.clients().s3();
        Map<String, CSVRecord> byCompany = new HashMap<>();
        String token = null;
        do {
            String from = token;
            var page = s3.listObjectsV2(list -> list.bucket(names.bucket()).continuationToken(from));
            for (S3Object object : page.contents()) {
                String text = s3.getObjectAsBytes(get -> get.bucket(names.bucket()).key(object.key())).asUtf8String();
                List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(new StringReader(text)).getRecords();
                assertEquals(1, rows.size(), "one row in " + object.key());
                String company = rows.get(0).get("company");
                assertEquals(ObjectKeys.of(ConsumerConfig.DEFAULT_OUTPUT_PREFIX, company, runTime), object.key(), "its own key");
                assertEquals("OK", rows.get(0).get("status"), object.key());
                assertEquals(null, byCompany.put(company, rows.get(0)), "one file per company: " + company);
            }
            token = page.nextContinuationToken();
        } while (token != null);
        return byCompany;
    }

    /**
     * The dead-letter queue's messages by company (left in the queue), each body an original item:
     * one per company, or two where a lost send answer made the company's message twice.
     */
    private Map<String, List<String>> deadLetters(ResourceNames names, Set<Fault> faults) throws Exception {
        SqsClient sqs = backend.clients().sqs();
        String dlq = sqs.getQueueUrl(get -> get.queueName(names.deadLetterQueue())).queueUrl();
        Map<String, List<String>> byCompany = new HashMap<>();
        int mostPerCompany = faults.contains(Fault.SQS_ANSWER_LOST) ? 2 : 1;
        List<Message> all = receiveAll(sqs, dlq, 30);
        for (Message message : all) {
            // Only looked at: visible again at once, for the redrive.
            sqs.changeMessageVisibility(change -> change.queueUrl(dlq).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(0));
            JsonNode body = ItemJson.MAPPER.readTree(message.body());
            assertEquals(1, body.size(), "the original body: " + message.body());
            List<String> ids = byCompany.computeIfAbsent(body.get("name").asText(), k -> new ArrayList<>());
            ids.add(message.messageId());
            assertTrue(ids.size() <= mostPerCompany, "at most " + mostPerCompany + " dead letter(s) per company: "
                    + message.body());
        }
        return byCompany;
    }

    /** Receives every visible message, hiding each for {@code hideSeconds} so none is read twice. */
    private static List<Message> receiveAll(SqsClient sqs, String queueUrl, int hideSeconds) {
        List<Message> all = new ArrayList<>();
        Map<String, Message> seen = new HashMap<>();
        int empty = 0;
        while (empty < 2) {
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(hideSeconds).waitTimeSeconds(0).messageAttributeNames("All")).messages();
            empty = got.isEmpty() ? empty + 1 : 0;
            for (Message m : got) {
                if (seen.putIfAbsent(m.messageId(), m) == null) {
                    all.add(m);
                }
            }
        }
        return all;
    }

    /** Moves the dead letters back to the queue (as StartMessageMoveTask does) and drains it without faults. */
    private void redriveAndDrain(ResourceNames names, URI wikipediaSite) throws Exception {
        SqsClient sqs = backend.clients().sqs();
        String queue = sqs.getQueueUrl(get -> get.queueName(names.queue())).queueUrl();
        String dlq = sqs.getQueueUrl(get -> get.queueName(names.deadLetterQueue())).queueUrl();
        for (Message message : receiveAll(sqs, dlq, 30)) {
            sqs.sendMessage(send -> send.queueUrl(queue).messageBody(message.body())
                    .messageAttributes(message.messageAttributes()));
            sqs.deleteMessage(delete -> delete.queueUrl(dlq).receiptHandle(message.receiptHandle()));
        }
        ConsumerConfig healthy = names.consumerConfig().withWikipediaSite(wikipediaSite);
        ExecutorService workers = BatchRunner.threads(4);
        try {
            CompanyProcessor processor = CompanyProcessor.create(healthy, backend.clients().s3(),
                    SentimentEngines.coreNlp(), OfflineWikipediaServer.GENERATED_SOURCE, Clock.systemUTC());
            new EventSourceEmulator(sqs, queue, new ConsumerHandler(processor, new BatchRunner(workers)),
                    new EventSourceEmulator.Settings(Duration.ofSeconds(90), Duration.ofSeconds(1), 2), report -> { })
                    .drain();
        } finally {
            workers.shutdownNow();
        }
        var left = sqs.getQueueAttributes(get -> get.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
        assertEquals("0", left.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}

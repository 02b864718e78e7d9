package org.fangsentiment.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.WorkerConfig;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.output.ObjectKeys;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.stack.ResourceSetup;
import org.fangsentiment.testing.SdkCallCounter;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The queue worker against the backend's real queues (redrive to the dead-letter queue included),
 * the real CoreNLP pipeline and S3, with Wikipedia played by the offline server generating a
 * summary for any name (behind WireMock, which holds one company's lookup for the slow-record test).
 * The stop tests call {@link QueueWorker#stop()}, the method the SIGTERM hook calls, at random
 * moments, and once send a real SIGTERM to {@link WorkerMain} in a child JVM running the shaded jar.
 */
@ExtendWith(AwsBackendExtension.class)
class QueueWorkerIT {

    private static final String RUN_ID = "2026-11-30T06:00:00Z";
    private static final Instant RUN_TIME = Instant.parse(RUN_ID);
    private static final Held HELD = new Held();
    private static OfflineWikipediaServer offline;
    private static WireMockServer wikipedia;

    private final AwsBackend backend;
    private final AwsClients clients;

    QueueWorkerIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
    }

    @BeforeAll
    static void startWikipedia() throws Exception {
        offline = OfflineWikipediaServer.startGenerating();
        wikipedia = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(HELD));
        wikipedia.start();
        wikipedia.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(offline.baseUri().toString())));
        wikipedia.stubFor(get(urlPathEqualTo("/api/rest_v1/page/summary/Slow_Holdings")).atPriority(1)
                .willReturn(aResponse().proxiedFrom(offline.baseUri().toString()).withTransformers(Held.NAME)));
    }

    @AfterAll
    static void stopWikipedia() {
        HELD.release();
        wikipedia.stop();
        offline.close();
    }

    /** Resources of one test: fresh table, queue with its dead-letter queue, and bucket. */
    private record Setup(ResourceNames names, ResourceSetup.Queues queues, ConsumerConfig consumer) {
    }

    private Setup setup(String purpose) {
        ResourceNames names = backend.freshResources(purpose, Duration.ofSeconds(30));
        ResourceSetup.Queues queues = new ResourceSetup(clients).ensureQueues(names.queue(), Duration.ofSeconds(30));
        ConsumerConfig consumer = ConsumerConfig.fromMap(Map.of(
                        ConsumerConfig.ENV_WIKIPEDIA_TIMEOUT_MS, "120000",
                        ConsumerConfig.ENV_WIKIPEDIA_BUDGET_MS, "240000"))
                .withBucket(names.bucket())
                .withWikipediaSite(URI.create(wikipedia.baseUrl()));
        return new Setup(names, queues, consumer);
    }

    private static WorkerConfig workerConfig(String queueUrl, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                WorkerConfig.ENV_PARALLELISM, "2",
                WorkerConfig.ENV_VISIBILITY_SECONDS, "30",
                WorkerConfig.ENV_RETRY_DELAY_SECONDS, "1",
                WorkerConfig.ENV_WAIT_SECONDS, "1",
                WorkerConfig.ENV_EXIT_WHEN_EMPTY, "true"));
        env.putAll(overrides);
        return WorkerConfig.fromMap(env).withQueueUrl(queueUrl);
    }

    private QueueWorker worker(Setup setup, SqsClient sqs, WorkerConfig config) {
        CompanyProcessor processor = CompanyProcessor.create(setup.consumer(), clients.s3(), SentimentEngines.coreNlp(),
                OfflineWikipediaServer.GENERATED_SOURCE, Clock.systemUTC());
        return new QueueWorker(sqs, setup.queues().queueUrl(), processor, config, batch -> { });
    }

    /** Sends one message per body; returns the message ids and their bodies. */
    private Map<String, String> send(String queueUrl, List<String> bodies) {
        Map<String, String> sent = new LinkedHashMap<>();
        for (String body : bodies) {
            String id = clients.sqs().sendMessage(send -> send.queueUrl(queueUrl).messageBody(body)
                    .messageAttributes(Map.of(PipelineContract.RUN_ID_ATTRIBUTE,
                            MessageAttributeValue.builder().dataType("String").stringValue(RUN_ID).build()))).messageId();
            sent.put(id, body);
        }
        return sent;
    }

    private static List<String> companies(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(String.format("%s Company %02d", prefix, i));
        }
        return names;
    }

    private static String body(String company) {
        return "{\"name\":\"" + company + "\"}";
    }

    private Set<String> csvKeys(String bucket) {
        Set<String> keys = new TreeSet<>();
        for (S3Object object : clients.s3().listObjectsV2(list -> list.bucket(bucket)).contents()) {
            // S3Proxy's file store lists the temporary file of a PUT interrupted by the stop ("<key>-<uuid>");
            // S3 itself never shows an unfinished PUT.
            if (object.key().endsWith(".csv")) {
                keys.add(object.key());
            }
        }
        return keys;
    }

    private static String key(String company) {
        return ObjectKeys.of(ConsumerConfig.DEFAULT_OUTPUT_PREFIX, company, RUN_TIME);
    }

    private long count(String queueUrl, QueueAttributeName attribute) {
        return Long.parseLong(clients.sqs().getQueueAttributes(get -> get.queueUrl(queueUrl).attributeNames(attribute))
                .attributes().get(attribute));
    }

    private List<Message> receiveAll(String queueUrl) {
        List<Message> all = new ArrayList<>();
        int emptyPolls = 0;
        while (emptyPolls < 2) {
            List<Message> got = clients.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(60)).messages();
            all.addAll(got);
            emptyPolls = got.isEmpty() ? emptyPolls + 1 : 0;
        }
        return all;
    }

    @Test
    void everyCompanyIsProcessedOnlySuccessesAreDeletedAndThePoisonIsRedrivenAfterFiveReceives() throws Exception {
        Setup setup = setup("worker");
        List<String> names = companies("Alpha", 12);
        List<String> bodies = new ArrayList<>(names.stream().map(QueueWorkerIT::body).toList());
        String poison = "{\"name\": 42, \"note\": \"not a company\"}";
        bodies.add(5, poison);
        Map<String, String> sent = send(setup.queues().queueUrl(), bodies);
        String poisonId = sent.entrySet().stream().filter(e -> e.getValue().equals(poison)).findFirst().orElseThrow().getKey();
        WireLog wire = new WireLog(poison);
        SdkCallCounter calls = new SdkCallCounter();

        QueueDrain.Result result = worker(setup, backend.clients(wire, calls).sqs(),
                workerConfig(setup.queues().queueUrl(), Map.of())).run();

        Set<String> expectedKeys = new TreeSet<>(names.stream().map(QueueWorkerIT::key).toList());
        assertEquals(expectedKeys, csvKeys(setup.names().bucket()), "one CSV per company, under its own key");
        Set<String> goodIds = new TreeSet<>(sent.keySet());
        goodIds.remove(poisonId);
        assertEquals(goodIds, new TreeSet<>(result.processed()), "exactly the companies were deleted as processed");
        assertEquals(names.size(), wire.deleteEntries.get(), "DeleteMessageBatch entries sent: one per success, no more");
        assertEquals(PipelineContract.MAX_RECEIVE_COUNT, wire.poisonReceives.get(),
                "the poison was received maxReceiveCount times, then redriven by the queue");
        assertTrue(result.failureReasons().get(poisonId).startsWith("InvalidMessageException"),
                String.valueOf(result.failureReasons()));
        List<Message> dead = receiveAll(setup.queues().deadLetterQueueUrl());
        assertEquals(List.of(poison), dead.stream().map(Message::body).toList(), "the poison, unchanged, in the DLQ");
        assertEquals(0, count(setup.queues().queueUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertEquals(0, count(setup.queues().queueUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        assertTrue(calls.count("ReceiveMessage") >= 6, "long polls, not one receive: " + calls.count("ReceiveMessage"));
    }

    @Test
    void aSlowRecordKeepsItsMessageInvisibleUntilItIsDone() throws Exception {
        Setup setup = setup("slow");
        Map<String, String> sent = send(setup.queues().queueUrl(), List.of(body("Slow Holdings")));
        SdkCallCounter calls = new SdkCallCounter();
        // Visibility 2 s: without extensions the message would be visible again within 2 s of its receive.
        QueueWorker worker = worker(setup, backend.clients(calls).sqs(),
                workerConfig(setup.queues().queueUrl(), Map.of(WorkerConfig.ENV_VISIBILITY_SECONDS, "2")));
        CompletableFuture<QueueDrain.Result> run = CompletableFuture.supplyAsync(() -> {
            try {
                return worker.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            HELD.awaitArrival();
            // Wait for four extensions (each one 2 s of visibility, renewed when 1 s is left): by then the
            // message's first visibility has long lapsed. Another consumer polls all the while.
            int ourReceives = 0;
            while (calls.count("ChangeMessageVisibilityBatch") < 4) {
                List<Message> stolen = clients.sqs().receiveMessage(r -> r.queueUrl(setup.queues().queueUrl())
                        .waitTimeSeconds(1).visibilityTimeout(0)).messages();
                assertEquals(List.of(), stolen, "another consumer received the message of a record still running");
                assertTrue(++ourReceives < 60, "60 polls without four extensions");
            }
        } finally {
            HELD.release();
        }
        QueueDrain.Result result = run.get(5, TimeUnit.MINUTES);

        assertEquals(sent.keySet(), result.processed());
        assertEquals(1, result.received(), "received once: never redelivered while it ran");
        assertTrue(result.extensions() >= 4, "extensions: " + result.extensions());
        assertEquals(Set.of(key("Slow Holdings")), csvKeys(setup.names().bucket()));
    }

    @Test
    void aStopAtRandomMomentsLosesNothingAndASecondRunFinishesTheRest() throws Exception {
        long seed = Long.getLong("worker.stop.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> outcomes = new ArrayList<>();
        for (int trial = 1; trial <= 10; trial++) {
            Setup setup = setup("stop" + trial);
            List<String> names = companies("Trial" + trial, 24);
            Map<String, String> sent = send(setup.queues().queueUrl(), names.stream().map(QueueWorkerIT::body).toList());
            int budget = List.of(1, 4, 30).get(random.nextInt(3));
            long delayMs = random.nextInt(2_000);
            QueueWorker worker = worker(setup, clients.sqs(), workerConfig(setup.queues().queueUrl(),
                    Map.of(WorkerConfig.ENV_STOP_BUDGET_SECONDS, Integer.toString(budget),
                            WorkerConfig.ENV_EXIT_WHEN_EMPTY, "false")));
            CompletableFuture<QueueDrain.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return worker.run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The random moment is the point of this wait: the worker does not finish by itself (no exit when empty).
            assertTrue(!worker.awaitFinished(Duration.ofMillis(delayMs)), "the worker ended before its stop");
            worker.stop();
            QueueDrain.Result first = run.get(5, TimeUnit.MINUTES);

            Set<String> written = csvKeys(setup.names().bucket());
            for (String id : first.processed()) {
                String company = names.get(List.copyOf(sent.keySet()).indexOf(id));
                assertTrue(written.contains(key(company)), "reported done without its CSV: " + company);
            }
            assertEquals(0, count(setup.queues().queueUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                    "trial " + trial + ": nothing left hidden after the stop; unfinished messages are back at once");
            long queued = count(setup.queues().queueUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            assertEquals(names.size() - first.processed().size(), queued,
                    "trial " + trial + ": every message is processed (deleted) or back in the queue");
            assertTrue(first.stopped());

            QueueDrain.Result second = worker(setup, clients.sqs(), workerConfig(setup.queues().queueUrl(), Map.of())).run();
            assertEquals(new TreeSet<>(names.stream().map(QueueWorkerIT::key).toList()), csvKeys(setup.names().bucket()),
                    "trial " + trial + ": after the second run every company has its CSV");
            assertEquals(queued, second.processed().size(), "trial " + trial + ": the second run took exactly the rest");
            assertEquals(List.of(), receiveAll(setup.queues().deadLetterQueueUrl()), "nothing dead-lettered");
            outcomes.add(String.format("trial %2d: stop after %4d ms, budget %2d s: %d written and deleted, %d returned"
                            + " (%d back in the queue), second run %d", trial, delayMs, budget, first.processed().size(),
                    first.returned(), queued, second.processed().size()));
        }
        System.out.println("SIGTERM trials (seed " + seed + "):");
        outcomes.forEach(System.out::println);
    }

    /**
     * A real SIGTERM ({@link Process#destroy()}) to {@link WorkerMain} running from the shaded jar in a
     * child JVM, while it processes: it exits 0, and every company has its CSV or is back in the queue.
     */
    @Test
    void sigtermToTheWorkerJvmExitsZeroAndLosesNothing() throws Exception {
        Setup setup = setup("sigterm");
        List<String> names = companies("Signal", 30);
        Map<String, String> sent = send(setup.queues().queueUrl(), names.stream().map(QueueWorkerIT::body).toList());
        Path jar = Path.of(System.getProperty("worker.jar", "target/queue-worker.jar")).toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1536m", "-jar", jar.toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_REGION", backend.region().id());
        env.put("AWS_ACCESS_KEY_ID", AwsClients.EMULATOR_ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", AwsClients.EMULATOR_SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_SQS", backend.endpoints().sqs().toString());
        env.put("AWS_ENDPOINT_URL_S3", backend.endpoints().s3().toString());
        env.put(ConsumerConfig.ENV_BUCKET_NAME, setup.names().bucket());
        env.put(ConsumerConfig.ENV_WIKIPEDIA_SITE_URL, offline.baseUri().toString());
        env.put(WorkerConfig.ENV_QUEUE_URL, setup.queues().queueUrl());
        env.put(WorkerConfig.ENV_PARALLELISM, "2");
        env.put(WorkerConfig.ENV_WAIT_SECONDS, "1");
        env.put(WorkerConfig.ENV_STOP_BUDGET_SECONDS, "5");
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        CountDownLatch wrote = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("\"Wrote ")) {
                        wrote.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            // Signalled once it has written a CSV: in the middle of its work.
            assertTrue(wrote.await(5, TimeUnit.MINUTES), "the worker wrote nothing:\n" + output);
            // SIGTERM, as Process.destroy() sends it; through the handle, which (unlike Process.destroy())
            // leaves the output stream open, so the reader sees what the worker logs while it stops.
            assertTrue(process.toHandle().destroy(), "SIGTERM not sent");
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the worker did not exit after SIGTERM");
        } finally {
            process.destroyForcibly();
        }
        reader.join(10_000);
        String log;
        synchronized (output) {
            log = output.toString();
        }
        assertEquals(0, process.exitValue(), log);
        assertTrue(log.contains("Stop requested") && log.contains("Worker finished"), log);

        Set<String> written = csvKeys(setup.names().bucket());
        assertEquals(0, count(setup.queues().queueUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                "nothing left hidden after the stop");
        long queued = count(setup.queues().queueUrl(), QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        assertTrue(written.size() + queued >= names.size(), written.size() + " CSVs and " + queued + " queued of "
                + names.size());
        assertTrue(queued > 0, "the stop came before the end: some messages went back (" + written.size() + " written)");
        QueueDrain.Result second = worker(setup, clients.sqs(), workerConfig(setup.queues().queueUrl(), Map.of())).run();
        assertEquals(new TreeSet<>(names.stream().map(QueueWorkerIT::key).toList()), csvKeys(setup.names().bucket()));
        assertEquals(queued, second.processed().size());
        System.out.println("SIGTERM to a child JVM: exit 0, " + written.size() + " CSVs written before the stop, "
                + queued + " messages back in the queue and processed by a second run (" + sent.size() + " sent)");
    }

    /** Counts, on the wire, the DeleteMessageBatch entries sent and the receives of one body. */
    private static final class WireLog implements ExecutionInterceptor {
        final AtomicInteger deleteEntries = new AtomicInteger();
        final AtomicInteger poisonReceives = new AtomicInteger();
        private final String poison;

        WireLog(String poison) {
            this.poison = poison;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof DeleteMessageBatchRequest delete) {
                deleteEntries.addAndGet(delete.entries().size());
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof ReceiveMessageResponse received) {
                received.messages().stream().filter(m -> poison.equals(m.body())).forEach(m -> poisonReceives.incrementAndGet());
            }
        }
    }

    /** Holds a Wikipedia answer until released, and says when a request arrived. */
    static final class Held implements ResponseDefinitionTransformerV2 {
        static final String NAME = "held";
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            arrived.countDown();
            try {
                released.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return serveEvent.getResponseDefinition();
        }

        void awaitArrival() throws InterruptedException {
            assertTrue(arrived.await(5, TimeUnit.MINUTES), "the slow lookup never arrived");
        }

        void release() {
            released.countDown();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}

package org.fangsentiment.benchmarks;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.logging.MetricsLog;
import org.fangsentiment.producer.Producer;
import org.fangsentiment.producer.ProducerContinuationHandler;
import org.fangsentiment.producer.ProducerHandler;
import org.fangsentiment.producer.ProducerResult;
import org.fangsentiment.stack.EmbeddedAwsStack;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.stack.ResourceSetup;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.LogCapture;
import org.joda.time.DateTime;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The producer at scale, with latency: the real handlers ({@link ProducerHandler} for the schedule,
 * {@link ProducerContinuationHandler} for each continuation, as Lambda's event source would call it,
 * up to {@code MAX_FAN_OUT} at once) against the embedded stack, every SQS call of the producer
 * delayed by {@code --sqs-latency-ms} (an SDK interceptor sleeping before the request is sent, as a
 * network round trip would keep the calling thread), each invocation given {@code --timeout-seconds}.
 * What SQS accepted is counted on the wire (sent, duplicates); invalid items are the sum of the
 * invocations' {@code Invalid} metrics. The baseline is the same handler in the same JVM with one
 * {@code SendMessageBatch} in flight per segment (the producer before issue 32), over its first
 * invocation only (its per-invocation rate is the figure compared). Both are measured after a
 * warm-up run ({@code --warm-up-items}, default the smaller of the table and 100,000; 0 for none) over
 * a table and queues of its own: without it the first measured run paid the JIT of the whole stack
 * (ElasticMQ's CPU per message falls from about 400 to 120 us over its first 100,000 messages) and
 * the baseline, measured second, found it warm, which understated the ratio. After each run a line gives its
 * CPU seconds by thread group ({@link ThreadCpu}): the producer's threads (what a Lambda invocation
 * pays), ElasticMQ, the DynamoDB emulator, and the rest (GC, JIT). Ends with one line:
 * {@code producer-scale: items N sent N invalid 0 duplicates 0 invocations I wall W s; per-invocation
 * X items/s vs Y with one batch in flight (Z x)}.
 */
public final class ProducerScaleBenchmark {

    private ProducerScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // As the template's JAVA_TOOL_OPTIONS for the producer: keep a connection per call in flight
        // (the JDK keeps 5 idle ones per host, so more calls in flight would open a connection each).
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
        // One logger context for the whole JVM: ElasticMQ asks SLF4J for a logger for every message it
        // stores, and Log4j's default selector walks the caller's stack for each (2.5 % of this JVM's CPU
        // in the profile, all of it emulator work). Set before anything logs; the producer logs per invocation.
        if (System.getProperty("log4j2.contextSelector") == null) {
            System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.selector.BasicContextSelector");
        }
        int items = 200_000;
        int latencyMs = 20;
        int timeoutSeconds = 60;
        Integer warmUpItems = null;
        ProducerConfig.Scaling scaling = ProducerConfig.Scaling.DEFAULT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--items" -> items = Integer.parseInt(args[++i]);
                case "--sqs-latency-ms" -> latencyMs = Integer.parseInt(args[++i]);
                case "--timeout-seconds" -> timeoutSeconds = Integer.parseInt(args[++i]);
                case "--warm-up-items" -> warmUpItems = Integer.parseInt(args[++i]);
                case "--in-flight" -> scaling = scaling.withSendInFlight(Integer.parseInt(args[++i]));
                case "--fan-out" -> scaling = scaling.withFanOut(Integer.parseInt(args[++i]), scaling.itemsPerChain());
                case "--items-per-chain" -> scaling = scaling.withFanOut(scaling.maxFanOut(), Integer.parseInt(args[++i]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --items N --sqs-latency-ms L --timeout-seconds T [--warm-up-items W] [--in-flight K]"
                        + " [--fan-out F] [--items-per-chain C]");
            }
        }
        if (timeoutSeconds <= 10) {
            throw new IllegalArgumentException("--timeout-seconds must be above the producer's 10 s deadline reserve");
        }
        int warmUp = warmUpItems != null ? warmUpItems : Math.min(items, 100_000);
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up-items must be 0 or more");
        }
        // ElasticMQ, not our SqsServer: this benchmark's CPU breakdown and its recorded figures name ElasticMQ.
        try (EmbeddedAwsStack stack = EmbeddedAwsStack.start(EmbeddedAwsStack.Emulators.REFERENCE);
             LogCapture log = new LogCapture()) {
            if (warmUp > 0) {
                String warmUpTable = "fang-scale-warm-up";
                createTable(stack.clients(), warmUpTable);
                fill(stack.clients(), warmUpTable, warmUp);
                Run warm = run(stack, log, warmUpTable, "warm-up", scaling, latencyMs, timeoutSeconds, false);
                warm.print("warm-up (not compared)");
                // Its messages are not needed again; free the emulator's memory for the measured runs.
                purgeWorkQueue(stack.clients().sqs(), "warm-up");
            }
            String table = "fang-scale";
            createTable(stack.clients(), table);
            long loadStart = System.nanoTime();
            fill(stack.clients(), table, items);
            System.out.printf("table: %d items loaded in %.1f s; SQS latency %d ms per call; timeout %d s; "
                            + "%d segments per invocation, fan-out up to %d (one chain per %d items)%n", items,
                    (System.nanoTime() - loadStart) / 1e9, latencyMs, timeoutSeconds,
                    ProducerConfig.DEFAULT_SCAN_SEGMENTS, scaling.maxFanOut(), scaling.itemsPerChain());

            Run ours = run(stack, log, table, "ours", scaling, latencyMs, timeoutSeconds, false);
            ours.print("in flight " + scaling.sendInFlight());
            // One chain, so that its first invocation is the scheduled one and does work.
            Run baseline = run(stack, log, table, "baseline", scaling.withSendInFlight(1).withFanOut(1, scaling.itemsPerChain()),
                    latencyMs, timeoutSeconds, true);
            baseline.print("in flight 1 (first invocation)");
            System.out.printf("producer-scale: items %d sent %d invalid %d duplicates %d invocations %d wall %.1f s; "
                            + "per-invocation %.0f items/s vs %.0f with one batch in flight (%.1fx)%n",
                    items, ours.distinct, ours.invalid, ours.accepted - ours.distinct, ours.invocations, ours.wallSeconds,
                    ours.perInvocation(), baseline.perInvocation(), ours.perInvocation() / baseline.perInvocation());
        }
    }

    /** One run's figures. */
    private record Run(long distinct, long accepted, long invalid, int invocations, int failed, double wallSeconds,
                       double busySeconds, long sentInInvocations, ThreadCpu.Split cpu) {
        double perInvocation() {
            return sentInInvocations / busySeconds;
        }

        /** CPU seconds on the producer's side: what a Lambda invocation would pay (emulators excluded). */
        double producerCpu() {
            return cpu.of(PRODUCER_THREADS) + cpu.of(HANDLER_THREADS);
        }

        void print(String variant) {
            System.out.printf("%-32s sent %d (%d accepted) invalid %d, %d invocations (%d failed), wall %.1f s, "
                            + "%.0f items/s per invocation%n", variant, distinct, accepted, invalid, invocations, failed,
                    wallSeconds, perInvocation());
            double producerUser = cpu.userOf(PRODUCER_THREADS) + cpu.userOf(HANDLER_THREADS);
            System.out.printf("%-32s cpu: producer %.1f s, user %.1f s (%.0f us per item sent, user %.0f; %.0f items per "
                            + "cpu-second; its code, the SDK, the benchmark's interceptor), ElasticMQ %.1f s, "
                            + "DynamoDB emulator %.1f s, GC, JIT and other %.1f s; process %.1f s in %.1f s wall "
                            + "(%.2f cores)%n", "",
                    producerCpu(), producerUser, 1e6 * producerCpu() / sentInInvocations,
                    1e6 * producerUser / sentInInvocations, sentInInvocations / producerCpu(),
                    cpu.of(ELASTICMQ_THREADS), cpu.of(DYNAMODB_THREADS),
                    cpu.processSeconds() - producerCpu() - cpu.of(ELASTICMQ_THREADS) - cpu.of(DYNAMODB_THREADS),
                    cpu.processSeconds(), wallSeconds, cpu.processSeconds() / wallSeconds);
        }
    }

    private static final String PRODUCER_THREADS = "producer";
    private static final String HANDLER_THREADS = "handler";
    private static final String ELASTICMQ_THREADS = "elasticmq";
    private static final String DYNAMODB_THREADS = "dynamodb";

    /** A thread's group by its name: the producer's pools, the handlers' threads, each emulator, the rest. */
    private static String groupOf(String threadName) {
        if (threadName.startsWith("scan-segment") || threadName.startsWith("sqs-send")) {
            return PRODUCER_THREADS;
        }
        if (threadName.equals("main") || threadName.startsWith("pool-")) {
            // The scheduled handler runs on main, each continuation on a pool thread of the event source.
            return HANDLER_THREADS;
        }
        if (threadName.startsWith("elasticmq")) {
            return ELASTICMQ_THREADS;
        }
        if (threadName.startsWith("dynamodb-server")) {
            return DYNAMODB_THREADS;
        }
        return "other";
    }

    private static Run run(EmbeddedAwsStack stack, LogCapture log, String table, String name,
                           ProducerConfig.Scaling scaling, int latencyMs, int timeoutSeconds, boolean firstInvocationOnly)
            throws Exception {
        AwsClients plain = stack.clients();
        SqsClient sqs = plain.sqs();
        ResourceNames names = new ResourceNames(table, workQueue(name), "scale-out");
        new ResourceSetup(plain).ensure(names, Duration.ofMinutes(5));
        String continuation = sqs.createQueue(create -> create.queueName(workQueue(name) + "-cont")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(6 * timeoutSeconds))))
                .queueUrl();
        ProducerConfig config = names.producerConfig().withScaling(scaling.withContinuationQueue(continuation));
        Wire wire = new Wire(latencyMs);
        AwsClients delayed = AwsClients.forEndpoints(stack.endpoints(), stack.region(), wire);
        Producer producer = new Producer(delayed.dynamoDb(), delayed.sqs(), config);
        ProducerHandler scheduled = new ProducerHandler(producer);
        ProducerContinuationHandler continued = new ProducerContinuationHandler(producer);
        int mark = log.since(0).size();

        ThreadCpu threadCpu = new ThreadCpu(ProducerScaleBenchmark::groupOf);
        long start = System.nanoTime();
        AtomicLong busyNanos = new AtomicLong();
        AtomicInteger invocations = new AtomicInteger(1);
        AtomicInteger failed = new AtomicInteger();
        ScheduledEvent event = new ScheduledEvent();
        event.setTime(new DateTime(System.currentTimeMillis()));
        long t0 = System.nanoTime();
        ProducerResult first = scheduled.handleRequest(event, context(timeoutSeconds));
        busyNanos.addAndGet(System.nanoTime() - t0);
        if (first.continuations() > 0 && !(firstInvocationOnly && first.sent() > 0)) {
            // Lambda's SQS event source, up to MAX_FAN_OUT invocations at once, one message each.
            ExecutorService lambdas = Executors.newFixedThreadPool(scaling.maxFanOut());
            AtomicInteger idle = new AtomicInteger();
            List<Future<?>> pollers = new ArrayList<>();
            for (int p = 0; p < scaling.maxFanOut(); p++) {
                pollers.add(lambdas.submit(() -> poll(sqs, continuation, continued, timeoutSeconds, scaling.maxFanOut(),
                        idle, invocations, failed, busyNanos, firstInvocationOnly)));
            }
            for (Future<?> poller : pollers) {
                poller.get();
            }
            lambdas.shutdown();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        ThreadCpu.Split cpu = threadCpu.stop();
        long invalid = 0;
        for (JsonNode line : log.since(mark, LogCapture::isMetrics)) {
            invalid += LogCapture.emfMetrics(line, MetricsLog.NAMESPACE).getOrDefault(PipelineContract.INVALID_ITEMS_METRIC, 0L);
        }
        return new Run(wire.accepted.size(), wire.total(), invalid, invocations.get(), failed.get(), wall,
                busyNanos.get() / 1e9, wire.total(), cpu);
    }

    /** One Lambda poller: receive, invoke, delete; done when every poller finds the queue empty. */
    private static void poll(SqsClient sqs, String queueUrl, ProducerContinuationHandler handler, int timeoutSeconds,
                             int pollers, AtomicInteger idle, AtomicInteger invocations, AtomicInteger failed,
                             AtomicLong busyNanos, boolean once) {
        boolean counted = false;
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                if (!counted) {
                    idle.incrementAndGet();
                    counted = true;
                }
                if (idle.get() == pollers && queueEmpty(sqs, queueUrl)) {
                    return;
                }
                continue;
            }
            if (counted) {
                idle.decrementAndGet();
                counted = false;
            }
            Message message = messages.get(0);
            if (once) {
                // The baseline measures one invocation: its hand-on ends the run.
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                continue;
            }
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            SQSEvent event = new SQSEvent();
            event.setRecords(List.of(record));
            invocations.incrementAndGet();
            long t0 = System.nanoTime();
            SQSBatchResponse response = handler.handleRequest(event, context(timeoutSeconds));
            busyNanos.addAndGet(System.nanoTime() - t0);
            if (response.getBatchItemFailures().isEmpty()) {
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            } else {
                failed.incrementAndGet();
                sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                        .visibilityTimeout(0));
            }
        }
    }

    /** The work queue a run sends to, named after the run. */
    private static String workQueue(String run) {
        return "scale-" + run;
    }

    /** A table (its queue and bucket unused) for {@link #fill}. */
    private static void createTable(AwsClients clients, String table) {
        new ResourceSetup(clients).ensure(new ResourceNames(table, "scale-table-only", "scale-out"), Duration.ofMinutes(5));
    }

    private static void purgeWorkQueue(SqsClient sqs, String run) {
        String url = sqs.getQueueUrl(g -> g.queueName(workQueue(run))).queueUrl();
        sqs.purgeQueue(p -> p.queueUrl(url));
    }

    private static boolean queueEmpty(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(g -> g.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** A Lambda context whose deadline is {@code timeoutSeconds} from now, on the wall clock. */
    private static LambdaContext context(int timeoutSeconds) {
        long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
        return new LambdaContext("fang-producer", () -> deadline - System.currentTimeMillis());
    }

    /** Delays every SQS call, and counts what SQS accepted into the work queue by body. */
    private static final class Wire implements ExecutionInterceptor {
        private final int latencyMs;
        final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

        Wire(int latencyMs) {
            this.latencyMs = latencyMs;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (latencyMs > 0 && context.request().getClass().getName().contains(".sqs.")) {
                try {
                    Thread.sleep(latencyMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof SendMessageBatchRequest request
                    && context.response() instanceof SendMessageBatchResponse response) {
                Map<String, String> bodies = new HashMap<>();
                request.entries().forEach(entry -> bodies.put(entry.id(), entry.messageBody()));
                response.successful().forEach(ok -> accepted.computeIfAbsent(bodies.get(ok.id()),
                        k -> new AtomicInteger()).incrementAndGet());
            }
        }

        long total() {
            return accepted.values().stream().mapToLong(AtomicInteger::get).sum();
        }
    }

    /** Fills the table with four writers. */
    private static void fill(AwsClients clients, String table, int size) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> parts = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int from = w * size / 4;
            int to = (w + 1) * size / 4;
            parts.add(writers.submit(() -> {
                List<WriteRequest> batch = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                            PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("Company " + i),
                            PipelineContract.WIKIPEDIA_TITLE_ATTRIBUTE, AttributeValue.fromS("Company " + i + " (business)")))
                            .build()).build());
                    if (batch.size() == 25 || i == to - 1) {
                        Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(batch));
                        while (!pending.isEmpty()) {
                            Map<String, List<WriteRequest>> request = pending;
                            BatchWriteItemResponse response = clients.dynamoDb().batchWriteItem(b -> b.requestItems(request));
                            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                        }
                        batch.clear();
                    }
                }
            }));
        }
        for (Future<?> part : parts) {
            part.get();
        }
        writers.shutdown();
    }
}

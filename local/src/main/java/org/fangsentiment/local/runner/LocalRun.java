package org.fangsentiment.local.runner;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.concurrent.DaemonThreads;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.config.WorkerConfig;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.consumer.lambda.ConsumerHandler;
import org.fangsentiment.engine.SentimentEngine;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.producer.Producer;
import org.fangsentiment.producer.ProducerHandler;
import org.fangsentiment.producer.ProducerIncompleteException;
import org.fangsentiment.producer.ProducerResult;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.stack.ResourceSetup;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.worker.QueueDrain;
import org.fangsentiment.worker.QueueWorker;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One {@code fang-local run}: resources, items, the producer handler, the consumer handler fed by
 * the {@link EventSourceEmulator} (or, with {@code --consumer worker}, the {@link QueueWorker}), then the dead-letter queue, the CSVs, {@code summary.json} and
 * {@code report.html}. The sentiment model loads and the Wikipedia site is chosen in the background
 * while the stack starts and the producer runs.
 */
final class LocalRun {

    /** The consumer "Lambda"'s timeout: the context's remaining time starts here. */
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(90);
    /** A failed message is received again after this (SQS would wait the rest of its visibility timeout). */
    static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    /** The producer "Lambda"'s timeout. */
    static final Duration PRODUCER_TIMEOUT = Duration.ofMinutes(15);
    /** Companies listed on the console; summary.json and report.html have them all. */
    static final int CONSOLE_ROWS = 40;

    /**
     * @param concurrency consumer batches in flight at once
     * @param scoringThreads threads that process records, shared by every batch in flight (the worker's
     *     {@code WORKER_PARALLELISM} unless that variable is set)
     * @param worker whether the queue worker drains the queue instead of the Lambda event-source emulator
     */
    record Options(List<String> endpoints, Region region, String items, String wikipedia, Path out,
                   String table, String queue, String bucket, int concurrency, int scoringThreads,
                   ConsumerConfig.Engine engine, boolean worker) {
    }

    /**
     * Seams for the fault-injection suite, identity in every real run: the consumer's configuration
     * (shorter Wikipedia timeouts), interceptors on the producer's SQS client and the consumer's S3 client,
     * and a wrapper around the consumer handler.
     */
    record Instrumentation(UnaryOperator<ConsumerConfig> config, List<ExecutionInterceptor> producerSqs,
                           List<ExecutionInterceptor> consumerS3,
                           UnaryOperator<RequestHandler<SQSEvent, SQSBatchResponse>> consumerHandler) {
        static final Instrumentation NONE = new Instrumentation(UnaryOperator.identity(), List.of(), List.of(),
                UnaryOperator.identity());
    }

    private final PrintWriter out;
    private final Instrumentation instrumentation;

    LocalRun(PrintWriter out) {
        this(out, Instrumentation.NONE);
    }

    LocalRun(PrintWriter out, Instrumentation instrumentation) {
        this.out = out;
        this.instrumentation = instrumentation;
    }

    int run(Options options) throws Exception {
        long started = System.nanoTime();
        Map<String, Long> timings = new LinkedHashMap<>();
        JvmLedger ledger = JvmLedger.start(); // where the CPU and heap went: summary.json's "jvm"
        boolean coreNlp = options.engine() == ConsumerConfig.Engine.CORENLP;
        if (coreNlp) {
            HeapCheck.requireSentimentHeap();
        }
        ProducerConfig producerBase = ProducerConfig.fromEnvironment();
        ConsumerConfig consumerBase = instrumentation.config().apply(ConsumerConfig.fromEnvironment()
                .withSentimentEngine(options.engine()));
        ResourceNames names = new ResourceNames(or(options.table(), producerBase.tableName()),
                or(options.queue(), producerBase.queueName()), or(options.bucket(), consumerBase.bucketName()));
        ProducerConfig producerConfig = producerBase.withResources(names.table(), names.queue());
        ConsumerConfig consumerConfig = consumerBase.withBucket(names.bucket());
        long stage = System.nanoTime();
        Optional<List<Map<String, AttributeValue>>> items = ItemsFile.forOption(options.items());
        timings.put("read_items", millisSince(stage));

        ExecutorService background = LogContext.propagating(
                Executors.newFixedThreadPool(2, DaemonThreads.named("fang-local-startup")));
        long modelStart = System.nanoTime();
        // Comprehend runs never load the CoreNLP model.
        AtomicLong modelReadyAt = new AtomicLong();
        CompletableFuture<Long> modelLoaded = coreNlp ? CompletableFuture.supplyAsync(() -> {
            SentimentAnalyzer.shared();
            modelReadyAt.set(millisSince(started));
            return millisSince(modelStart);
        }, background) : CompletableFuture.completedFuture(0L);
        CompletableFuture<WikipediaSource> wikipedia = CompletableFuture.supplyAsync(
                () -> WikipediaSource.resolve(options.wikipedia(), consumerConfig), background);
        stage = System.nanoTime();
        try (Backend backend = Backend.open(options.endpoints(), options.region(), out, !coreNlp,
                List.of(ledger.s3Timer()))) {
            timings.put("start_backend", millisSince(stage));
            AwsClients clients = backend.clients();

            stage = System.nanoTime();
            ResourceSetup.Queues queues = ensureResources(clients, names, backend);
            if (items.isPresent()) {
                TableItems.put(clients.dynamoDb(), names.table(), items.get());
                out.println("Put " + items.get().size() + " items into table " + names.table());
            } else {
                out.println("Using the items already in table " + names.table());
            }
            timings.put("setup_and_items", millisSince(stage));

            stage = System.nanoTime();
            ProducerResult produced = produce(backend.clients(instrumentation.producerSqs()), producerConfig);
            timings.put("producer", millisSince(stage));
            out.printf(Locale.ROOT, "Producer: run %s scanned %d items, sent %d, invalid %d (%d ms)%n",
                    produced.runId(), produced.scanned(), produced.sent(), produced.invalid(), produced.durationMs());

            WikipediaSource wiki = join(wikipedia);
            out.println("Wikipedia: " + wiki.mode() + " - " + wiki.note());
            wiki.userAgentAdvice(consumerConfig).ifPresent(advice -> out.println("WARNING: " + advice));
            SentimentEngine engine;
            if (coreNlp) {
                // The consumer starts now, beside the model: receives, messages and Wikipedia look-ups run while
                // it loads, and each record waits for it only where it scores (ModelWhenReady).
                if (!modelLoaded.isDone()) {
                    out.println("Loading the sentiment model (CoreNLP); records start beside it...");
                    out.flush();
                }
                modelLoaded.thenAccept(modelMillis -> {
                    synchronized (out) {
                        out.println("Sentiment model ready (" + modelMillis + " ms to load)");
                        out.flush();
                    }
                });
                engine = ledger.timed(new ModelWhenReady(modelLoaded.thenApply(ms -> SentimentEngines.create(
                        consumerConfig.sentimentEngine(), () -> clients.comprehend(), SentimentAnalyzer::shared))));
            } else {
                out.println("Sentiment: Amazon Comprehend API at " + backend.comprehendEndpoint()
                        + " (CoreNLP not loaded)");
                engine = ledger.timed(SentimentEngines.create(consumerConfig.sentimentEngine(),
                        () -> clients.comprehend(), SentimentAnalyzer::shared));
            }

            stage = System.nanoTime();
            AtomicLong firstBatchDone = new AtomicLong();
            Runnable batchDone = () -> firstBatchDone.compareAndSet(0, System.nanoTime());
            S3Client consumerS3 = backend.clients(instrumentation.consumerS3()).s3();
            QueueDrain.Result drained = options.worker()
                    ? work(clients, consumerS3, consumerConfig, engine, queues, wiki, options, produced.sent(), batchDone)
                    : consume(clients, consumerS3, consumerConfig, engine, queues, wiki, options, produced.sent(),
                            batchDone, ledger);
            timings.put("consumer", millisSince(stage));
            if (coreNlp) {
                // Loaded by now unless loading failed: then the run fails with the loader's error, as before.
                timings.put("model_load", join(modelLoaded));
                timings.put("model_ready", modelReadyAt.get());
            }
            if (firstBatchDone.get() != 0) {
                // Time to the first results: what a user waits for before anything is scored.
                timings.put("first_batch_done", TimeUnit.NANOSECONDS.toMillis(firstBatchDone.get() - started));
            }

            stage = System.nanoTime();
            List<RunSummary.DeadLetter> deadLetters = deadLetters(clients, queues, drained);
            timings.put("read_dead_letters", millisSince(stage));

            stage = System.nanoTime();
            Path outDir = options.out();
            List<CompanyResult> results = CsvDownload.download(clients.s3(), names.bucket(), consumerConfig.outputPrefix(),
                    produced.runId(), outDir);
            timings.put("download", millisSince(stage));
            timings.put("total", millisSince(started));

            int exitCode = deadLetters.isEmpty() ? ExitCodes.OK : ExitCodes.DEAD_LETTERS;
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("items", produced.scanned());
            counts.put("sent", produced.sent());
            counts.put("invalid", produced.invalid());
            counts.put("processed", (long) drained.processed().size());
            counts.put("csv_written", (long) results.size());
            counts.put("dead_lettered", (long) deadLetters.size());
            Map<String, String> wikiInfo = new LinkedHashMap<>();
            wikiInfo.put("mode", wiki.mode());
            wikiInfo.put("site", wiki.site().toString());
            wikiInfo.put("source", wiki.source());
            Map<String, String> resources = new LinkedHashMap<>();
            resources.put("table", names.table());
            resources.put("queue", names.queue());
            resources.put("dead_letter_queue", names.deadLetterQueue());
            resources.put("bucket", names.bucket());
            RunSummary summary = new RunSummary(produced.runId(), exitCode, backend.description(), wikiInfo, resources,
                    counts, results, deadLetters, timings, ledger.figures());
            Path summaryFile = outDir.resolve("summary.json");
            Path reportFile = outDir.resolve("report.html");
            summary.write(summaryFile);
            HtmlReport.write(summary, reportFile);
            report(summary, outDir, summaryFile, reportFile);
            return exitCode;
        } finally {
            wikipedia.whenComplete((wiki, error) -> {
                if (wiki != null) {
                    wiki.close();
                }
            });
            background.shutdown();
            ledger.close();
        }
    }

    private ResourceSetup.Queues ensureResources(AwsClients clients, ResourceNames names, Backend backend) {
        try {
            ResourceSetup.Queues queues = new ResourceSetup(clients).ensure(names,
                    new EventSourceEmulator.Settings(FUNCTION_TIMEOUT, RETRY_DELAY, 1).receiveVisibility());
            out.println("AWS: " + backend.description() + "; table " + names.table() + ", queue "
                    + names.queue() + " (dead letters: " + names.deadLetterQueue() + "), bucket "
                    + names.bucket());
            return queues;
        } catch (SdkException e) {
            throw new RunnerException("Creating the table, queues and bucket at " + backend.description()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private ProducerResult produce(AwsClients clients, ProducerConfig config) {
        ProducerHandler handler = new ProducerHandler(new Producer(clients.dynamoDb(), clients.sqs(), config));
        try {
            return handler.handleRequest(new ScheduledEvent(), LambdaContext.counting("fang-local-producer", PRODUCER_TIMEOUT));
        } catch (ProducerIncompleteException e) {
            throw new RunnerException("The producer could not send every item: " + e.getMessage(), e);
        }
    }

    private QueueDrain.Result consume(AwsClients clients, S3Client s3, ConsumerConfig config,
                                               SentimentEngine engine, ResourceSetup.Queues queues,
                                               WikipediaSource wiki, Options options, long sent, Runnable onBatch,
                                               JvmLedger ledger)
            throws InterruptedException {
        int concurrency = options.concurrency();
        ConsumerConfig consumerConfig = config.withWikipediaSite(wiki.site());
        CompanyProcessor processor = CompanyProcessor.create(consumerConfig, s3, engine, wiki.source(), Clock.systemUTC());
        // One pool for every batch in flight (see RunCommand for its size). Lambda sizes its own per invocation.
        ExecutorService workers = BatchRunner.threads(options.scoringThreads());
        try {
            RequestHandler<SQSEvent, SQSBatchResponse> handler = instrumentation.consumerHandler()
                    .apply(new ConsumerHandler(processor, new BatchRunner(workers, FailureReasons.RECORDER)));
            out.println("Consumer: up to " + concurrency + " batches of up to " + QueueDrain.MAX_BATCH
                    + " in flight, " + options.scoringThreads() + " scoring threads; failed messages come back after " + RETRY_DELAY.toSeconds()
                    + " s and go to the dead-letter queue after " + PipelineContract.MAX_RECEIVE_COUNT + " receives");
            out.flush();
            EventSourceEmulator emulator = new EventSourceEmulator(clients.sqs(), queues.queueUrl(), handler,
                    new EventSourceEmulator.Settings(FUNCTION_TIMEOUT, RETRY_DELAY, concurrency), batch -> {
                        onBatch.run();
                        synchronized (out) {
                            out.printf(Locale.ROOT, "  batch %3d: %2d messages, %2d ok, %2d failed (retried), %6d ms   processed %d of %d sent%n",
                                    batch.number(), batch.records(), batch.succeeded(), batch.failed(), batch.millis(),
                                    batch.processedSoFar(), sent);
                            out.flush();
                        }
                    });
            QueueDrain.Result result = emulator.drain(sent);
            ledger.recordThreadsDone(JvmLedger.RECORD_THREADS); // BatchRunner's threads, alive until the pool ends below
            return result;
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * The consumer as the container's queue worker, in this JVM: its own receives, deletes and
     * visibility changes against the same queue; it ends when the queue is empty. Failed records come
     * back after {@link #RETRY_DELAY}, as in the Lambda mode, unless {@code WORKER_RETRY_DELAY_SECONDS} says otherwise.
     */
    private QueueDrain.Result work(AwsClients clients, S3Client s3, ConsumerConfig config,
                                            SentimentEngine engine, ResourceSetup.Queues queues, WikipediaSource wiki,
                                            Options options, long sent, Runnable batchDone) throws InterruptedException {
        ConsumerConfig consumerConfig = config.withWikipediaSite(wiki.site());
        CompanyProcessor processor = CompanyProcessor.create(consumerConfig, s3, engine, wiki.source(), Clock.systemUTC());
        Map<String, String> env = new HashMap<>();
        env.put(WorkerConfig.ENV_RETRY_DELAY_SECONDS, Long.toString(RETRY_DELAY.toSeconds()));
        env.put(WorkerConfig.ENV_WAIT_SECONDS, Integer.toString(EventSourceEmulator.IDLE_WAIT_SECONDS));
        env.put(WorkerConfig.ENV_PARALLELISM, Integer.toString(options.scoringThreads()));
        System.getenv().forEach((name, value) -> {
            if (WorkerConfig.VARIABLES.contains(name)) {
                env.put(name, value);
            }
        });
        env.put(WorkerConfig.ENV_EXIT_WHEN_EMPTY, "true"); // a local run ends when the queue is drained
        WorkerConfig workerConfig = WorkerConfig.fromMap(env).withQueueUrl(queues.queueUrl());
        out.println("Consumer: the queue worker, " + workerConfig.parallelism() + " records at once, visibility "
                + workerConfig.visibility().toSeconds() + " s (extended while a record runs); failed messages come back after "
                + workerConfig.retryDelay().toSeconds() + " s and go to the dead-letter queue after "
                + PipelineContract.MAX_RECEIVE_COUNT + " receives");
        out.flush();
        QueueWorker worker = new QueueWorker(clients.sqs(), queues.queueUrl(), processor, workerConfig, batch -> {
            batchDone.run();
            synchronized (out) {
                out.printf(Locale.ROOT, "  batch %3d: %2d messages, %2d ok, %2d failed (retried), %6d ms   processed %d of %d sent%n",
                        batch.number(), batch.records(), batch.succeeded(), batch.failed(), batch.millis(),
                        batch.processedSoFar(), sent);
                out.flush();
            }
        });
        return worker.run();
    }

    private List<RunSummary.DeadLetter> deadLetters(AwsClients clients, ResourceSetup.Queues queues,
                                                    QueueDrain.Result drained) {
        Map<String, String> inQueue = DeadLetters.read(clients.sqs(), queues.deadLetterQueueUrl());
        List<RunSummary.DeadLetter> ours = new ArrayList<>();
        int older = 0;
        for (String id : inQueue.keySet()) {
            if (drained.seen().contains(id)) {
                ours.add(new RunSummary.DeadLetter(id, drained.failureReasons().getOrDefault(id,
                        "failed " + PipelineContract.MAX_RECEIVE_COUNT + " times (no reason recorded)")));
            } else {
                older++;
            }
        }
        if (older > 0) {
            out.println("(" + older + " older messages, not from this run, are also in " + queues.deadLetterQueueUrl() + ")");
        }
        return ours;
    }

    private void report(RunSummary summary, Path outDir, Path summaryFile, Path reportFile) {
        out.println();
        out.printf(Locale.ROOT, "%-24s %-10s %-9s %7s  %s%n", "company", "status", "sentiment", "score", "csv");
        int shown = 0;
        for (CompanyResult company : summary.companies()) {
            if (shown++ == CONSOLE_ROWS) {
                out.println("... and " + (summary.companies().size() - CONSOLE_ROWS) + " more (see " + summaryFile + ")");
                break;
            }
            out.printf(Locale.ROOT, "%-24s %-10s %-9s %7s  %s%n", Console.clean(company.company(), 24),
                    Console.clean(company.status(), 10), Console.clean(company.sentiment(), 9),
                    company.score().isPresent() ? String.format(Locale.ROOT, "%.3f", company.score().getAsDouble()) : "-",
                    company.file().isEmpty() ? "(not downloaded: unsafe key)" : outDir.resolve(company.file()).toString());
        }
        for (RunSummary.DeadLetter letter : summary.deadLettered()) {
            out.println("DEAD-LETTERED " + letter.messageId() + ": " + Console.clean(letter.reason(), 200));
        }
        out.println();
        Map<String, Long> counts = summary.counts();
        out.printf(Locale.ROOT, "%d items, %d sent, %d invalid, %d processed, %d CSVs, %d dead-lettered in %.1f s%n",
                counts.get("items"), counts.get("sent"), counts.get("invalid"), counts.get("processed"),
                counts.get("csv_written"), counts.get("dead_lettered"), summary.timingsMs().get("total") / 1000.0);
        out.println("CSVs:    " + outDir.resolve(summary.companies().isEmpty() ? "" : parentOf(summary.companies().get(0).s3Key())));
        out.println("Summary: " + summaryFile);
        out.println("Report:  " + reportFile);
        if (summary.exitCode() == ExitCodes.DEAD_LETTERS) {
            out.println("Some messages ended in the dead-letter queue (exit code 3).");
        }
        out.flush();
    }

    private static String parentOf(String key) {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash + 1);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}

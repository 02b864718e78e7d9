package org.fangsentiment.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.WorkerConfig;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.consumer.lambda.ConsumerHandler;
import org.fangsentiment.local.runner.EventSourceEmulator;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.stack.EmbeddedAwsStack;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.stack.ResourceSetup;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.fangsentiment.worker.QueueDrain;
import org.fangsentiment.worker.QueueWorker;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The queue worker against the Lambda path, in one JVM on the embedded stack: the same N companies with
 * realistic leads ({@link RealisticLeads}: the dev texts of 50-130 words renamed {@code Benchco 0001}...,
 * served over HTTP by the offline Wikipedia server, so every record is really scored) drained once by {@link EventSourceEmulator} + {@link ConsumerHandler} (as {@code fang-local
 * run} does: 2 batches in flight, {@code CONSUMER_CONCURRENCY} threads each) and once by
 * {@link QueueWorker} ({@code WORKER_PARALLELISM}, default the CPUs). After a warm-up of both, the
 * measured runs alternate (Lambda, worker, worker, Lambda) and the table gives each run and the
 * worker's records/s as a ratio of the Lambda path's. Also prints the Lambda path's mean batch time per
 * record, the figure its bill is made of. {@code --quick}: 20 companies, for the CI smoke run.
 * {@code --worker-threads N} gives the worker N record threads instead of one per CPU: on a machine shared
 * with other jobs, the OS hands out CPU by runnable thread, so the Lambda path's 8 threads would get more
 * of it than the worker's 2; equal thread counts compare the two code paths.
 */
public final class WorkerBenchmark {

    private WorkerBenchmark() {
    }

    /** One drain: what it took and what it did. */
    record Run(String path, int companies, double seconds, int processed, double batchMsPerRecord) {
        double recordsPerSecond() {
            return processed / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        // One INFO line per record would drown the table.
        org.apache.logging.log4j.core.config.Configurator.setLevel("org.fangsentiment", org.apache.logging.log4j.Level.WARN);
        int companies = quick ? 20 : intArg(args, 1000);
        int workerThreads = option(args, "--worker-threads", Runtime.getRuntime().availableProcessors());
        int warmup = quick ? 10 : Math.min(100, Math.max(10, companies / 4));
        try (EmbeddedAwsStack stack = EmbeddedAwsStack.start();
             OfflineWikipediaServer wikipedia = OfflineWikipediaServer.startServing(
                     RealisticLeads.of(Math.max(companies, warmup)))) {
            AwsClients clients = AwsClients.forEndpoints(stack.endpoints(), stack.region());
            SentimentAnalyzer.shared();
            ConsumerConfig config = ConsumerConfig.defaults().withWikipediaSite(wikipedia.baseUri());
            System.out.printf(Locale.ROOT, "worker benchmark: %d companies (realistic leads) per run, %d CPUs, Lambda path %d"
                            + " batches x %d threads, worker %d threads%n", companies,
                    Runtime.getRuntime().availableProcessors(), 2, config.consumerConcurrency(),
                    workerThreads);
            int[] round = {0};
            drain("lambda", warmup, clients, config, wikipedia, round, workerThreads);
            drain("worker", warmup, clients, config, wikipedia, round, workerThreads);
            List<Run> runs = new ArrayList<>();
            for (String path : List.of("lambda", "worker", "worker", "lambda")) {
                runs.add(drain(path, companies, clients, config, wikipedia, round, workerThreads));
            }
            System.out.printf(Locale.ROOT, "%-7s %9s %9s %10s %10s %18s%n", "path", "companies", "seconds", "processed",
                    "records/s", "batch ms/record");
            Map<String, double[]> sums = new HashMap<>();
            for (Run r : runs) {
                System.out.printf(Locale.ROOT, "%-7s %9d %9.1f %10d %10.1f %18s%n", r.path(), r.companies(), r.seconds(),
                        r.processed(), r.recordsPerSecond(),
                        r.batchMsPerRecord() > 0 ? String.format(Locale.ROOT, "%.1f", r.batchMsPerRecord()) : "");
                double[] s = sums.computeIfAbsent(r.path(), k -> new double[3]);
                s[0] += r.recordsPerSecond();
                s[1] += r.batchMsPerRecord();
                s[2]++;
            }
            double lambda = sums.get("lambda")[0] / sums.get("lambda")[2];
            double worker = sums.get("worker")[0] / sums.get("worker")[2];
            System.out.printf(Locale.ROOT, "mean records/s: Lambda path %.1f, worker %.1f (%.2fx); worker %.2f records/s"
                            + " per CPU; Lambda path mean batch time per record %.1f ms%n", lambda, worker, worker / lambda,
                    worker / Runtime.getRuntime().availableProcessors(),
                    sums.get("lambda")[1] / sums.get("lambda")[2]);
            for (Run r : runs) {
                if (r.processed() != companies) {
                    throw new IllegalStateException(r.path() + " processed " + r.processed() + " of " + companies);
                }
            }
        }
    }

    private static Run drain(String path, int companies, AwsClients clients, ConsumerConfig base,
                             OfflineWikipediaServer wikipedia, int[] round, int workerThreads)
            throws InterruptedException {
        int n = ++round[0];
        ResourceNames names = new ResourceNames("fang-bench-" + n, "producer-bench-" + n, "fang-bench-" + n);
        ResourceSetup.Queues queues = new ResourceSetup(clients).ensure(names, Duration.ofSeconds(100));
        ConsumerConfig config = base.withBucket(names.bucket());
        send(clients, queues.queueUrl(), companies);
        CompanyProcessor processor = CompanyProcessor.create(config, clients.s3(), SentimentEngines.coreNlp(), "realistic-leads",
                Clock.systemUTC());
        long start = System.nanoTime();
        if (path.equals("worker")) {
            WorkerConfig worker = WorkerConfig.fromMap(Map.of(WorkerConfig.ENV_WAIT_SECONDS, "1",
                    WorkerConfig.ENV_EXIT_WHEN_EMPTY, "true", WorkerConfig.ENV_PARALLELISM, Integer.toString(workerThreads)))
                    .withQueueUrl(queues.queueUrl());
            QueueDrain.Result result = new QueueWorker(clients.sqs(), queues.queueUrl(), processor, worker, b -> { })
                    .run();
            return new Run(path, companies, (System.nanoTime() - start) / 1e9, result.processed().size(), 0);
        }
        int batches = 2;
        ExecutorService threads = BatchRunner.threads(config.consumerConcurrency() * batches);
        try {
            ConcurrentLinkedQueue<long[]> batchTimes = new ConcurrentLinkedQueue<>();
            EventSourceEmulator emulator = new EventSourceEmulator(clients.sqs(), queues.queueUrl(),
                    new ConsumerHandler(processor, new BatchRunner(threads)),
                    new EventSourceEmulator.Settings(Duration.ofSeconds(90), Duration.ofSeconds(1), batches),
                    b -> batchTimes.add(new long[] {b.millis(), b.records()}));
            QueueDrain.Result result = emulator.drain();
            double seconds = (System.nanoTime() - start) / 1e9;
            long ms = batchTimes.stream().mapToLong(t -> t[0]).sum();
            long records = batchTimes.stream().mapToLong(t -> t[1]).sum();
            return new Run(path, companies, seconds, result.processed().size(), records == 0 ? 0 : (double) ms / records);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void send(AwsClients clients, String queueUrl, int companies) {
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < companies; i++) {
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i % 10))
                    .messageBody("{\"name\":\"" + RealisticLeads.name(i + 1) + "\"}").build());
            if (batch.size() == 10 || i == companies - 1) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                var response = clients.sqs().sendMessageBatch(send -> send.queueUrl(queueUrl).entries(entries));
                if (!response.failed().isEmpty()) {
                    throw new IllegalStateException("sending failed: " + response.failed());
                }
                batch.clear();
            }
        }
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, int fallback) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i > 0 && args[i - 1].startsWith("--")) {
                continue; // an option's value
            }
            if (a.matches("[0-9]+")) {
                return Integer.parseInt(a);
            }
        }
        return fallback;
    }
}

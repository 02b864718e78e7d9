package org.fangsentiment.local.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fangsentiment.config.ConsumerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fang-local run}: the whole pipeline once, then the results on disk. See {@link LocalRun}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Puts the items into the table, invokes the real producer handler, feeds the queue to the "
                + "real consumer handler as Lambda's event source mapping does, then downloads the CSVs and writes "
                + "summary.json and report.html.",
                "Exit code: 0 every sent message was processed; 3 some ended in the dead-letter queue; 1 error."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = {"AWS-compatible endpoint (LocalStack, moto, ...) instead of the embedded stack. "
                    + "One URL for all services, or repeat as dynamodb=URL, sqs=URL, s3=URL, comprehend=URL."})
    List<String> endpoints = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "corenlp|comprehend",
            description = "Sentiment engine (default: SENTIMENT_ENGINE, else corenlp). comprehend calls Amazon "
                    + "Comprehend's API at the --endpoint (or comprehend=URL), else the embedded stack's "
                    + "Comprehend-compatible server; CoreNLP is then not loaded.")
    String engine;

    @Option(names = "--region", paramLabel = "R", description = "Region (default: AWS_REGION, else us-east-1).")
    String region;

    @Option(names = "--items", paramLabel = "FILE|none",
            description = "JSON array of table items to put first (default: the bundled FANG sample); "
                    + "'none' uses what the table holds.")
    String items;

    @Option(names = "--wikipedia", paramLabel = "auto|offline|generated|URL", defaultValue = "auto",
            description = "auto (default): the live site if it answers within 2 s, else the bundled offline "
                    + "summaries; offline: only those; generated: those plus a generated summary for any other "
                    + "name; a URL: any server speaking the REST API.")
    String wikipedia;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Where the CSVs, summary.json and report.html go (default: out).")
    Path out;

    @Option(names = "--table", paramLabel = "NAME", description = "Table name (default: TABLE_NAME, else fang).")
    String table;

    @Option(names = "--queue", paramLabel = "NAME",
            description = "Queue name; the dead-letter queue is NAME-dlq (default: QUEUE_NAME, else producer).")
    String queue;

    @Option(names = "--bucket", paramLabel = "NAME",
            description = "Bucket name (default: BUCKET_NAME, else fang-sentiment-local).")
    String bucket;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "2",
            description = "Consumer batches in flight at once, like concurrent Lambda invocations (default: 2).")
    int concurrency;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that process records, shared by the batches in flight (default: the cores available "
                    + "for corenlp; CONSUMER_CONCURRENCY x --concurrency for comprehend).")
    Integer threads;

    @Option(names = "--consumer", paramLabel = "lambda|worker", defaultValue = "lambda",
            description = {"lambda (default): the consumer handler fed by an emulation of Lambda's SQS event source; "
                    + "worker: the queue worker of the container image (org.fangsentiment.worker), in this JVM, "
                    + "configured by the WORKER_* variables (see docs/worker.md)."})
    String consumer;

    @Option(names = "--verbose", description = "Pipeline logs (JSON, on stderr) at INFO instead of WARN.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1) {
            throw new RunnerException("--concurrency must be at least 1");
        }
        if (!consumer.equals("lambda") && !consumer.equals("worker")) {
            throw new RunnerException("--consumer must be lambda or worker, was '" + Console.clean(consumer, 40) + "'");
        }
        ConsumerConfig.Engine chosen;
        ConsumerConfig environment;
        try {
            environment = ConsumerConfig.fromEnvironment();
            chosen = engine == null || engine.isBlank() ? environment.sentimentEngine()
                    : ConsumerConfig.Engine.parse(engine, "--engine");
        } catch (IllegalArgumentException e) {
            throw new RunnerException(e.getMessage(), e);
        }
        // CoreNLP is CPU-bound: one record thread per core (more only adds switching: docs/benchmarks.md).
        // Comprehend is I/O-bound and batches the texts that wait together: Lambda's threads per batch in flight.
        int scoringThreads = threads != null ? threads : chosen == ConsumerConfig.Engine.CORENLP
                ? Runtime.getRuntime().availableProcessors() : environment.consumerConcurrency() * concurrency;
        if (scoringThreads < 1) {
            throw new RunnerException("--threads must be at least 1");
        }
        LocalRun.Options options = new LocalRun.Options(endpoints, Regions.of(region), items, wikipedia, out,
                table, queue, bucket, concurrency, scoringThreads, chosen, consumer.equals("worker"));
        return new LocalRun(spec.commandLine().getOut()).run(options);
    }
}

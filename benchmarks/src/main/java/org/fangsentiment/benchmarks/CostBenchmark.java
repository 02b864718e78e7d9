package org.fangsentiment.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * Cost on paper: the AWS bill per 1,000 companies, from the durations {@code consumer} measured (read from its
 * results file) and the producer's measured rate, at the public arm64 prices below, for several consumer memory
 * sizes (Lambda's CPU share grows with memory: one full vCPU at 1,769 MB).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar cost [--results FILE] [--fetch-ms MS] [--producer-items-per-s N]}.
 * Nothing here is measured on AWS: every assumption is printed with the table.
 */
public final class CostBenchmark {

    // -------------------------------------------------------------------------------------------- prices
    // AWS public price list, us-east-1, as known to the author (2025). Update these constants, and the date, when
    // the price pages change; free tiers are ignored (they are per account, not per run).
    static final String PRICE_SOURCE = "AWS public price list, us-east-1, as known in 2025 (free tiers ignored)";
    /** Lambda, arm64, duration: USD per GB-second (first 7.5 billion GB-s a month). */
    static final double LAMBDA_ARM64_PER_GB_SECOND = 0.0000133334;
    /** Lambda requests: USD per invocation ($0.20 per million). */
    static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
    /** SQS standard queue: USD per request ($0.40 per million; each 64 KB chunk of a payload is one request). */
    static final double SQS_PER_REQUEST = 0.40 / 1_000_000;
    /** S3 Standard PUT/COPY/POST/LIST: USD per request ($0.005 per 1,000). */
    static final double S3_PER_PUT = 0.005 / 1_000;
    /** DynamoDB on-demand: USD per read request unit ($0.125 per million). */
    static final double DYNAMODB_PER_RRU = 0.125 / 1_000_000;
    /** CloudWatch Logs ingestion: USD per GB. */
    static final double LOGS_PER_GB = 0.50;

    // -------------------------------------------------------------------------------------------- the deployment
    /** Lambda gives a function one full vCPU at this memory size; its CPU share is proportional to memory. */
    static final double MB_PER_VCPU = 1769;
    static final int CONSUMER_MEMORY_MB = 2048;                       // template.yaml, ConsumerFunction
    static final int[] CONSUMER_MEMORY_ALTERNATIVES = {1536, 2048, 3008, 4096};
    static final int PRODUCER_MEMORY_MB = 1024;                       // template.yaml, ProducerFunction
    static final int BATCH_SIZE = 10;                                 // SQS event source BatchSize
    static final int CONSUMER_CONCURRENCY = 4;                        // CONSUMER_CONCURRENCY: records at once
    static final int CONSUMER_CONTAINERS = 5;                         // ConsumerMaxConcurrency default
    static final int COMPANIES = 1_000;

    // -------------------------------------------------------------------------------------------- assumptions
    /** Wikipedia lookup per company (search + summary), external I/O, not measured here. */
    static final double DEFAULT_FETCH_MS = 400;
    /** Producer: items/s measured by {@code producer} at 25,000 items (docs/benchmarks.md, 2026-11-29). */
    static final double DEFAULT_PRODUCER_ITEMS_PER_S = 6_426;
    /** Producer init (not measured; a JVM with the AWS SDK, no models). */
    static final double PRODUCER_INIT_S = 1.5;
    /** Log bytes per company (a few JSON lines). */
    static final double LOG_BYTES_PER_COMPANY = 1_000;
    /** Bytes of one company item in the table, for the scan's read units. */
    static final double ITEM_BYTES = 200;

    private CostBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of("benchmarks/target/consumer-results.properties");
        double fetchMs = DEFAULT_FETCH_MS;
        double producerRate = DEFAULT_PRODUCER_ITEMS_PER_S;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--results" -> results = Path.of(args[++i]);
                case "--fetch-ms" -> fetchMs = Double.parseDouble(args[++i]);
                case "--producer-items-per-s" -> producerRate = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: cost [--results FILE] [--fetch-ms MS] [--producer-items-per-s N]");
                    System.exit(2);
                }
            }
        }
        Properties measured;
        double scoreMs;
        double initMs;
        try {
            measured = measured(results);
            // CPU time, not wall time: this machine's other jobs inflate wall time; a Lambda's vCPU share is its own.
            scoreMs = number(measured, "dev_mean_cpu_ms");
            initMs = number(measured, "cold_handler_ready_c2_ms");
        } catch (IllegalArgumentException e) {
            // No figures made up in their place: the bill is only as good as the measurement it starts from.
            System.err.println("cost: " + e.getMessage());
            System.exit(2);
            return;
        }
        String source = results + " (consumer run of " + measured.getProperty("date", "?")
                + ("true".equals(measured.getProperty("quick")) ? ", --quick: NOT representative" : "") + ")";
        print(source, scoreMs, initMs, fetchMs, producerRate);
    }

    /** The consumer benchmark's results; a missing file is an error that says how to make it. */
    static Properties measured(Path results) throws IOException {
        if (!Files.isRegularFile(results)) {
            throw new IllegalArgumentException("no " + results + ": run 'java -jar benchmarks/target/benchmarks.jar"
                    + " consumer' first (it writes the figures this bill is computed from), or name them with --results");
        }
        Properties measured = new Properties();
        try (Reader r = Files.newBufferedReader(results)) {
            measured.load(r);
        }
        return measured;
    }

    /** A measured figure; one the results file lacks is an error naming it, never a silent default. */
    static double number(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.equals("n/a")) {
            throw new IllegalArgumentException("the consumer results have no figure " + key
                    + ": run the consumer benchmark again with this version");
        }
        return Double.parseDouble(v);
    }

    /** One consumer configuration's bill for {@link #COMPANIES} companies. */
    record Consumer(int memoryMb, double vcpu, double scoreMsOnLambda, double billedSeconds, double gbSeconds,
                    double compute, double requests) {
        double total() {
            return compute + requests;
        }
    }

    /**
     * Per batch of {@link #BATCH_SIZE}: the CPU work (records x time per summary on one vCPU) spread over
     * min(concurrency, vCPUs), plus the Wikipedia rounds (ceil(batch / concurrency) x fetch), added without overlap
     * (an upper bound: in reality one worker fetches while another scores). Plus one init per container.
     */
    static Consumer consumer(int memoryMb, double scoreMs, double initMs, double fetchMs) {
        double vcpu = memoryMb / MB_PER_VCPU;
        double parallel = Math.min(CONSUMER_CONCURRENCY, vcpu);
        double batches = Math.ceil((double) COMPANIES / BATCH_SIZE);
        double cpuPerBatch = BATCH_SIZE * scoreMs / parallel;
        double ioPerBatch = Math.ceil((double) BATCH_SIZE / CONSUMER_CONCURRENCY) * fetchMs;
        // Init is CPU-bound too (model deserialisation): slower below one vCPU, no faster above (single-threaded).
        double init = CONSUMER_CONTAINERS * initMs / Math.min(1, vcpu);
        double billed = (batches * (cpuPerBatch + ioPerBatch) + init) / 1000;
        double gbs = billed * memoryMb / 1024.0;
        return new Consumer(memoryMb, vcpu, scoreMs / Math.min(1, vcpu), billed, gbs,
                gbs * LAMBDA_ARM64_PER_GB_SECOND, batches * LAMBDA_PER_REQUEST);
    }

    private static void print(String source, double scoreMs, double initMs, double fetchMs, double producerRate) {
        System.out.printf(Locale.ROOT, "cost on paper: AWS bill per %,d companies, arm64%n", COMPANIES);
        System.out.printf(Locale.ROOT, "prices: %s: Lambda $%.10f per GB-s, $%.2f per 1M requests; SQS $%.2f per 1M requests;%n"
                        + "        S3 PUT $%.3f per 1,000; DynamoDB on-demand $%.3f per 1M RRU; CloudWatch Logs $%.2f per GB%n",
                PRICE_SOURCE, LAMBDA_ARM64_PER_GB_SECOND, LAMBDA_PER_REQUEST * 1e6, SQS_PER_REQUEST * 1e6,
                S3_PER_PUT * 1000, DYNAMODB_PER_RRU * 1e6, LOGS_PER_GB);
        System.out.printf(Locale.ROOT, "measured: %s%n", source);
        System.out.printf(Locale.ROOT, "  warm time per summary (dev-set mean CPU time of the scoring thread, one core here): %.1f ms; "
                + "cold start to handler ready: %.0f ms%n", scoreMs, initMs);
        System.out.printf(Locale.ROOT, "assumed: Wikipedia lookup %.0f ms per company (external, not measured); one Lambda vCPU = one core "
                + "here;%n  batch %d, %d records at once, %d containers each cold-started once per run (init billed, SnapStart ignored); "
                + "fetch and scoring added without overlap (upper bound)%n",
                fetchMs, BATCH_SIZE, CONSUMER_CONCURRENCY, CONSUMER_CONTAINERS);

        System.out.printf(Locale.ROOT, "%nconsumer Lambda by memory size%n");
        System.out.printf(Locale.ROOT, "%8s %6s %12s %12s %10s %12s %12s %12s %8s%n", "MB", "vCPU", "ms/summary",
                "billed s", "GB-s", "compute $", "requests $", "total $", "vs 2048");
        Consumer base = consumer(CONSUMER_MEMORY_MB, scoreMs, initMs, fetchMs);
        for (int mb : CONSUMER_MEMORY_ALTERNATIVES) {
            Consumer c = consumer(mb, scoreMs, initMs, fetchMs);
            System.out.printf(Locale.ROOT, "%8d %6.2f %12.1f %12.1f %10.1f %12.5f %12.5f %12.5f %7.2fx%n", mb, c.vcpu(),
                    c.scoreMsOnLambda(), c.billedSeconds(), c.gbSeconds(), c.compute(), c.requests(), c.total(),
                    c.total() / base.total());
        }
        Consumer cpuOnly = consumer(CONSUMER_MEMORY_MB, scoreMs, initMs, 0);
        System.out.printf(Locale.ROOT, "  at 2048 MB without the Wikipedia wait (scoring and init only): %.1f billed s, $%.5f: "
                + "the lookup is %.0f %% of the consumer's bill%n", cpuOnly.billedSeconds(), cpuOnly.total(),
                100 * (1 - cpuOnly.total() / base.total()));

        // Producer: one invocation per run; its time per company from the measured rate.
        double producerSeconds = COMPANIES / producerRate + PRODUCER_INIT_S;
        double producerCompute = producerSeconds * PRODUCER_MEMORY_MB / 1024.0 * LAMBDA_ARM64_PER_GB_SECOND;
        double producer = producerCompute + LAMBDA_PER_REQUEST;
        // SQS: producer SendMessageBatch (10 per call) + GetQueueUrl/GetQueueAttributes; event source
        // ReceiveMessage (at least one per batch) + DeleteMessageBatch (one per batch).
        double batches = Math.ceil((double) COMPANIES / BATCH_SIZE);
        double sqsRequests = batches + 2 + batches + batches;
        double sqs = sqsRequests * SQS_PER_REQUEST;
        double s3 = COMPANIES * S3_PER_PUT;
        double rru = Math.ceil(COMPANIES * ITEM_BYTES / 4096) * 0.5; // eventually consistent scan
        double dynamo = rru * DYNAMODB_PER_RRU;
        double logs = COMPANIES * LOG_BYTES_PER_COMPANY / 1e9 * LOGS_PER_GB;
        double total = base.total() + producer + sqs + s3 + dynamo + logs;

        System.out.printf(Locale.ROOT, "%nwhole run per %,d companies (consumer at %d MB)%n", COMPANIES, CONSUMER_MEMORY_MB);
        System.out.printf(Locale.ROOT, "%-80s %12s %7s%n", "item", "USD", "share");
        row("consumer Lambda (above)", base.total(), total);
        row(String.format(Locale.ROOT, "producer Lambda, %d MB, %.2f s (%.0f items/s measured locally + %.1f s init)",
                PRODUCER_MEMORY_MB, producerSeconds, producerRate, PRODUCER_INIT_S), producer, total);
        row(String.format(Locale.ROOT, "SQS, %.0f requests (send batches, receives, delete batches)", sqsRequests), sqs, total);
        row(String.format(Locale.ROOT, "S3, %,d PUTs (one CSV per company)", COMPANIES), s3, total);
        row(String.format(Locale.ROOT, "DynamoDB scan, %.1f RRU (%.0f-byte items)", rru, ITEM_BYTES), dynamo, total);
        row(String.format(Locale.ROOT, "CloudWatch Logs, %.0f bytes per company", LOG_BYTES_PER_COMPANY), logs, total);
        row("total", total, total);
        // An idle event source still long-polls: about 5 pollers x 3 ReceiveMessage per minute (20 s waits).
        double idlePerDay = 5 * 3 * 60 * 24 * SQS_PER_REQUEST;
        System.out.printf(Locale.ROOT, "not per company: the SQS event source's idle long polling, about %,d requests a day = $%.4f a day "
                + "(approximate; AWS does not publish the poller count)%n", 5 * 3 * 60 * 24, idlePerDay);
    }

    private static void row(String what, double usd, double total) {
        System.out.printf(Locale.ROOT, "%-80s %12.6f %6.1f%%%n", what, usd, 100 * usd / total);
    }
}

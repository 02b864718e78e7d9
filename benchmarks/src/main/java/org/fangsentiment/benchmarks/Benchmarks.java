package org.fangsentiment.benchmarks;

import java.util.Arrays;

/**
 * Entry point of {@code benchmarks.jar}: {@code java -jar benchmarks/target/benchmarks.jar producer [sizes...]},
 * {@code ... consumer [--quick]}, {@code ... cost [--results FILE]}, {@code ... e2e [--quick] [--realistic [N]]},
 * {@code ... stack [runs]}, {@code ... scaling [--quick]}, {@code ... worker [N|--quick]}.
 * Each benchmark prints a table and its figures as ratios against a baseline measured in the same run.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: benchmarks producer [items ...] | producer-scale --items N --sqs-latency-ms L --timeout-seconds T [--warm-up-items W] | consumer [--quick] | cost [--results FILE] | e2e [--quick] [--realistic [N]] | stack [runs] | scaling [--quick] | worker [N|--quick]");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "producer" -> ProducerBenchmark.main(rest);
            case "producer-scale" -> ProducerScaleBenchmark.main(rest);
            case "consumer" -> ConsumerBenchmark.main(rest);
            case "cost" -> CostBenchmark.main(rest);
            case "e2e" -> EndToEndBenchmark.main(rest);
            case "stack" -> StackStartBenchmark.main(rest);
            case "scaling" -> ScalingBenchmark.main(rest);
            case "worker" -> WorkerBenchmark.main(rest);
            default -> {
                System.err.println("unknown benchmark: " + args[0]);
                System.exit(2);
            }
        }
    }
}

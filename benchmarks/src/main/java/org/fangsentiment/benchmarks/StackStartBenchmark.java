package org.fangsentiment.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.fangsentiment.stack.EmbeddedAwsStack;

/**
 * Start time of the embedded AWS stack in fresh JVMs: {@code java -jar benchmarks/target/benchmarks.jar stack [runs]}.
 * Each run is a new process ({@link #probe}) that starts the stack, makes one call to each service through new SDK
 * clients and prints both times; the table gives the median and the range.
 */
public final class StackStartBenchmark {

    private StackStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        String jar = Path.of(StackStartBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Long> starts = new ArrayList<>();
        List<Long> firstCalls = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Process process = new ProcessBuilder(javaBin, "-cp", jar, StackStartBenchmark.class.getName() + "$Probe")
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("probe failed:\n" + output);
            }
            String line = output.lines().filter(l -> l.startsWith("STACK ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no result in:\n" + output));
            String[] parts = line.split(" ");
            starts.add(Long.parseLong(parts[1]));
            firstCalls.add(Long.parseLong(parts[2]));
        }
        System.out.printf(Locale.ROOT, "embedded stack, %d fresh JVMs: start median %d ms (%d-%d), "
                        + "start + first call to each service median %d ms (%d-%d)%n", runs, median(starts),
                Collections.min(starts), Collections.max(starts), median(firstCalls), Collections.min(firstCalls),
                Collections.max(firstCalls));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** One measurement, in its own JVM. */
    public static final class Probe {
        private Probe() {
        }

        public static void main(String[] args) {
            System.setProperty("log4j2.level", "WARN");
            long begin = System.nanoTime();
            try (EmbeddedAwsStack stack = EmbeddedAwsStack.start()) {
                var clients = stack.clients();
                clients.dynamoDb().listTables();
                clients.sqs().listQueues();
                clients.s3().listBuckets();
                System.out.println("STACK " + stack.startTime().toMillis() + " "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            }
        }
    }
}

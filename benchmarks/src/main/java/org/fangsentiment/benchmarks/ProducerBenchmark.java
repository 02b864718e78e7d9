package org.fangsentiment.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.config.ProducerConfig;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.producer.Producer;
import org.fangsentiment.producer.ProducerResult;
import org.fangsentiment.stack.EmbeddedAwsStack;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.stack.ResourceSetup;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The producer against a seed-style baseline in the embedded stack, same process, same data:
 * the baseline makes one unpaginated scan and a {@code GetQueueUrl} plus a {@code SendMessage} per
 * item, as the Python demo did. Prints items/s, SQS calls per item (counted by an SDK interceptor),
 * and checks that the queue received one message per item sent.
 */
public final class ProducerBenchmark {

    private ProducerBenchmark() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        try (EmbeddedAwsStack stack = EmbeddedAwsStack.start()) {
            System.out.printf("%-9s %-9s %8s %8s %10s %10s %12s %10s%n",
                    "items", "variant", "scanned", "sent", "seconds", "items/s", "SQS calls/item", "received");
            for (int size : sizes) {
                Row baseline = run(stack, size, true);
                Row ours = run(stack, size, false);
                baseline.print(size, "seed");
                ours.print(size, "ours");
                System.out.printf("%-9d ratio: %.1fx items/s, %.1fx fewer SQS calls per item (floor %.2f calls/item, ours %.3f)%n",
                        size, ours.itemsPerSecond() / baseline.itemsPerSecond(),
                        baseline.callsPerItem() / ours.callsPerItem(), 0.1, ours.callsPerItem());
            }
        }
    }

    record Row(long scanned, long sent, double seconds, long sqsCalls, long received) {
        double itemsPerSecond() {
            return sent / seconds;
        }

        double callsPerItem() {
            return sent == 0 ? 0 : (double) sqsCalls / sent;
        }

        void print(int size, String variant) {
            System.out.printf("%-9d %-9s %8d %8d %10.2f %10.0f %12.3f %10d%n",
                    size, variant, scanned, sent, seconds, itemsPerSecond(), callsPerItem(), received);
        }
    }

    private static Row run(EmbeddedAwsStack stack, int size, boolean seedStyle) {
        String suffix = (seedStyle ? "seed" : "ours") + size;
        ResourceNames names = new ResourceNames("fang-" + suffix, "producer-" + suffix, "out-" + suffix);
        new ResourceSetup(stack.clients()).ensure(names, Duration.ofMinutes(5));
        ProducerConfig config = names.producerConfig();
        seed(stack.clients(), config.tableName(), size);
        SqsCallCounter counter = new SqsCallCounter();
        AwsClients counted = AwsClients.forEndpoints(stack.endpoints(), stack.region(), counter);
        long start = System.nanoTime();
        long scanned;
        long sent;
        if (seedStyle) {
            long[] counts = seedStyleRun(counted, config);
            scanned = counts[0];
            sent = counts[1];
        } else {
            ProducerResult result = new Producer(counted.dynamoDb(), counted.sqs(), config).run(Instant.now(), () -> Long.MAX_VALUE);
            scanned = result.scanned();
            sent = result.sent();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String url = stack.clients().sqs().getQueueUrl(get -> get.queueName(config.queueName())).queueUrl();
        long received = Long.parseLong(stack.clients().sqs().getQueueAttributes(get -> get.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        if (received != sent) {
            throw new IllegalStateException(suffix + ": queue holds " + received + " messages, " + sent + " were sent");
        }
        return new Row(scanned, sent, seconds, counter.sqsCalls(), received);
    }

    /** What the seed demo did: one Scan call (no pagination), then GetQueueUrl + SendMessage per item. */
    private static long[] seedStyleRun(AwsClients clients, ProducerConfig config) {
        var items = clients.dynamoDb().scan(scan -> scan.tableName(config.tableName())).items();
        long sent = 0;
        for (Map<String, AttributeValue> item : items) {
            String url = clients.sqs().getQueueUrl(get -> get.queueName(config.queueName())).queueUrl();
            clients.sqs().sendMessage(send -> send.queueUrl(url).messageBody(ItemJson.toJsonText(item)));
            sent++;
        }
        return new long[] {items.size(), sent};
    }

    private static void seed(AwsClients clients, String table, int size) {
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                    PipelineContract.KEY_ATTRIBUTE, AttributeValue.fromS("Company " + i),
                    PipelineContract.WIKIPEDIA_TITLE_ATTRIBUTE, AttributeValue.fromS("Company " + i + " (business)"),
                    "rank", AttributeValue.fromN(Integer.toString(i)))).build()).build());
            if (batch.size() == 25 || i == size - 1) {
                List<WriteRequest> request = List.copyOf(batch);
                clients.dynamoDb().batchWriteItem(write -> write.requestItems(Map.of(table, request)));
                batch.clear();
            }
        }
    }

    /** Counts calls to SQS, whatever the operation. */
    private static final class SqsCallCounter implements ExecutionInterceptor {
        private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME), k -> new AtomicLong())
                    .incrementAndGet();
        }

        long sqsCalls() {
            return calls.getOrDefault("Sqs", new AtomicLong()).get();
        }
    }
}

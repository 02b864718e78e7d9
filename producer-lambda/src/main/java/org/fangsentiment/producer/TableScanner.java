package org.fangsentiment.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.fangsentiment.concurrent.DaemonThreads;
import org.fangsentiment.logging.LogContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads a whole table with a parallel scan: {@code TotalSegments} workers, one per segment, each
 * following {@code LastEvaluatedKey} page by page (the seed demo made one unpaginated call and so
 * silently stopped at 1 MB). Only the named attributes are read: a {@code ProjectionExpression}
 * with a {@code #placeholder} for each, since some (such as {@code name}) are DynamoDB reserved
 * words. Never writes to the table. The workers log with the calling thread's log context.
 */
public final class TableScanner {

    /** Receives one segment's pages in order; closed after the segment's last page. */
    public interface SegmentSink extends AutoCloseable {
        void accept(List<Map<String, AttributeValue>> page);

        @Override
        void close();
    }

    /**
     * How a scan ended.
     *
     * @param scanned items read
     * @param pages scan calls made
     * @param complete false when {@code keepGoing} stopped it before the end of the table
     */
    public record Outcome(long scanned, long pages, boolean complete) {
    }

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final int segments;
    private final Integer pageLimit;
    private final String projection;
    private final Map<String, String> attributeNames;

    /**
     * @param attributes the attributes to read (at least one); an item lacking one is read without it
     * @param pageLimit items per scan call, or null for DynamoDB's own 1 MB pages
     */
    public TableScanner(DynamoDbClient dynamoDb, String tableName, List<String> attributes, int segments,
                        Integer pageLimit) {
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1");
        }
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("at least one attribute to read");
        }
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.segments = segments;
        this.pageLimit = pageLimit;
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            names.put("#a" + i, attributes.get(i));
        }
        this.attributeNames = Map.copyOf(names);
        this.projection = String.join(", ", names.keySet());
    }

    /**
     * Scans every segment in parallel, handing each page to that segment's sink. Before each page
     * it asks {@code keepGoing}; when that says no, the scan stops and reports itself incomplete.
     * If a segment fails, the others still finish, then the first failure is thrown.
     */
    public Outcome scan(IntFunction<SegmentSink> sinks, BooleanSupplier keepGoing) {
        AtomicLong scanned = new AtomicLong();
        AtomicLong pages = new AtomicLong();
        AtomicInteger stopped = new AtomicInteger();
        // The segments log (invalid items, sends) with the caller's run id and request id.
        ExecutorService workers = LogContext.propagating(
                Executors.newFixedThreadPool(segments, DaemonThreads.named("scan-segment")));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                int s = segment;
                running.add(workers.submit(() -> {
                    try (SegmentSink sink = sinks.apply(s)) {
                        if (!scanSegment(s, sink, keepGoing, scanned, pages)) {
                            stopped.incrementAndGet();
                        }
                    }
                }));
            }
            awaitAll(running);
        } finally {
            workers.shutdownNow();
        }
        return new Outcome(scanned.get(), pages.get(), stopped.get() == 0);
    }

    private boolean scanSegment(int segment, SegmentSink sink, BooleanSupplier keepGoing,
                                AtomicLong scanned, AtomicLong pages) {
        Map<String, AttributeValue> startKey = null;
        do {
            if (!keepGoing.getAsBoolean()) {
                return false;
            }
            Map<String, AttributeValue> from = startKey;
            ScanResponse page = dynamoDb.scan(scan -> scan.tableName(tableName)
                    .segment(segment).totalSegments(segments).limit(pageLimit).exclusiveStartKey(from)
                    .projectionExpression(projection).expressionAttributeNames(attributeNames));
            pages.incrementAndGet();
            scanned.addAndGet(page.items().size());
            sink.accept(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return true;
    }

    private static void awaitAll(List<Future<?>> running) {
        RuntimeException failure = null;
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while scanning", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

package org.fangsentiment.producer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
     * Where a segment's scan goes on from.
     *
     * @param segment the segment number, below the scan's total segments
     * @param startKey the {@code ExclusiveStartKey} of its next page, or null for the segment's start
     */
    public record Position(int segment, Map<String, AttributeValue> startKey) {
        public Position {
            if (segment < 0) {
                throw new IllegalArgumentException("segment must not be negative, was " + segment);
            }
            startKey = startKey == null ? null : Map.copyOf(startKey);
        }

        /** The start of {@code segment}. */
        public static Position start(int segment) {
            return new Position(segment, null);
        }
    }

    /**
     * How a scan ended.
     *
     * @param scanned items read
     * @param pages scan calls made
     * @param unfinished where each segment that {@code keepGoing} stopped goes on from, in segment
     *     order; every page before it was handed to the segment's sink
     */
    public record Outcome(long scanned, long pages, List<Position> unfinished) {
        public Outcome {
            unfinished = List.copyOf(unfinished);
        }

        /** True when every segment reached its end. */
        public boolean complete() {
            return unfinished.isEmpty();
        }
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
        List<Position> all = new ArrayList<>();
        for (int segment = 0; segment < segments; segment++) {
            all.add(Position.start(segment));
        }
        return scan(segments, all, sinks, keepGoing);
    }

    /**
     * Scans the given segments of a {@code totalSegments} parallel scan in parallel, each from its
     * position, as {@link #scan(IntFunction, BooleanSupplier)} does; the outcome says where each
     * segment that was stopped goes on from.
     */
    public Outcome scan(int totalSegments, List<Position> from, IntFunction<SegmentSink> sinks,
                        BooleanSupplier keepGoing) {
        for (Position position : from) {
            if (position.segment() >= totalSegments) {
                throw new IllegalArgumentException("segment " + position.segment() + " of " + totalSegments);
            }
        }
        if (from.isEmpty()) {
            return new Outcome(0, 0, List.of());
        }
        AtomicLong scanned = new AtomicLong();
        AtomicLong pages = new AtomicLong();
        Map<Integer, Position> stopped = new java.util.concurrent.ConcurrentSkipListMap<>();
        // The segments log (invalid items, sends) with the caller's run id and request id.
        ExecutorService workers = LogContext.propagating(
                Executors.newFixedThreadPool(from.size(), DaemonThreads.named("scan-segment")));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Position position : from) {
                running.add(workers.submit(() -> {
                    try (SegmentSink sink = sinks.apply(position.segment())) {
                        Position rest = scanSegment(totalSegments, position, sink, keepGoing, scanned, pages);
                        if (rest != null) {
                            stopped.put(rest.segment(), rest);
                        }
                    }
                }));
            }
            awaitAll(running);
        } finally {
            workers.shutdownNow();
        }
        return new Outcome(scanned.get(), pages.get(), new ArrayList<>(stopped.values()));
    }

    /** Scans one segment from its position; returns where it stopped, or null at its end. */
    private Position scanSegment(int totalSegments, Position position, SegmentSink sink, BooleanSupplier keepGoing,
                                 AtomicLong scanned, AtomicLong pages) {
        int segment = position.segment();
        Map<String, AttributeValue> startKey = position.startKey();
        do {
            if (!keepGoing.getAsBoolean()) {
                return new Position(segment, startKey);
            }
            Map<String, AttributeValue> from = startKey;
            ScanResponse page = dynamoDb.scan(scan -> scan.tableName(tableName)
                    .segment(segment).totalSegments(totalSegments).limit(pageLimit).exclusiveStartKey(from)
                    .projectionExpression(projection).expressionAttributeNames(attributeNames));
            pages.incrementAndGet();
            scanned.addAndGet(page.items().size());
            sink.accept(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return null;
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

package org.fangsentiment.local.runner;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.fangsentiment.engine.Scored;
import org.fangsentiment.engine.SentimentEngine;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Where one run's CPU and memory went, from the JVM's own MXBeans, for the {@code jvm} section of
 * {@code summary.json}: the thread CPU spent scoring and writing to S3 on the record threads (so that their total,
 * which only a sampler outside sees, can be split), the heap allocated by the whole process (from the heap in use
 * before and after every collection) and by the record threads, the collections and the JIT's time.
 * The clocks cost about a microsecond per call, a few per record.
 */
final class JvmLedger implements AutoCloseable {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ExecutionAttribute<Long> CPU_AT_START = new ExecutionAttribute<>("fang-local-cpu-at-start");

    /** The name prefix of BatchRunner's record threads. */
    static final String RECORD_THREADS = "consumer-";

    private final AtomicLong scoringNanos = new AtomicLong();
    private final AtomicLong s3Nanos = new AtomicLong();
    private final AtomicLong allocated = new AtomicLong();
    private final Set<String> heapPools;
    private final List<NotificationEmitter> emitters;
    private final NotificationListener listener = this::onCollection;
    private long usedAfterLastGc;
    private volatile long recordThreadsAllocated = -1;

    private JvmLedger() {
        heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        emitters = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(NotificationEmitter.class::isInstance).map(NotificationEmitter.class::cast).toList();
        synchronized (this) {
            usedAfterLastGc = heapUsed();
        }
        emitters.forEach(e -> e.addNotificationListener(listener, null, null));
    }

    /** Starts counting allocation now (collections from here on). */
    static JvmLedger start() {
        return new JvmLedger();
    }

    /** The engine, with the thread CPU of every {@link SentimentEngine#score} call counted as scoring. */
    SentimentEngine timed(SentimentEngine engine) {
        return new SentimentEngine() {
            @Override
            public String id() {
                return engine.id();
            }

            @Override
            public Scored score(String text) {
                long start = THREADS.getCurrentThreadCpuTime();
                try {
                    return engine.score(text);
                } finally {
                    scoringNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
                }
            }
        };
    }

    /**
     * Counts the calling thread's CPU from before an S3 call to its end (sync clients run both on the caller), for
     * calls made on the record threads ({@code consumer-N}): the consumer's writes, not the setup or the download.
     */
    ExecutionInterceptor s3Timer() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("S3".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                        && Thread.currentThread().getName().startsWith(RECORD_THREADS)) {
                    attributes.putAttribute(CPU_AT_START, THREADS.getCurrentThreadCpuTime());
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                done(attributes);
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                done(attributes);
            }

            private void done(ExecutionAttributes attributes) {
                Long start = attributes.getAttribute(CPU_AT_START);
                if (start != null) {
                    s3Nanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
                }
            }
        };
    }

    /** Reads the heap allocated by the live threads whose names start with {@code prefix} (before their pool ends). */
    void recordThreadsDone(String prefix) {
        long sum = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith(prefix)) {
                sum += Math.max(0, THREADS.getThreadAllocatedBytes(e.getKey().getId()));
            }
        }
        recordThreadsAllocated = sum;
    }

    private synchronized void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        // Allocated since the last collection: what is in use before this one, less what the last one left.
        allocated.addAndGet(Math.max(0, heapUsed(info.getMemoryUsageBeforeGc()) - usedAfterLastGc));
        usedAfterLastGc = heapUsed(info.getMemoryUsageAfterGc());
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }

    private long heapUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    /** The figures for summary.json, in ms and bytes. */
    synchronized Map<String, Long> figures() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("scoring_cpu_ms", scoringNanos.get() / 1_000_000);
        out.put("s3_write_cpu_ms", s3Nanos.get() / 1_000_000);
        out.put("allocated_bytes", allocated.get() + Math.max(0, heapUsed() - usedAfterLastGc));
        if (recordThreadsAllocated >= 0) {
            out.put("record_threads_allocated_bytes", recordThreadsAllocated);
        }
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        out.put("gc_count", count);
        out.put("gc_ms", millis);
        if (ManagementFactory.getCompilationMXBean() != null) {
            out.put("jit_ms", ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
        }
        out.put("process_cpu_ms", ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000);
        return out;
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Never added: nothing to remove.
            }
        }
    }
}

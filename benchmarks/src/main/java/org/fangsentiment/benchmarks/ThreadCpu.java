package org.fangsentiment.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fangsentiment.concurrent.DaemonThreads;

/**
 * Where a benchmark's CPU goes, by thread group: every 100 ms it reads the CPU time of every live
 * thread, keeping each thread's last reading, so that threads which end during the measurement
 * (the producer's per-invocation pools) still count, less at most their last 100 ms. The process's
 * own CPU time gives what no Java thread holds (GC, JIT). Readings are the JVM's per-thread CPU
 * clocks, not samples.
 */
final class ThreadCpu implements AutoCloseable {

    /** CPU seconds per group (user and system, and user alone), and the process's total over the same span. */
    record Split(Map<String, Double> seconds, Map<String, Double> userSeconds, double processSeconds) {
        double of(String group) {
            return seconds.getOrDefault(group, 0.0);
        }

        /** The group's CPU in user mode: its own code, without the kernel's (socket calls, on loopback both ends). */
        double userOf(String group) {
            return userSeconds.getOrDefault(group, 0.0);
        }

        /** The process's CPU that no Java thread accounts for (GC and JIT threads, mostly). */
        double unaccounted() {
            return processSeconds - seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Function<String, String> grouping;
    /** Thread id to {first reading, last reading, first user reading, last user reading}; firsts are 0 for threads born after the start. */
    private final Map<Long, long[]> readings = new ConcurrentHashMap<>();
    private final Map<Long, String> groups = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("thread-cpu"));
    private final long processStart;

    /** Starts reading; {@code grouping} names a thread's group from its name. */
    ThreadCpu(Function<String, String> grouping) {
        this.grouping = grouping;
        this.processStart = os.getProcessCpuTime();
        read(true);
        ticker.scheduleAtFixedRate(() -> read(false), 100, 100, TimeUnit.MILLISECONDS);
    }

    private synchronized void read(boolean first) {
        long[] ids = threads.getAllThreadIds();
        long[] cpu = threads.getThreadCpuTime(ids);
        long[] user = threads.getThreadUserTime(ids);
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] < 0 || user[i] < 0) {
                continue;
            }
            long id = ids[i];
            long[] reading = readings.get(id);
            if (reading == null) {
                var info = threads.getThreadInfo(id);
                if (info == null) {
                    continue;
                }
                groups.put(id, grouping.apply(info.getThreadName()));
                readings.put(id, new long[] {first ? cpu[i] : 0, cpu[i], first ? user[i] : 0, user[i]});
            } else {
                reading[1] = cpu[i];
                reading[3] = user[i];
            }
        }
    }

    /** Stops reading and returns the split since construction. */
    Split stop() {
        ticker.shutdownNow();
        read(false);
        double process = (os.getProcessCpuTime() - processStart) / 1e9;
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Double> userSeconds = new LinkedHashMap<>();
        readings.forEach((id, reading) -> {
            seconds.merge(groups.get(id), (reading[1] - reading[0]) / 1e9, Double::sum);
            userSeconds.merge(groups.get(id), (reading[3] - reading[2]) / 1e9, Double::sum);
        });
        return new Split(seconds, userSeconds, process);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}

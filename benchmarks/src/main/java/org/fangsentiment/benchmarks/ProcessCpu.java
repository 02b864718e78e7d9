package org.fangsentiment.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The CPU a child process spends, read from outside it, so that the child runs unchanged: its process total
 * (user and system) from this JVM's own {@code /proc/self/stat} children counters once the child has been reaped,
 * and CPU by thread from sampling the child's {@code /proc/<pid>/task/<tid>/stat} every {@link #PERIOD_MS} ms,
 * keeping the last value seen per thread. A thread that ends between two samples loses its last interval, and
 * one that lives less than an interval is never seen: the difference between the process total and the sum of
 * the threads is reported as the unattributed remainder. Linux only ({@link #available()}).
 */
final class ProcessCpu {

    /** How often the child's threads are read: short enough to see short-lived threads, cheap (a few ms each). */
    static final long PERIOD_MS = 150;
    private static final Path SELF_STAT = Path.of("/proc/self/stat");

    /** CPU of one process: user and system ms, wall ms from launch to exit, peak resident set in MB. */
    record Usage(long userMs, long systemMs, long wallMs, long peakRssMb) {
        long cpuMs() {
            return userMs + systemMs;
        }
    }

    /** The last reading of one thread. */
    private record ThreadTicks(String name, long userTicks, long systemTicks) {
    }

    private final long pid;
    private final long ticksPerSecond;
    private final Map<Long, ThreadTicks> threads = new ConcurrentHashMap<>();
    private final long[] childrenBefore;
    private final long launchNanos;
    private volatile boolean stopped;
    private volatile long peakRssKb;
    private final Thread sampler;

    private ProcessCpu(Process process, long launchNanos) {
        this.launchNanos = launchNanos;
        this.pid = process.pid();
        this.ticksPerSecond = ticksPerSecond();
        this.childrenBefore = childrenTicks();
        this.sampler = new Thread(this::sampleUntilStopped, "process-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Whether this system has the {@code /proc} files read here. */
    static boolean available() {
        return Files.isReadable(SELF_STAT);
    }

    /**
     * Starts sampling a child just started. Its total is read from this JVM's counters of reaped children, so no
     * other child of this JVM may end and be waited for until {@link #finish} (the child itself is not reaped
     * before its {@link Process#waitFor}, so reading the counters after its start is exact).
     */
    static ProcessCpu watch(Process process, long launchNanos) {
        return new ProcessCpu(process, launchNanos);
    }

    private void sampleUntilStopped() {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        while (!stopped) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
                for (Path task : dir) {
                    read(task);
                }
                readPeakRss();
            } catch (IOException | RuntimeException e) {
                // The process ended (or a thread did) while being read: the last values stand.
            }
            try {
                Thread.sleep(PERIOD_MS); // a sampling period, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String name = stat.substring(open + 1, close);
            // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
            String[] fields = stat.substring(close + 2).split(" ");
            long user = Long.parseLong(fields[11]);
            long system = Long.parseLong(fields[12]);
            threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, user, system));
        } catch (NoSuchFileException e) {
            // The thread ended between listing and reading.
        } catch (IOException | RuntimeException e) {
            // Same: a half-gone thread.
        }
    }

    private void readPeakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmHWM:")) {
                peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("\\D", "")));
            }
        }
    }

    /**
     * Called after the child exited and {@link Process#waitFor} returned: stops sampling and reads the child's
     * total from this JVM's children counters (the reaped child's user and system time).
     */
    Usage finish() throws InterruptedException {
        long wall = (System.nanoTime() - launchNanos) / 1_000_000;
        stopped = true;
        sampler.interrupt();
        sampler.join();
        long[] after = childrenTicks();
        return new Usage(ms(after[0] - childrenBefore[0]), ms(after[1] - childrenBefore[1]), wall, peakRssKb / 1024);
    }

    /** CPU ms by group (user + system), in the order the groups were first met, plus what no thread accounts for. */
    Map<String, Long> byGroup(Function<String, String> group, Usage total) {
        Map<String, Long> ticks = new TreeMap<>();
        long sum = 0;
        for (ThreadTicks t : threads.values()) {
            ticks.merge(group.apply(t.name()), t.userTicks() + t.systemTicks(), Long::sum);
            sum += t.userTicks() + t.systemTicks();
        }
        Map<String, Long> ms = new LinkedHashMap<>();
        ticks.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> ms.put(e.getKey(), ms(e.getValue())));
        ms.put(UNATTRIBUTED, total.cpuMs() - ms(sum));
        return ms;
    }

    /** The group of CPU no sampled thread accounts for (threads that ended between samples, or too short to see). */
    static final String UNATTRIBUTED = "unattributed (threads ended between samples)";

    private long ms(long ticks) {
        return ticks * 1000 / ticksPerSecond;
    }

    /** This JVM's cutime and cstime: CPU of its reaped children, in clock ticks. */
    private static long[] childrenTicks() {
        try {
            String stat = Files.readString(SELF_STAT, StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 16 and 17 of proc(5), counted from field 3 here.
            return new long[] {Long.parseLong(fields[13]), Long.parseLong(fields[14])};
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + SELF_STAT, e);
        }
    }

    private static long ticksPerSecond() {
        // USER_HZ is 100 on every Linux architecture Java runs on (proc(5)); getconf would start another child.
        return 100;
    }

    /** Formats a by-group table: ms, share of the process total. */
    static String table(Map<String, Long> groups, Usage total, List<String> keep) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : groups.entrySet()) {
            if (keep.isEmpty() || keep.contains(e.getKey())) {
                out.append(String.format(Locale.ROOT, "  %-64s %7.1f s %5.1f %%%n", e.getKey(), e.getValue() / 1000.0,
                        100.0 * e.getValue() / Math.max(1, total.cpuMs())));
            }
        }
        return out.toString();
    }
}

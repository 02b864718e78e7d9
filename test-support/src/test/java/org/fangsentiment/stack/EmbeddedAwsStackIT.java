package org.fangsentiment.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The embedded stack itself: loopback only, usable, and gone without a trace after close. */
class EmbeddedAwsStackIT {

    @ParameterizedTest
    @EnumSource(EmbeddedAwsStack.Emulators.class)
    void bindsToLoopbackAndLeavesNoNonDaemonThreadsAfterClose(EmbeddedAwsStack.Emulators emulators) {
        Set<Thread> before = nonDaemonThreads();
        URI dynamo;
        URI sqs;
        URI s3;
        try (EmbeddedAwsStack stack = EmbeddedAwsStack.start(emulators)) {
            assertEquals(emulators, stack.emulators());
            sqs = stack.endpoints().sqs();
            s3 = stack.endpoints().s3();
            dynamo = stack.endpoints().dynamoDb();
            for (URI endpoint : new URI[] {dynamo, stack.endpoints().sqs(), stack.endpoints().s3()}) {
                assertEquals("127.0.0.1", endpoint.getHost(), endpoint.toString());
            }
            assertTrue(stack.clients().dynamoDb().listTables().tableNames().isEmpty());
            assertTrue(stack.clients().sqs().listQueues().queueUrls().isEmpty());
            assertTrue(stack.clients().s3().listBuckets().buckets().isEmpty());
        }
        // Shutdown is asynchronous inside ElasticMQ and Jetty: wait for it, bounded.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<Thread> lingering = lingering(before);
        while (!lingering.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            lingering = lingering(before);
        }
        assertEquals(Set.of(), lingering.stream().map(Thread::getName).collect(Collectors.toSet()));
        assertTrue(!accepts(dynamo), "DynamoDB server still accepts connections after close");
        assertTrue(!accepts(sqs), "SQS emulator still accepts connections after close");
        assertTrue(!accepts(s3), "S3 emulator still accepts connections after close");
    }

    private static Set<Thread> lingering(Set<Thread> before) {
        Set<Thread> now = nonDaemonThreads();
        now.removeAll(before);
        return now;
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isDaemon() && t.isAlive())
                .collect(Collectors.toSet());
    }

    private static boolean accepts(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

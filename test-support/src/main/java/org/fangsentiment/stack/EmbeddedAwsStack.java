package org.fangsentiment.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.fangsentiment.aws.AwsClients;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.regions.Region;

/**
 * DynamoDB, SQS and S3 in this JVM, on loopback and free ports, for the local runner and the tests:
 * {@link DynamoDbServer} (ours, see there why), ElasticMQ (SQS, with redrive policies) and S3Proxy
 * (S3, transient in-memory store, AWS signature v4 with the emulator credentials of
 * {@link AwsClients}). The three start in parallel; if one fails, the ones already started are
 * closed before the error is thrown, so no non-daemon thread keeps the JVM alive. A run that scores
 * with Comprehend asks for a fourth, {@link ComprehendServer}.
 */
public final class EmbeddedAwsStack implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(EmbeddedAwsStack.class);
    private static final String LOOPBACK = "127.0.0.1";

    private final Deque<AutoCloseable> started;
    private final AwsClients.Endpoints endpoints;
    private final Region region;
    private final Duration startTime;
    private final ComprehendServer comprehend;

    private EmbeddedAwsStack(Deque<AutoCloseable> started, AwsClients.Endpoints endpoints, Region region,
                             Duration startTime, ComprehendServer comprehend) {
        this.started = started;
        this.endpoints = endpoints;
        this.region = region;
        this.startTime = startTime;
        this.comprehend = comprehend;
    }

    /** Starts the three emulators in the fallback region. */
    public static EmbeddedAwsStack start() {
        return start(AwsClients.FALLBACK_REGION);
    }

    /** Starts the three emulators; queue ARNs and URLs name the given region. */
    public static EmbeddedAwsStack start(Region region) {
        return start(region, false);
    }

    /**
     * Starts the three emulators and, when {@code withComprehend}, the {@link ComprehendServer}; queue
     * ARNs and URLs name the given region.
     */
    public static EmbeddedAwsStack start(Region region, boolean withComprehend) {
        long begin = System.nanoTime();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        CompletableFuture<ComprehendServer> comprehend = withComprehend
                ? CompletableFuture.supplyAsync(EmbeddedAwsStack::startComprehend)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<DynamoDbServer> dynamo = CompletableFuture.supplyAsync(EmbeddedAwsStack::startDynamo);
        CompletableFuture<SqsHandle> sqs = CompletableFuture.supplyAsync(() -> startSqs(region));
        CompletableFuture<S3Handle> s3 = CompletableFuture.supplyAsync(EmbeddedAwsStack::startS3);
        Throwable failure = null;
        URI dynamoUri = null;
        URI sqsUri = null;
        URI s3Uri = null;
        try {
            DynamoDbServer d = join(dynamo, started);
            dynamoUri = d.endpoint();
        } catch (Throwable e) {
            failure = e;
        }
        try {
            SqsHandle q = join(sqs, started);
            sqsUri = q.endpoint;
        } catch (Throwable e) {
            failure = addSuppressed(failure, e);
        }
        try {
            S3Handle b = join(s3, started);
            s3Uri = b.endpoint;
        } catch (Throwable e) {
            failure = addSuppressed(failure, e);
        }
        ComprehendServer comprehendServer = null;
        try {
            comprehendServer = comprehend.join();
            if (comprehendServer != null) {
                started.push(comprehendServer);
            }
        } catch (CompletionException e) {
            failure = addSuppressed(failure, e.getCause() == null ? e : e.getCause());
        }
        EmbeddedAwsStack stack = new EmbeddedAwsStack(started,
                failure == null ? new AwsClients.Endpoints(dynamoUri, sqsUri, s3Uri,
                        comprehendServer == null ? null : comprehendServer.endpoint()) : null, region,
                Duration.ofNanos(System.nanoTime() - begin), comprehendServer);
        if (failure != null) {
            stack.close();
            throw new IllegalStateException("The embedded AWS stack failed to start", failure);
        }
        LOG.info("Embedded AWS stack started in {} ms: dynamodb={} sqs={} s3={} comprehend={}",
                stack.startTime.toMillis(), dynamoUri, sqsUri, s3Uri, stack.endpoints.comprehend());
        return stack;
    }

    /** Where each emulator listens. */
    public AwsClients.Endpoints endpoints() {
        return endpoints;
    }

    public Region region() {
        return region;
    }

    /** The Comprehend server, when the stack was started with one (fault injection, call counts). */
    public java.util.Optional<ComprehendServer> comprehend() {
        return java.util.Optional.ofNullable(comprehend);
    }

    /** Wall time from the call to {@link #start} until all three answered. */
    public Duration startTime() {
        return startTime;
    }

    /** SDK clients for this stack, built the same way as in production. */
    public AwsClients clients() {
        return AwsClients.forEndpoints(endpoints, region);
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed", service, e);
            }
        }
    }

    private static <T extends AutoCloseable> T join(CompletableFuture<T> future, Deque<AutoCloseable> started) {
        try {
            T service = future.join();
            started.push(service);
            return service;
        } catch (CompletionException e) {
            throw e.getCause() == null ? e : asRuntime(e.getCause());
        }
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    private static Throwable addSuppressed(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private static DynamoDbServer startDynamo() {
        try {
            return DynamoDbServer.start();
        } catch (IOException e) {
            throw new IllegalStateException("DynamoDB server failed to start", e);
        }
    }

    private static ComprehendServer startComprehend() {
        try {
            return ComprehendServer.start();
        } catch (IOException e) {
            throw new IllegalStateException("Comprehend server failed to start", e);
        }
    }

    private static SqsHandle startSqs(Region region) {
        // ElasticMQ writes its own port into queue URLs, so it needs the real port up front.
        int port = freePort();
        SQSRestServer server = SQSRestServerBuilder
                .withInterface(LOOPBACK)
                .withPort(port)
                .withServerAddress(new NodeAddress("http", LOOPBACK, port, ""))
                .withAWSRegion(region.id())
                .start();
        try {
            server.waitUntilStarted();
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw e;
        }
        return new SqsHandle(server, URI.create("http://" + LOOPBACK + ":" + port));
    }

    private static S3Handle startS3() {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://" + LOOPBACK + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4,
                        AwsClients.EMULATOR_ACCESS_KEY, AwsClients.EMULATOR_SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState())) {
                    throw new IllegalStateException("S3Proxy failed to start");
                }
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("S3Proxy failed to start", e);
        }
        return new S3Handle(proxy, URI.create("http://" + LOOPBACK + ":" + proxy.getPort()));
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // Start already failed; that error is the one to report.
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free loopback port", e);
        }
    }

    private record SqsHandle(SQSRestServer server, URI endpoint) implements AutoCloseable {
        @Override
        public void close() {
            server.stopAndWait();
        }
    }

    private record S3Handle(S3Proxy proxy, URI endpoint) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            proxy.stop();
        }
    }
}

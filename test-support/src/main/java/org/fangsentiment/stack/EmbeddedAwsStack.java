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
 * DynamoDB, SQS and S3 in this JVM, on loopback and free ports, for the local runner, the benchmarks
 * and the tests, in one of two {@link Emulators sets}:
 * <ul>
 *   <li>{@link Emulators#OURS}: {@link DynamoDbServer}, {@link SqsServer} and {@link S3Server}, small
 *       servers on the JDK's HTTP server that implement exactly what this project calls. The local
 *       runner ({@code fang-local run}) and the benchmarks use them: ElasticMQ and S3Proxy cost a
 *       1,000-company run about 6 s of running CPU and 9 s of JIT compilation of their own code
 *       (docs/benchmarks.md, issue 31).</li>
 *   <li>{@link Emulators#REFERENCE}: {@link DynamoDbServer}, ElasticMQ (SQS) and S3Proxy (S3, transient
 *       in-memory store, AWS signature v4 with the emulator credentials of {@link AwsClients}), third-party
 *       emulators that the integration tests without Docker run against ({@link AwsBackend}), so that our
 *       SQS and S3 servers are never the only thing the pipeline is tested on.</li>
 * </ul>
 * The services start in parallel; if one fails, the ones already started are closed before the error
 * is thrown, so no non-daemon thread keeps the JVM alive. A run that scores with Comprehend asks for a
 * fourth, {@link ComprehendServer}.
 */
public final class EmbeddedAwsStack implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(EmbeddedAwsStack.class);

    /** Which SQS and S3 emulators the stack runs (DynamoDB is always {@link DynamoDbServer}). */
    public enum Emulators {
        /** {@link SqsServer} and {@link S3Server}: light, for the local runner and the benchmarks. */
        OURS,
        /** ElasticMQ and S3Proxy: third-party, for the integration tests. */
        REFERENCE
    }

    private static final String LOOPBACK = "127.0.0.1";

    private final Deque<AutoCloseable> started;
    private final AwsClients.Endpoints endpoints;
    private final Region region;
    private final Duration startTime;
    private final ComprehendServer comprehend;
    private final Emulators emulators;

    private EmbeddedAwsStack(Deque<AutoCloseable> started, AwsClients.Endpoints endpoints, Region region,
                             Duration startTime, ComprehendServer comprehend, Emulators emulators) {
        this.emulators = emulators;
        this.started = started;
        this.endpoints = endpoints;
        this.region = region;
        this.startTime = startTime;
        this.comprehend = comprehend;
    }

    /** Starts our three emulators in the fallback region. */
    public static EmbeddedAwsStack start() {
        return start(Emulators.OURS);
    }

    /** Starts the given set in the fallback region. */
    public static EmbeddedAwsStack start(Emulators emulators) {
        return start(AwsClients.FALLBACK_REGION, false, emulators);
    }

    /** Starts our three emulators; queue ARNs and URLs name the given region. */
    public static EmbeddedAwsStack start(Region region) {
        return start(region, false, Emulators.OURS);
    }

    /**
     * Starts the given set of emulators and, when {@code withComprehend}, the {@link ComprehendServer};
     * queue ARNs and URLs name the given region.
     */
    public static EmbeddedAwsStack start(Region region, boolean withComprehend, Emulators emulators) {
        long begin = System.nanoTime();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        CompletableFuture<ComprehendServer> comprehend = withComprehend
                ? CompletableFuture.supplyAsync(EmbeddedAwsStack::startComprehend)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<DynamoDbServer> dynamo = CompletableFuture.supplyAsync(EmbeddedAwsStack::startDynamo);
        boolean ours = emulators == Emulators.OURS;
        CompletableFuture<Service> sqs = CompletableFuture.supplyAsync(() -> ours ? startOurSqs(region) : startSqs(region));
        CompletableFuture<Service> s3 = CompletableFuture.supplyAsync(() -> ours ? startOurS3(region) : startS3());
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
            Service q = join(sqs, started);
            sqsUri = q.endpoint;
        } catch (Throwable e) {
            failure = addSuppressed(failure, e);
        }
        try {
            Service b = join(s3, started);
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
                Duration.ofNanos(System.nanoTime() - begin), comprehendServer, emulators);
        if (failure != null) {
            stack.close();
            throw new IllegalStateException("The embedded AWS stack failed to start", failure);
        }
        LOG.info("Embedded AWS stack ({}) started in {} ms: dynamodb={} sqs={} s3={} comprehend={}",
                emulators, stack.startTime.toMillis(), dynamoUri, sqsUri, s3Uri, stack.endpoints.comprehend());
        return stack;
    }

    /** Where each emulator listens. */
    public AwsClients.Endpoints endpoints() {
        return endpoints;
    }

    /** Which SQS and S3 emulators run. */
    public Emulators emulators() {
        return emulators;
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

    private static Service startOurSqs(Region region) {
        try {
            SqsServer server = SqsServer.start(region.id());
            return new Service(server, server.endpoint());
        } catch (IOException e) {
            throw new IllegalStateException("SQS server failed to start", e);
        }
    }

    private static Service startOurS3(Region region) {
        try {
            S3Server server = S3Server.start(region.id());
            return new Service(server, server.endpoint());
        } catch (IOException e) {
            throw new IllegalStateException("S3 server failed to start", e);
        }
    }

    private static Service startSqs(Region region) {
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
        return new Service(server::stopAndWait, URI.create("http://" + LOOPBACK + ":" + port));
    }

    private static Service startS3() {
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
        return new Service(proxy::stop, URI.create("http://" + LOOPBACK + ":" + proxy.getPort()));
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

    /** A started emulator: how to stop it, and where it listens. */
    private record Service(AutoCloseable stopper, URI endpoint) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.close();
        }
    }
}

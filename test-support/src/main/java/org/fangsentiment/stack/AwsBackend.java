package org.fangsentiment.stack;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.aws.AwsClients;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS-compatible backend the integration tests run against, chosen once per JVM:
 * <ol>
 *   <li>{@code FANG_TEST_BACKEND=localstack|endpoint|embedded} forces one (and fails if it cannot start);</li>
 *   <li>else, when {@code AWS_ENDPOINT_URL} is set, that endpoint (LocalStack or moto started by hand);</li>
 *   <li>else, when a Docker engine answers and the LocalStack image is present or pullable within seconds
 *       ({@link AwsBackendDocker}), LocalStack through Testcontainers;</li>
 *   <li>else the {@link EmbeddedAwsStack} with its {@link EmbeddedAwsStack.Emulators#REFERENCE reference}
 *       emulators (ElasticMQ and S3Proxy), so that the tests hold the pipeline to third-party SQS and S3
 *       emulators rather than to our own servers, which {@code SqsServerIT}, {@code S3ServerIT} and the
 *       moto cross-checks test on their own.</li>
 * </ol>
 * The choice and its reason are logged loudly; no test skips because a backend is missing, and a Docker
 * engine that cannot get the image (no registry reachable) is a fallback, not a hang.
 */
public final class AwsBackend implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(AwsBackend.class);

    /** Which kind of backend is in use. */
    public enum Kind { LOCALSTACK, ENDPOINT, EMBEDDED }

    /**
     * The backend the environment selects, and why.
     *
     * @param kind the backend to start
     * @param reason one line for the banner
     */
    record Choice(Kind kind, String reason) {
    }

    private final Kind kind;
    private final AwsClients.Endpoints endpoints;
    private final Region region;
    private final AwsClients clients;
    private final AutoCloseable resource;

    private AwsBackend(Kind kind, AwsClients.Endpoints endpoints, Region region, AutoCloseable resource) {
        this.kind = kind;
        this.endpoints = endpoints;
        this.region = region;
        this.resource = resource;
        this.clients = AwsClients.forEndpoints(endpoints, region);
    }

    /** Starts the backend that the environment selects. */
    static AwsBackend start() {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        Choice choice = choose(System.getenv("FANG_TEST_BACKEND"), endpoint,
                () -> AwsBackendDocker.check(AwsBackendDocker.localStackImage()));
        AwsBackend backend = switch (choice.kind()) {
            case LOCALSTACK -> startLocalStack();
            case ENDPOINT -> atEndpoint(endpoint);
            case EMBEDDED -> embedded();
        };
        String banner = "==== AWS test backend: " + backend.describe() + " (" + choice.reason() + ") ====";
        System.err.println(banner);
        LOG.warn("{}", banner);
        return backend;
    }

    /** The selection rules of the class comment; {@code docker} is asked only when they get that far. */
    static Choice choose(String forced, String endpoint, Supplier<AwsBackendDocker.Verdict> docker) {
        if (forced != null && !forced.isBlank()) {
            return new Choice(Kind.valueOf(forced.trim().toUpperCase(Locale.ROOT)), "FANG_TEST_BACKEND=" + forced.trim());
        }
        if (endpoint != null && !endpoint.isBlank()) {
            return new Choice(Kind.ENDPOINT, "AWS_ENDPOINT_URL is set");
        }
        AwsBackendDocker.Verdict verdict = docker.get();
        return new Choice(verdict.usable() ? Kind.LOCALSTACK : Kind.EMBEDDED, verdict.reason());
    }

    private static AwsBackend startLocalStack() {
        String image = AwsBackendDocker.localStackImage();
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image))
                .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                        LocalStackContainer.Service.S3);
        container.start();
        return new AwsBackend(Kind.LOCALSTACK, AwsClients.Endpoints.single(container.getEndpoint()),
                Region.of(container.getRegion()), container::stop);
    }

    private static AwsBackend atEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("FANG_TEST_BACKEND=endpoint needs AWS_ENDPOINT_URL");
        }
        String region = System.getenv("AWS_REGION");
        return new AwsBackend(Kind.ENDPOINT, AwsClients.Endpoints.single(URI.create(endpoint)),
                region == null || region.isBlank() ? AwsClients.FALLBACK_REGION : Region.of(region), () -> { });
    }

    private static AwsBackend embedded() {
        EmbeddedAwsStack stack = EmbeddedAwsStack.start(EmbeddedAwsStack.Emulators.REFERENCE);
        return new AwsBackend(Kind.EMBEDDED, stack.endpoints(), stack.region(), stack);
    }

    /** The kind of backend in use. */
    public Kind kind() {
        return kind;
    }

    public String describe() {
        return kind + " " + endpoints;
    }

    public Region region() {
        return region;
    }

    public AwsClients.Endpoints endpoints() {
        return endpoints;
    }

    /** The shared production-built clients for this backend. */
    public AwsClients clients() {
        return clients;
    }

    /** New clients with interceptors (fault injection, call counting). */
    public AwsClients clients(ExecutionInterceptor... interceptors) {
        return AwsClients.forEndpoints(endpoints, region, interceptors);
    }

    /**
     * Fresh resources (unique names per call, so tests never share a table, queue or bucket),
     * created as the template would create them.
     */
    public ResourceNames freshResources(String purpose, Duration visibilityTimeout) {
        String suffix = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        ResourceNames names = new ResourceNames("fang-" + suffix, "producer-" + suffix, "fang-sentiment-" + suffix);
        new ResourceSetup(clients).ensure(names, visibilityTimeout);
        return names;
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}

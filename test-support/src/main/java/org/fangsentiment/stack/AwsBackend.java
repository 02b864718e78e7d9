package org.fangsentiment.stack;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.aws.AwsClients;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS-compatible backend the integration tests run against, chosen once per JVM:
 * <ol>
 *   <li>{@code FANG_TEST_BACKEND=localstack|endpoint|embedded} forces one (and fails if it cannot start);</li>
 *   <li>else, when {@code AWS_ENDPOINT_URL} is set, that endpoint (LocalStack or moto started by hand);</li>
 *   <li>else, when a Docker engine is reachable, LocalStack through Testcontainers;</li>
 *   <li>else the {@link EmbeddedAwsStack}.</li>
 * </ol>
 * The choice is logged loudly; no test skips because a backend is missing.
 */
public final class AwsBackend implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(AwsBackend.class);

    /** Which kind of backend is in use. */
    /** The system property naming the LocalStack image. */
    public static final String LOCALSTACK_IMAGE_PROPERTY = "fang.localstack.image";

    public enum Kind { LOCALSTACK, ENDPOINT, EMBEDDED }

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
        String forced = System.getenv("FANG_TEST_BACKEND");
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        Kind kind;
        if (forced != null && !forced.isBlank()) {
            kind = Kind.valueOf(forced.trim().toUpperCase(Locale.ROOT));
        } else if (endpoint != null && !endpoint.isBlank()) {
            kind = Kind.ENDPOINT;
        } else if (dockerAvailable()) {
            kind = Kind.LOCALSTACK;
        } else {
            kind = Kind.EMBEDDED;
        }
        AwsBackend backend = switch (kind) {
            case LOCALSTACK -> startLocalStack();
            case ENDPOINT -> atEndpoint(endpoint);
            case EMBEDDED -> embedded();
        };
        String banner = "==== AWS test backend: " + backend.describe() + " ====";
        System.err.println(banner);
        LOG.warn("{}", banner);
        return backend;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The LocalStack image, pinned once in the parent POM ({@code localstack.image}) and handed to every
     * test JVM by failsafe as {@value #LOCALSTACK_IMAGE_PROPERTY}.
     */
    public static String localStackImage() {
        String image = System.getProperty(LOCALSTACK_IMAGE_PROPERTY);
        if (image == null || image.isBlank()) {
            throw new IllegalStateException("LocalStack was chosen but -D" + LOCALSTACK_IMAGE_PROPERTY
                    + " is not set: run the tests through Maven, which sets it from the parent POM's localstack.image");
        }
        return image;
    }

    private static AwsBackend startLocalStack() {
        String image = localStackImage();
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
        EmbeddedAwsStack stack = EmbeddedAwsStack.start();
        return new AwsBackend(Kind.EMBEDDED, stack.endpoints(), stack.region(), stack);
    }

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

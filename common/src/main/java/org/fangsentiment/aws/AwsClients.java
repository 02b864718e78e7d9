package org.fangsentiment.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.comprehend.ComprehendClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK v2 clients the pipeline uses, each once, with the light URL-connection HTTP client.
 *
 * <p>{@link #fromEnvironment()} is what Lambda uses: region and credentials come from the runtime,
 * and endpoints follow the SDK's own overrides ({@code AWS_ENDPOINT_URL} and the per-service
 * {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code _SQS}, {@code _S3}, {@code _COMPREHEND}), so the same code talks to AWS,
 * LocalStack, moto or the embedded stack. {@link #forEndpoints} is the same construction with the
 * endpoints given explicitly, for the local runner and the tests, which start emulators on ports
 * known only at run time. Clients are built lazily on first use and then shared (they are thread-safe).
 */
public final class AwsClients {

    /** Region used when the environment names none (local runs only; Lambda always sets one). */
    public static final Region FALLBACK_REGION = Region.US_EAST_1;
    /** Credentials for emulators, which accept any key; they must match the S3 emulator's identity. */
    public static final String EMULATOR_ACCESS_KEY = "test";
    public static final String EMULATOR_SECRET_KEY = "test";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private final Region region;
    // Typed Object on purpose: a lambda typed with a client class would load that class (and fail
    // where the jar leaves that SDK module out) as soon as AwsClients is constructed.
    private final Memo dynamoDb;
    private final Memo sqs;
    private final Memo s3;
    private final Memo comprehend;

    /**
     * Endpoints of the services; emulators usually listen on one port each.
     *
     * @param comprehend Comprehend's endpoint, or {@code null} where the emulator offers none (the
     *     Comprehend client then cannot be built: nothing may reach the real service with the
     *     emulators' credentials)
     */
    public record Endpoints(URI dynamoDb, URI sqs, URI s3, URI comprehend) {
        public Endpoints {
            Objects.requireNonNull(dynamoDb, "dynamoDb");
            Objects.requireNonNull(sqs, "sqs");
            Objects.requireNonNull(s3, "s3");
        }

        /** DynamoDB, SQS and S3 only: no Comprehend. */
        public Endpoints(URI dynamoDb, URI sqs, URI s3) {
            this(dynamoDb, sqs, s3, null);
        }

        /** One endpoint for all services, as LocalStack and moto offer. */
        public static Endpoints single(URI endpoint) {
            return new Endpoints(endpoint, endpoint, endpoint, endpoint);
        }

        /** The same endpoints with Comprehend at {@code endpoint}. */
        public Endpoints withComprehend(URI endpoint) {
            return new Endpoints(dynamoDb, sqs, s3, endpoint);
        }
    }

    private AwsClients(Region region, Optional<Endpoints> endpoints, boolean pathStyleS3,
                       AwsCredentialsProvider credentials, ClientOverrideConfiguration overrides) {
        this.region = region;
        SdkHttpClient httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
        Settings settings = new Settings(region, credentials, httpClient, overrides);
        this.dynamoDb = new Memo(() -> DynamoDbFactory.build(settings, endpoints.map(Endpoints::dynamoDb)));
        this.sqs = new Memo(() -> SqsFactory.build(settings, endpoints.map(Endpoints::sqs)));
        this.s3 = new Memo(() -> S3Factory.build(settings, endpoints.map(Endpoints::s3), pathStyleS3));
        this.comprehend = new Memo(() -> ComprehendFactory.build(settings, endpoints.map(e -> {
            if (e.comprehend() == null) {
                throw new IllegalStateException("No Comprehend endpoint was given for these emulators");
            }
            return e.comprehend();
        })));
    }

    private static final class EnvironmentHolder {
        static final AwsClients INSTANCE = fromEnvironment(System.getenv());
    }

    /** The process-wide clients configured by the environment, built once (Lambda, SnapStart). */
    public static AwsClients fromEnvironment() {
        return EnvironmentHolder.INSTANCE;
    }

    static AwsClients fromEnvironment(Map<String, String> env) {
        String regionName = firstNonBlank(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        Region region = regionName == null ? FALLBACK_REGION : Region.of(regionName);
        // An endpoint override means an emulator: S3 must then be addressed path-style.
        boolean emulated = firstNonBlank(env.get("AWS_ENDPOINT_URL"), env.get("AWS_ENDPOINT_URL_S3")) != null;
        return new AwsClients(region, Optional.empty(), emulated,
                DefaultCredentialsProvider.builder().build(), ClientOverrideConfiguration.builder().build());
    }

    /** Clients for explicit endpoints (emulators), with the emulators' static credentials. */
    public static AwsClients forEndpoints(Endpoints endpoints, Region region, ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor interceptor : interceptors) {
            overrides.addExecutionInterceptor(interceptor);
        }
        return new AwsClients(region, Optional.of(endpoints), true,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY)),
                overrides.build());
    }

    public Region region() {
        return region;
    }

    public DynamoDbClient dynamoDb() {
        return (DynamoDbClient) dynamoDb.get();
    }

    public SqsClient sqs() {
        return (SqsClient) sqs.get();
    }

    public S3Client s3() {
        return (S3Client) s3.get();
    }

    /**
     * The Comprehend client, built without the SDK's own retries: its caller retries throttling and
     * service errors with the pipeline's {@code Backoff}, so each attempt is paced and counted once.
     */
    public ComprehendClient comprehend() {
        return (ComprehendClient) comprehend.get();
    }

    /** What every client shares: region, credentials, HTTP client, interceptors. */
    record Settings(Region region, AwsCredentialsProvider credentials, SdkHttpClient httpClient,
                    ClientOverrideConfiguration overrides) {
        <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B apply(B builder) {
            return builder.region(region).credentialsProvider(credentials).httpClient(httpClient)
                    .overrideConfiguration(overrides);
        }
    }

    /*
     * Each service's builder lives in its own class, loaded only when that client is first used,
     * so a jar may leave out the SDK modules it never calls (the consumer has no DynamoDB or SQS
     * client, the producer no S3 or Comprehend client).
     */
    private static final class DynamoDbFactory {
        static Object build(Settings settings, Optional<URI> endpoint) {
            var builder = settings.apply(DynamoDbClient.builder());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        }
    }

    private static final class SqsFactory {
        static Object build(Settings settings, Optional<URI> endpoint) {
            // The SDK's MD5 check of every sent and received body and attribute repeats what TLS already
            // guarantees on AWS's HTTPS endpoints (each record authenticated), and was 8 % of the producer's
            // CPU in the producer-scale profile (docs/benchmarks.md), so it is off.
            var builder = settings.apply(SqsClient.builder()).checksumValidationEnabled(false);
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        }
    }

    private static final class S3Factory {
        static Object build(Settings settings, Optional<URI> endpoint, boolean pathStyle) {
            var builder = settings.apply(S3Client.builder()).forcePathStyle(pathStyle);
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        }
    }

    private static final class ComprehendFactory {
        static Object build(Settings settings, Optional<URI> endpoint) {
            var builder = settings.apply(ComprehendClient.builder())
                    .overrideConfiguration(settings.overrides().toBuilder()
                            .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
            endpoint.ifPresent(builder::endpointOverride);
            return builder.build();
        }
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** Builds a value once, on first use, thread-safely. */
    private static final class Memo {
        private final Supplier<Object> factory;
        private volatile Object value;

        Memo(Supplier<Object> factory) {
            this.factory = factory;
        }

        Object get() {
            Object result = value;
            if (result == null) {
                synchronized (this) {
                    result = value;
                    if (result == null) {
                        value = result = factory.get();
                    }
                }
            }
            return result;
        }
    }
}

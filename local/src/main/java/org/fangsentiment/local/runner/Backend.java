package org.fangsentiment.local.runner;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.stack.EmbeddedAwsStack;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * Where the run's DynamoDB, SQS and S3 (and, for {@code --engine comprehend}, Comprehend) are: the
 * embedded stack started for this run (no {@code --endpoint}; our own emulators, or ElasticMQ and S3Proxy
 * with {@code FANG_EMULATORS=reference}), or an AWS-compatible endpoint
 * (LocalStack, moto, a separately started embedded stack), checked for reachability before anything
 * else is done with it.
 */
final class Backend implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MS = 2_000;
    /**
     * Which SQS and S3 emulators the embedded stack runs: {@code ours} (the default: our light servers)
     * or {@code reference} (ElasticMQ and S3Proxy, as the integration tests use).
     */
    static final String EMULATORS_ENV = "FANG_EMULATORS";

    static EmbeddedAwsStack.Emulators emulators(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("ours")) {
            return EmbeddedAwsStack.Emulators.OURS;
        }
        if (value.trim().equalsIgnoreCase("reference")) {
            return EmbeddedAwsStack.Emulators.REFERENCE;
        }
        throw new RunnerException(EMULATORS_ENV + "=" + value + ": must be ours or reference");
    }

    private final AwsClients.Endpoints endpoints;
    private final Region region;
    private final AwsClients clients;
    private final String description;
    private final AutoCloseable resource;
    private final List<ExecutionInterceptor> interceptors;

    private Backend(AwsClients.Endpoints endpoints, Region region, String description, AutoCloseable resource,
                    List<ExecutionInterceptor> interceptors) {
        this.endpoints = endpoints;
        this.region = region;
        this.interceptors = List.copyOf(interceptors);
        this.clients = AwsClients.forEndpoints(endpoints, region, this.interceptors.toArray(ExecutionInterceptor[]::new));
        this.description = description;
        this.resource = resource;
    }

    /** As below, without Comprehend. */
    static Backend open(List<String> endpointOptions, Region region, PrintWriter status) {
        return open(endpointOptions, region, status, false);
    }

    /**
     * @param endpointOptions the {@code --endpoint} values: none for the embedded stack; one URL for
     *     all services; or {@code dynamodb=URL}, {@code sqs=URL}, {@code s3=URL}, {@code comprehend=URL}
     *     (after an optional plain URL that the named ones override)
     * @param status where to say what is being started
     * @param comprehend whether the run scores with Comprehend: the embedded stack then starts its
     *     Comprehend server, and endpoints must include one for Comprehend
     */
    static Backend open(List<String> endpointOptions, Region region, PrintWriter status, boolean comprehend) {
        return open(endpointOptions, region, status, comprehend, List.of());
    }

    /** As above, with interceptors on every client (the run's own CPU accounting, {@link JvmLedger}). */
    static Backend open(List<String> endpointOptions, Region region, PrintWriter status, boolean comprehend,
                        List<ExecutionInterceptor> interceptors) {
        if (endpointOptions == null || endpointOptions.isEmpty()) {
            status.println("Starting the embedded AWS stack (DynamoDB, SQS, S3" + (comprehend ? ", Comprehend" : "")
                    + " on 127.0.0.1)...");
            status.flush();
            EmbeddedAwsStack stack = EmbeddedAwsStack.start(region, comprehend, emulators(System.getenv(EMULATORS_ENV)));
            status.println("Embedded AWS stack up in " + stack.startTime().toMillis() + " ms ("
                    + stack.emulators().name().toLowerCase(Locale.ROOT) + " SQS and S3 emulators)");
            return new Backend(stack.endpoints(), region, "embedded " + describe(stack.endpoints()), stack, interceptors);
        }
        AwsClients.Endpoints endpoints = parse(endpointOptions);
        if (comprehend && endpoints.comprehend() == null) {
            throw new RunnerException("--engine comprehend needs a Comprehend endpoint: give one --endpoint URL for "
                    + "all services, or add --endpoint comprehend=URL");
        }
        Set<URI> distinct = new LinkedHashSet<>(List.of(endpoints.dynamoDb(), endpoints.sqs(), endpoints.s3()));
        if (comprehend) {
            distinct.add(endpoints.comprehend());
        }
        for (URI uri : distinct) {
            requireReachable(uri);
        }
        return new Backend(endpoints, region, "endpoint " + describe(endpoints), () -> { }, interceptors);
    }

    static AwsClients.Endpoints parse(List<String> options) {
        URI all = null;
        URI dynamo = null;
        URI sqs = null;
        URI s3 = null;
        URI comprehend = null;
        for (String option : options) {
            String value = option.trim();
            int eq = value.indexOf('=');
            String service = eq > 0 && !value.substring(0, eq).contains(":") ? value.substring(0, eq).toLowerCase(Locale.ROOT) : null;
            URI uri = endpointUri(service == null ? value : value.substring(eq + 1).trim());
            if (service == null) {
                all = uri;
            } else {
                switch (service) {
                    case "dynamodb" -> dynamo = uri;
                    case "sqs" -> sqs = uri;
                    case "s3" -> s3 = uri;
                    case "comprehend" -> comprehend = uri;
                    default -> throw new RunnerException("--endpoint " + option
                            + ": the service must be dynamodb, sqs, s3 or comprehend (or give one URL for all)");
                }
            }
        }
        dynamo = dynamo == null ? all : dynamo;
        sqs = sqs == null ? all : sqs;
        s3 = s3 == null ? all : s3;
        comprehend = comprehend == null ? all : comprehend;
        if (dynamo == null || sqs == null || s3 == null) {
            throw new RunnerException("--endpoint: give one URL for all services, or one each for dynamodb=, sqs= and s3=");
        }
        return new AwsClients.Endpoints(dynamo, sqs, s3, comprehend);
    }

    private static URI endpointUri(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new RunnerException("--endpoint " + text + " is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw new RunnerException("--endpoint " + text + " is not an http(s) URL with a host, like http://localhost:4566");
        }
        return uri;
    }

    /** Fails with a clear message unless something accepts connections at the endpoint's host and port. */
    static void requireReachable(URI endpoint) {
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equalsIgnoreCase(endpoint.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new RunnerException("Cannot reach the AWS endpoint " + endpoint + " (" + why + "). "
                    + "Start LocalStack or moto there, or leave out --endpoint to use the embedded stack.", e);
        }
    }

    private static String describe(AwsClients.Endpoints endpoints) {
        if (endpoints.dynamoDb().equals(endpoints.sqs()) && endpoints.sqs().equals(endpoints.s3())
                && (endpoints.comprehend() == null || endpoints.comprehend().equals(endpoints.s3()))) {
            return endpoints.dynamoDb().toString();
        }
        return "dynamodb=" + endpoints.dynamoDb() + " sqs=" + endpoints.sqs() + " s3=" + endpoints.s3()
                + (endpoints.comprehend() == null ? "" : " comprehend=" + endpoints.comprehend());
    }

    AwsClients clients() {
        return clients;
    }

    /** Clients of their own with these interceptors (fault injection); the shared ones when there are none. */
    AwsClients clients(List<ExecutionInterceptor> extra) {
        if (extra.isEmpty()) {
            return clients;
        }
        List<ExecutionInterceptor> all = new java.util.ArrayList<>(interceptors);
        all.addAll(extra);
        return AwsClients.forEndpoints(endpoints, region, all.toArray(ExecutionInterceptor[]::new));
    }

    /** Where Comprehend calls go (null when these endpoints have none). */
    URI comprehendEndpoint() {
        return endpoints.comprehend();
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            // Stopping emulators at the end of a run: nothing the user could do about a failure here.
        }
    }
}

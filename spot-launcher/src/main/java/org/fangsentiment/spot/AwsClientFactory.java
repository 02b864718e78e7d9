package org.fangsentiment.spot;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the EC2 and SSM clients for one CLI run, sharing one URL-connection HTTP client.
 *
 * <p>Region: {@code --region}, else the SDK's chain ({@code AWS_REGION}, the profile). Endpoint:
 * {@code --endpoint} for both services, else whatever the SDK finds itself, which includes
 * {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_EC2}/{@code _SSM}, so emulators work without
 * flags. Credentials: the SDK's default chain. Nothing account-specific is assumed.
 */
public final class AwsClientFactory implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // Emulators can take seconds on their first EC2 call; AWS answers far sooner.
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private final Region region;
    private final URI endpoint;
    private final SdkHttpClient httpClient;
    private Ec2Client ec2;
    private SsmClient ssm;

    private AwsClientFactory(Region region, URI endpoint) {
        this.region = region;
        this.endpoint = endpoint;
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    /**
     * A factory for the given region and endpoint; either may be {@code null} to use the SDK's defaults.
     *
     * @throws LauncherException when no region is configured anywhere
     */
    public static AwsClientFactory create(String region, URI endpoint) {
        return new AwsClientFactory(resolveRegion(region), endpoint);
    }

    /** The region the clients talk to. */
    public Region region() {
        return region;
    }

    /** The EC2 client, built on first use. */
    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            var builder = Ec2Client.builder()
                    .region(region)
                    .httpClient(httpClient)
                    .credentialsProvider(DefaultCredentialsProvider.builder().build());
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            ec2 = builder.build();
        }
        return ec2;
    }

    /** The SSM client, built on first use. */
    public synchronized SsmClient ssm() {
        if (ssm == null) {
            var builder = SsmClient.builder()
                    .region(region)
                    .httpClient(httpClient)
                    .credentialsProvider(DefaultCredentialsProvider.builder().build());
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            ssm = builder.build();
        }
        return ssm;
    }

    @Override
    public synchronized void close() {
        if (ec2 != null) {
            ec2.close();
        }
        if (ssm != null) {
            ssm.close();
        }
        httpClient.close();
    }

    private static Region resolveRegion(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Region.of(explicit);
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new LauncherException("No AWS region configured: pass --region or set AWS_REGION"
                    + " (or a region in the AWS profile).", LauncherException.USAGE, e);
        }
    }
}

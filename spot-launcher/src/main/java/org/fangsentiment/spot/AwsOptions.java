package org.fangsentiment.spot;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Options every command shares: where to send requests, and how to print the answer.
 */
public final class AwsOptions {

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region, e.g. eu-west-1. Default: AWS_REGION or the profile's region.")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "EC2 and SSM endpoint URL, e.g. of an emulator."
                    + " Default: the SDK's, which honours AWS_ENDPOINT_URL.")
    URI endpoint;

    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    boolean json;

    /** Clients for these options; the caller closes them. */
    AwsClientFactory clients() {
        return AwsClientFactory.create(region, endpoint);
    }

    /** Whether to print JSON. */
    boolean json() {
        return json;
    }
}

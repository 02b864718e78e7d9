package org.fangsentiment.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {

    @Test
    void regionComesFromTheEnvironmentWithAFallback() {
        assertEquals(Region.EU_WEST_1, AwsClients.fromEnvironment(Map.of("AWS_REGION", "eu-west-1")).region());
        assertEquals(Region.AP_SOUTHEAST_2,
                AwsClients.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "ap-southeast-2")).region());
        assertEquals(AwsClients.FALLBACK_REGION, AwsClients.fromEnvironment(Map.of()).region());
    }

    @Test
    void eachClientIsBuiltOnce() {
        AwsClients clients = AwsClients.forEndpoints(
                AwsClients.Endpoints.single(java.net.URI.create("http://127.0.0.1:1")), Region.US_EAST_1);
        assertSame(clients.sqs(), clients.sqs());
        assertSame(clients.dynamoDb(), clients.dynamoDb());
        assertSame(clients.s3(), clients.s3());
    }
}

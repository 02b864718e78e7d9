package org.fangsentiment.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
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
        assertSame(clients.comprehend(), clients.comprehend());
    }

    @Test
    void comprehendGoesToItsOwnEndpointAndIsNeverBuiltForEmulatorsWithoutOne() {
        URI emulators = URI.create("http://127.0.0.1:1");
        URI comprehend = URI.create("http://127.0.0.1:2");
        AwsClients clients = AwsClients.forEndpoints(
                new AwsClients.Endpoints(emulators, emulators, emulators).withComprehend(comprehend), Region.US_EAST_1);
        assertEquals(Optional.of(comprehend), clients.comprehend().serviceClientConfiguration().endpointOverride());
        AwsClients without = AwsClients.forEndpoints(new AwsClients.Endpoints(emulators, emulators, emulators),
                Region.US_EAST_1);
        IllegalStateException e = assertThrows(IllegalStateException.class, without::comprehend);
        assertTrue(e.getMessage().contains("No Comprehend endpoint"), e.getMessage());
    }

    @Test
    void comprehendIsCalledOnceACallTheCallerRetries() {
        AwsClients clients = AwsClients.forEndpoints(AwsClients.Endpoints.single(URI.create("http://127.0.0.1:1")),
                Region.US_EAST_1);
        assertEquals(1, clients.comprehend().serviceClientConfiguration().overrideConfiguration()
                .retryStrategy().orElseThrow().maxAttempts());
    }
}

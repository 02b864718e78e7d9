package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import org.fangsentiment.aws.AwsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/** {@code --endpoint} forms, Comprehend's among them. */
class BackendTest {

    @Test
    void theEmbeddedStackRunsOurEmulatorsUnlessFangEmulatorsAsksForTheReferenceOnes() {
        assertEquals(org.fangsentiment.stack.EmbeddedAwsStack.Emulators.OURS, Backend.emulators(null));
        assertEquals(org.fangsentiment.stack.EmbeddedAwsStack.Emulators.OURS, Backend.emulators(" ours "));
        assertEquals(org.fangsentiment.stack.EmbeddedAwsStack.Emulators.REFERENCE, Backend.emulators("Reference"));
        RunnerException e = assertThrows(RunnerException.class, () -> Backend.emulators("elasticmq"));
        assertTrue(e.getMessage().contains("must be ours or reference"), e.getMessage());
    }

    @Test
    void oneUrlServesEveryServiceComprehendIncluded() {
        URI moto = URI.create("http://127.0.0.1:5000");
        assertEquals(AwsClients.Endpoints.single(moto), Backend.parse(List.of("http://127.0.0.1:5000")));
    }

    @Test
    void comprehendCanHaveItsOwnEndpointLikeTheOtherServices() {
        AwsClients.Endpoints e = Backend.parse(List.of("http://127.0.0.1:4566", "comprehend=http://127.0.0.1:7000"));
        assertEquals(URI.create("http://127.0.0.1:4566"), e.s3());
        assertEquals(URI.create("http://127.0.0.1:7000"), e.comprehend());
        AwsClients.Endpoints perService = Backend.parse(List.of("dynamodb=http://127.0.0.1:1", "sqs=http://127.0.0.1:2",
                "s3=http://127.0.0.1:3"));
        assertNull(perService.comprehend(), "no Comprehend unless one is named");
    }

    @Test
    void comprehendWithoutAComprehendEndpointIsAClearError() {
        RunnerException e = assertThrows(RunnerException.class, () -> Backend.open(List.of(
                "dynamodb=http://127.0.0.1:1", "sqs=http://127.0.0.1:2", "s3=http://127.0.0.1:3"), Region.US_EAST_1,
                new PrintWriter(new StringWriter()), true));
        assertTrue(e.getMessage().startsWith("--engine comprehend needs a Comprehend endpoint"), e.getMessage());
    }

    @Test
    void anUnknownServiceNamesTheFourThatExist() {
        RunnerException e = assertThrows(RunnerException.class,
                () -> Backend.parse(List.of("lambda=http://127.0.0.1:1")));
        assertTrue(e.getMessage().contains("dynamodb, sqs, s3 or comprehend"), e.getMessage());
    }
}

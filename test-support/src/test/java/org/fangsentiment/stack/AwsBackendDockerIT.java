package org.fangsentiment.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * The backend choice against a real Docker daemon (issue 28, item 4): an image the daemon does not have and
 * cannot pull makes the tests fall back to the embedded stack within seconds, saying why, instead of hanging
 * in Testcontainers' image resolution; an image it has counts as usable. Under {@code CI=true} a missing
 * daemon fails this test ({@code .ci/run} starts one with {@code .ci/docker-up} before {@code ./mvnw verify});
 * elsewhere the test is aborted with the reason.
 */
class AwsBackendDockerIT {

    /** Far above the registry's few seconds, far below Testcontainers' minutes of retries. */
    private static final Duration NO_HANG = Duration.ofSeconds(60);

    private static DockerClient client;

    @BeforeAll
    static void daemon() {
        try {
            client = DockerClientProviderStrategy.getClientForConfig(DockerClientFactory.instance().getTransportConfig());
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            String why = "no Docker daemon answers (" + e.getClass().getSimpleName() + "), so the LocalStack fallback"
                    + " cannot be shown against a real daemon";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + ": under CI=true .ci/run must start one first (bash .ci/docker-up)", e);
            }
            // In the build log too (failsafe does not redirect it), not only in the report files.
            System.err.println("AwsBackendDockerIT SKIPPED: " + why + "; start dockerd (bash .ci/docker-up) to run it");
            Assumptions.abort(why + "; start dockerd (bash .ci/docker-up) to run it");
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void anImageTheDaemonCannotGetFallsBackToTheEmbeddedStackAndSaysWhy() {
        String image = "fang-sentiment-ci/absent-" + UUID.randomUUID() + ":1";
        assertFalse(AwsBackendDocker.present(client, image), "a fresh random name cannot be present");

        AwsBackend.Choice choice = assertTimeoutPreemptively(NO_HANG,
                () -> AwsBackend.choose(null, null, () -> AwsBackendDocker.check(image)));

        assertEquals(AwsBackend.Kind.EMBEDDED, choice.kind(), choice.reason());
        assertTrue(choice.reason().contains(image) && choice.reason().contains("not present"),
                "the banner must name the image and say it is missing: " + choice.reason());
    }

    @Test
    void anImageTheDaemonHasIsUsableWithoutAPull(@TempDir Path context) throws Exception {
        // An image built on the spot from nothing (FROM scratch, one label), so no registry is involved.
        String image = "fang-sentiment-ci/present-" + UUID.randomUUID() + ":1";
        Path dockerfile = Files.writeString(context.resolve("Dockerfile"),
                "FROM scratch\nLABEL org.fangsentiment.test=present\n");
        client.buildImageCmd(dockerfile.toFile()).withTags(Set.of(image)).exec(new BuildImageResultCallback())
                .awaitImageId(NO_HANG.toSeconds(), TimeUnit.SECONDS);
        try {
            assertTrue(AwsBackendDocker.present(client, image), "the imported image must be there");

            AwsBackendDocker.Verdict verdict = assertTimeoutPreemptively(NO_HANG,
                    () -> AwsBackendDocker.check(client, List.of(image), AwsBackendDocker.REGISTRY_ANSWER));

            assertTrue(verdict.usable(), verdict.reason());
            assertTrue(verdict.reason().contains("present"), verdict.reason());
        } finally {
            client.removeImageCmd(image).withForce(true).exec();
        }
    }

    @Test
    void theRequiredImagesAreLocalStacksAndTheReapersUnlessTheReaperIsOff() {
        List<String> images = AwsBackendDocker.requiredImages("localstack/localstack:4.10.0");
        assertEquals("localstack/localstack:4.10.0", images.get(0));
        boolean ryukOff = Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
        assertEquals(ryukOff ? 1 : 2, images.size(), images.toString());
    }
}

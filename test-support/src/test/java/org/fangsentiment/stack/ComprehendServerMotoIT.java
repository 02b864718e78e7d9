package org.fangsentiment.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.fangsentiment.aws.AwsClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.comprehend.ComprehendClient;
import software.amazon.awssdk.services.comprehend.model.DetectSentimentResponse;
import software.amazon.awssdk.services.comprehend.model.LanguageCode;
import software.amazon.awssdk.services.comprehend.model.SentimentScore;
import software.amazon.awssdk.services.comprehend.model.TextSizeLimitExceededException;

/**
 * Holds {@link ComprehendServer} to moto_server where both answer: the same {@code DetectSentiment}
 * requests to both, through the production client, give the same answers and the same errors.
 * Uses the moto_server of {@code .ci/moto-crosscheck} ({@code FANG_TEST_BACKEND=endpoint} and
 * {@code AWS_ENDPOINT_URL}), else starts one from the PATH; without one it is skipped here, and the
 * cross-check (which requires moto under {@code CI=true}) fails unless this class ran.
 */
class ComprehendServerMotoIT {

    private static Process moto;
    private static ComprehendServer ours;
    private static ComprehendClient motoClient;
    private static ComprehendClient ourClient;

    @BeforeAll
    static void start() throws Exception {
        ours = ComprehendServer.start();
        ourClient = client(ours.endpoint());
        String given = System.getenv("AWS_ENDPOINT_URL");
        if ("endpoint".equalsIgnoreCase(System.getenv("FANG_TEST_BACKEND")) && given != null && !given.isBlank()) {
            motoClient = client(URI.create(given.trim()));
            return;
        }
        String motoServer = onPath("moto_server");
        // Under CI a missing moto_server is a failure, never a skip (as .ci/require-tool makes it for the script).
        assertTrue(motoServer != null || !"true".equals(System.getenv("CI")),
                "moto_server is not on the PATH, and CI=true: install it (pip install 'moto[server]')");
        assumeTrue(motoServer != null, "moto_server is not on the PATH: the Comprehend cross-check runs in "
                + ".ci/moto-crosscheck, which fails under CI=true without it");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder(motoServer, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(port, Duration.ofSeconds(60));
        motoClient = client(URI.create("http://127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() {
        if (ours != null) {
            ours.close();
        }
        if (moto != null) {
            moto.destroy();
        }
    }

    private static ComprehendClient client(URI endpoint) {
        return AwsClients.forEndpoints(AwsClients.Endpoints.single(endpoint), Region.US_EAST_1).comprehend();
    }

    private static DetectSentimentResponse detect(ComprehendClient client, String text) {
        return client.detectSentiment(b -> b.text(text).languageCode(LanguageCode.EN));
    }

    /**
     * The same label, and an answer of the same shape: four scores in [0, 1] that add up to 1, the
     * label's the highest. The score values themselves are each server's own (moto's are one canned
     * answer, ours are fixed per label), so comparing them would only compare two sets of constants.
     */
    @Test
    void aNeutralTextGetsTheSameLabelAndAnAnswerOfTheSameShapeFromBoth() {
        for (String text : List.of("Acme is a company based in Springfield.", "a".repeat(ComprehendServer.MAX_BYTES))) {
            DetectSentimentResponse fromMoto = detect(motoClient, text);
            DetectSentimentResponse fromOurs = detect(ourClient, text);
            assertEquals(fromMoto.sentiment(), fromOurs.sentiment());
            assertNotEquals(fromMoto.sentimentScore(), fromOurs.sentimentScore(),
                    "our scores are our own, not moto's canned answer copied (which would make this check a tautology)");
            for (DetectSentimentResponse answer : List.of(fromMoto, fromOurs)) {
                SentimentScore s = answer.sentimentScore();
                List<Float> scores = List.of(s.positive(), s.negative(), s.neutral(), s.mixed());
                scores.forEach(score -> assertTrue(score >= 0 && score <= 1, answer.toString()));
                assertEquals(1.0, scores.stream().mapToDouble(Float::doubleValue).sum(), 1e-3, answer.toString());
                assertEquals(s.neutral(), scores.stream().max(Float::compare).orElseThrow(),
                        "NEUTRAL's score is the highest: " + answer);
            }
        }
    }

    @Test
    void aTextOverTheLimitIsTheSameErrorFromBoth() {
        String text = "a".repeat(ComprehendServer.MAX_BYTES + 1);
        TextSizeLimitExceededException fromMoto = assertThrows(TextSizeLimitExceededException.class,
                () -> detect(motoClient, text));
        TextSizeLimitExceededException fromOurs = assertThrows(TextSizeLimitExceededException.class,
                () -> detect(ourClient, text));
        assertEquals(fromMoto.statusCode(), fromOurs.statusCode());
        assertEquals(fromMoto.awsErrorDetails().errorCode(), fromOurs.awsErrorDetails().errorCode());
    }

    @Test
    void motoCountsCharactersWhereComprehendCountsBytes() {
        // A known difference, held here so that it is noticed if moto changes: Comprehend's limit is
        // 5,000 bytes of UTF-8 (its API reference); moto 5.x compares the character count. Ours follows AWS.
        String text = "é".repeat(3_000); // 3,000 characters, 6,000 bytes
        assertEquals("NEUTRAL", detect(motoClient, text).sentimentAsString());
        assertThrows(TextSizeLimitExceededException.class, () -> detect(ourClient, text));
    }

    private static String onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File file = new File(dir, tool);
            if (file.canExecute()) {
                return file.getAbsolutePath();
            }
        }
        return null;
    }

    private static void awaitListening(int port, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!moto.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + moto.exitValue());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100); // polling a condition (the port accepts), not waiting a guessed time
            }
        }
        throw new IllegalStateException("moto_server did not listen on port " + port + " within " + limit);
    }
}

package org.fangsentiment.consumer.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ComprehendServer;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.wikipedia.offline.OfflineWikipediaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The shaded jar with {@code SENTIMENT_ENGINE=comprehend}, as Lambda runs it: the handler's
 * no-argument constructor in a fresh JVM with the jar alone, configured by environment variables,
 * against the Comprehend server (which throttles once, fails a call once and fails a batch item, so
 * that the retry, split and fallback paths run from the jar's classes) and the backend's S3. Holds
 * the jar's shade filters to what the Comprehend and S3 paths load, and shows that CoreNLP is never
 * loaded: the JVM gets 256 MB, and its class-load log names neither CoreNLP's pipeline nor the holder
 * that would build and prime it.
 */
@ExtendWith(AwsBackendExtension.class)
class ComprehendJarIT {

    private static final List<String> FANG = List.of("Amazon", "Apple", "Facebook", "Google", "Netflix");

    private final AwsBackend backend;

    ComprehendJarIT(AwsBackend backend) {
        this.backend = backend;
    }

    @Test
    void theJarScoresWithComprehendAndNeverLoadsCoreNlp(@TempDir Path dir) throws Exception {
        ResourceNames names = backend.freshResources("comprehendjar", Duration.ofSeconds(30));
        Path classLog = dir.resolve("classes.log");
        try (OfflineWikipediaServer wikipedia = OfflineWikipediaServer.start();
             ComprehendServer comprehend = ComprehendServer.start()) {
            comprehend.throttleNext(1);
            comprehend.failNext(1);
            comprehend.failBatchItemsWith("Netflix");
            Path jar = Path.of("target/consumer-lambda.jar").toAbsolutePath();
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-Xmx256m",
                    "-Xlog:class+load=info:file=" + classLog, "-cp",
                    jar + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath(),
                    ComprehendHandlerProbe.class.getName()));
            command.addAll(FANG);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("AWS_REGION", backend.region().id());
            builder.environment().put("AWS_ACCESS_KEY_ID", AwsClients.EMULATOR_ACCESS_KEY);
            builder.environment().put("AWS_SECRET_ACCESS_KEY", AwsClients.EMULATOR_SECRET_KEY);
            builder.environment().put("AWS_ENDPOINT_URL_S3", backend.endpoints().s3().toString());
            builder.environment().put("AWS_ENDPOINT_URL_COMPREHEND", comprehend.endpoint().toString());
            builder.environment().put("BUCKET_NAME", names.bucket());
            builder.environment().put("WIKIPEDIA_SITE_URL", wikipedia.baseUri().toString());
            builder.environment().put("WIKIPEDIA_USER_AGENT", "fang-sentiment-test/1.0 (ops@example.org)");
            builder.environment().put("SENTIMENT_ENGINE", "comprehend");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "timed out");

            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("PROBE failures=[]"), output);
            assertFalse(output.contains("NoClassDefFoundError") || output.contains("ClassNotFoundException"), output);
            List<String> operations = comprehend.calls().stream().map(ComprehendServer.Call::operation).toList();
            assertTrue(operations.contains("DetectSentiment"), operations.toString());
        }
        var s3 = backend.clients().s3();
        List<S3Object> objects = s3.listObjectsV2(list -> list.bucket(names.bucket())).contents();
        assertEquals(FANG.size(), objects.size());
        for (S3Object object : objects) {
            String csv = s3.getObjectAsBytes(get -> get.bucket(names.bucket()).key(object.key())).asUtf8String();
            assertTrue(csv.strip().endsWith(",comprehend"), csv);
        }
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("org.fangsentiment.engine.ComprehendEngine"), "the log is the probe's");
        // SentimentAnalyzer's class may be loaded (the handler names SentimentAnalyzer::shared), but its holder,
        // which builds the pipeline and registers the priming, is not: no CoreNLP class, no model.
        for (String coreNlp : List.of("edu.stanford.nlp.pipeline.StanfordCoreNLP ",
                "org.fangsentiment.sentiment.SentimentAnalyzer$Holder ", "org.fangsentiment.consumer.lambda.SnapStartPriming ")) {
            assertFalse(loaded.contains(coreNlp), coreNlp.strip() + " was loaded");
        }
    }
}

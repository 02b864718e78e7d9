package org.fangsentiment.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar as Lambda uses it: the handler's no-argument constructor in a fresh JVM with the
 * jar alone (which has no DynamoDB or joda-time classes), configured by environment variables.
 */
class ConsumerJarIT {

    @Test
    void theHandlerStartsFromTheJarAloneAndReportsAPoisonRecord() throws Exception {
        Path jar = Path.of("target/consumer-lambda.jar").toAbsolutePath();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(javaBin, "-Xmx1g", "-cp",
                jar + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath(),
                HandlerProbe.class.getName()).redirectErrorStream(true);
        builder.environment().put("AWS_REGION", "eu-west-1");
        builder.environment().put("AWS_ACCESS_KEY_ID", "probe");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "probe");
        builder.environment().put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9");
        builder.environment().put("BUCKET_NAME", "probe-bucket");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "timed out");

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("PROBE failures=[probe-poison-1]"), output);
        String warning = output.lines().filter(l -> l.contains("probe-poison-1") && l.contains("not JSON"))
                .findFirst().orElseThrow(() -> new AssertionError("no log line names the poison message:\n" + output));
        assertTrue(warning.startsWith("{") && warning.contains("\"message_id\":\"probe-poison-1\""), warning);
        // No WIKIPEDIA_USER_AGENT and the live site: said once, at start-up, naming what to set.
        List<String> advice = output.lines().filter(l -> l.contains("WIKIPEDIA_USER_AGENT is not set")).toList();
        assertEquals(1, advice.size(), output);
        assertTrue(advice.get(0).contains("\"level\":\"WARN\"") && advice.get(0).contains("en.wikipedia.org"),
                advice.get(0));
    }
}

package org.fangsentiment.consumer.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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

    /**
     * The shade filters that drop whole packages of Commons IO, Commons Codec and log4j-core (see
     * consumer-lambda/pom.xml) drop only classes nothing in the jar refers to: every class name of those
     * libraries in any class's constant pool is a class the jar holds.
     */
    @Test
    void noClassRefersToAClassTheFiltersLeftOut() throws IOException {
        Pattern reference = Pattern.compile("(org/apache/commons/(?:io|codec)/[A-Za-z0-9_/$]+"
                + "|org/apache/logging/log4j/core/tools/[A-Za-z0-9_/$]+)");
        Set<String> classes = new HashSet<>();
        Set<String> missing = new TreeSet<>();
        try (ZipFile zip = new ZipFile(Path.of("target/consumer-lambda.jar").toFile())) {
            zip.stream().filter(e -> e.getName().endsWith(".class"))
                    .forEach(e -> classes.add(e.getName().substring(0, e.getName().length() - ".class".length())));
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                // Constant-pool names are modified UTF-8; ISO-8859-1 keeps the ASCII class names intact.
                String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                Matcher m = reference.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    if (Character.isUpperCase(name.charAt(name.lastIndexOf('/') + 1)) && !classes.contains(name)) {
                        missing.add(name + " (from " + entry.getName() + ")");
                    }
                }
            }
        }
        assertTrue(classes.contains("org/apache/commons/io/IOUtils"), "the jar was read");
        assertEquals(Set.of(), missing);
    }
}

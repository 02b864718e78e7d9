package org.fangsentiment.consumer.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.sentiment.SentimentMain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opens the built shaded jar ({@code target/consumer-lambda.jar}, after {@code package}) and runs it. */
class SentimentJarIT {

    /** 95 MB: the Lambda jar holds neither the queue worker nor the SQS client; the three models are 74.0 MB of it, already gzip-compressed. */
    static final long MAX_BYTES = 95L * 1000 * 1000;
    /** A clearly negative company description (one of consumer-core's known texts). */
    private static final String NEGATIVE = "Kestrel Finance was a British payday lender. In 2018 its chief executive was "
            + "convicted of fraud, and regulators fined the company for misleading borrowers. It filed for "
            + "bankruptcy in 2019.";

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        jar = Path.of(System.getProperty("consumer.jar", "target/consumer-lambda.jar"));
        assertTrue(Files.isRegularFile(jar), "missing " + jar.toAbsolutePath());
        entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry z = e.nextElement();
                if (!z.isDirectory()) {
                    entries.add(z.getName());
                }
            }
        }
    }

    @Test
    void sizeIsWithinTheLimit() throws IOException {
        long size = Files.size(jar);
        assertTrue(size <= MAX_BYTES, "jar is " + size + " bytes, limit " + MAX_BYTES);
    }

    @Test
    void holdsExactlyTheThreeModelFiles() {
        TreeSet<String> models = new TreeSet<>();
        for (String e : entries) {
            if (e.startsWith("edu/stanford/nlp/models/") || e.endsWith(".ser.gz") || e.endsWith(".tagger")
                    || e.endsWith(".ser")) {
                models.add(e);
            }
        }
        assertEquals(new TreeSet<>(SentimentAnalyzer.MODEL_FILES), models);
    }

    @Test
    void leftOutDependenciesAndSignaturesAreAbsent() {
        for (String e : entries) {
            assertFalse(e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"), e);
            assertFalse(e.startsWith("de/jollyday/") || e.startsWith("com/google/protobuf/")
                    || e.startsWith("nu/xom/") || e.startsWith("org/apache/xerces/"), e);
        }
        assertTrue(entries.contains("org/ejml/simple/SimpleMatrix.class"));
        assertEquals(1, entries.stream()
                .filter(e -> e.equals("META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat"))
                .count());
    }

    @Test
    void scoresATextInAFreshJvmFromTheJarAlone() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", jar.toAbsolutePath().toString(),
                SentimentMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .directory(new File(System.getProperty("java.io.tmpdir")))
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(NEGATIVE.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        String stdout = new String(out, StandardCharsets.UTF_8);
        String stderr = new String(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), stdout + stderr);
        assertFalse(stderr.contains("SLF4J"), "SLF4J binding warning: " + stderr);
        String line = stdout.lines().filter(l -> l.startsWith("{\"sentiment\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no result line in: " + stdout));
        JsonNode r = new ObjectMapper().readTree(line);
        assertEquals("NEGATIVE", r.get("sentiment").asText(), line);
        assertTrue(r.get("score").asDouble() < 0, line);
        assertEquals(3, r.get("sentence_count").asInt(), line);
        double sum = 0;
        for (String k : List.of("p_very_negative", "p_negative", "p_neutral", "p_positive", "p_very_positive")) {
            sum += r.get(k).asDouble();
        }
        assertEquals(1.0, sum, 1e-6, line);
    }
}

package org.fangsentiment.consumer.lambda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.MessageAttribute;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.fangsentiment.engine.SentimentEngines;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.consumer.CompanyProcessor;
import org.fangsentiment.consumer.InvalidMessageException;
import org.fangsentiment.aws.AwsClients;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.output.CsvRow;
import org.fangsentiment.stack.AwsBackend;
import org.fangsentiment.stack.AwsBackendExtension;
import org.fangsentiment.stack.ResourceNames;
import org.fangsentiment.stack.ResourceSetup;
import org.fangsentiment.testing.LambdaContext;
import org.fangsentiment.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Hostile input through the real consumer handler, one row each: what an SQS record or a
 * Wikipedia answer can hold that the consumer must answer with either a CSV holding a safe value
 * or a batch item failure (the dead-letter path) with a reason, and in both cases a JSON log line
 * that names it. Every row also checks that no exception escapes the handler, that every S3 key is
 * made of {@code [a-z0-9=/_.-]} only, and that no CSV text cell can start a formula. The tests
 * after the table look at everything together, and prove that a failing message really reaches
 * the dead-letter queue, body unchanged.
 *
 * <p>The consumer runs with the real CoreNLP pipeline, the backend's S3 and a hostile Wikipedia
 * ({@link HostileWikipedia}). The producer's half of the suite (table items, schedule events) is
 * {@code ProducerBadInputIT} in producer-lambda.
 */
@ExtendWith(AwsBackendExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerBadInputIT {

    /** The run every consumer row belongs to unless it says otherwise (its {@code run_id} attribute). */
    static final String RUN_ID = "2025-01-15T06:00:00Z";
    static final String DAY = "2025-01-15";
    /** When the consumer thinks it is: the run of a record with no attributes at all. */
    static final Instant NOW = Instant.parse("2025-01-20T12:00:00Z");
    static final String SOURCE = "hostile-wikipedia";
    /** Every key the pipeline may write: lower-case ASCII letters, digits and {@code =/_.-}. */
    static final Pattern SAFE_KEY = Pattern.compile("[a-z0-9=/_.-]+");
    /** Columns that hold our own numbers; every other column is text and must not start a formula. */
    static final Set<String> NUMBER_COLUMNS = Set.of("score", "p_very_negative", "p_negative", "p_neutral",
            "p_positive", "p_very_positive", "sentence_count");
    static final String BATCH_FAILED = "failed and will be retried (then dead-lettered): ";
    static final String JNDI = "${jndi:ldap://127.0.0.1:1389/x}";
    static final String ENV_HOME = "${env:HOME}";

    private final AwsBackend backend;
    private final AwsClients clients;
    private final ExecutorService workers = BatchRunner.threads(4);
    private HostileWikipedia wikipedia;
    private LogCapture log;
    private ConsumerConfig consumerConfig;
    private ConsumerHandler consumer;

    ConsumerBadInputIT(AwsBackend backend) {
        this.backend = backend;
        this.clients = backend.clients();
    }

    @BeforeAll
    void start() throws Exception {
        log = new LogCapture();
        wikipedia = new HostileWikipedia();
        ResourceNames fresh = backend.freshResources("badinput", Duration.ofSeconds(60));
        consumerConfig = ConsumerConfig.fromMap(Map.of(
                        ConsumerConfig.ENV_WIKIPEDIA_TIMEOUT_MS, "6000",
                        ConsumerConfig.ENV_WIKIPEDIA_BUDGET_MS, "1500"))
                .withBucket(fresh.bucket())
                .withWikipediaSite(java.net.URI.create(wikipedia.baseUrl()));
        consumer = consumer(consumerConfig);
        warmUp();
    }

    /**
     * One request before the rows, so that the first row's lookup does not pay WireMock's and the
     * HTTP client's cold start against the short lookup budget the slow rows rely on.
     */
    private void warmUp() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(wikipedia.baseUrl() + HostileWikipedia.SUMMARY + "Warm_Up_Corp"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
    }

    @AfterAll
    void stop() {
        workers.shutdownNow();
        if (wikipedia != null) {
            wikipedia.close();
        }
        if (log != null) {
            log.close();
        }
    }

    private ConsumerHandler consumer(ConsumerConfig config) {
        CompanyProcessor processor = CompanyProcessor.create(config, clients.s3(), SentimentEngines.coreNlp(), SOURCE, Clock.fixed(NOW, ZoneOffset.UTC));
        return new ConsumerHandler(processor, new BatchRunner(workers));
    }

    // ================================================================== the table

    /** What must come out. */
    sealed interface Outcome permits Csv, Dlq {
    }

    /**
     * One CSV at exactly {@code key}, whose row has these exact cells, and an INFO line
     * "Wrote {key}" with the record's message id in its context, and, when given, a line whose
     * message starts with {@code alsoLogged}. {@code {wiki}} in a cell stands for the hostile
     * Wikipedia's base URL.
     */
    record Csv(String key, Map<String, String> cells, String alsoLogged) implements Outcome {
        Csv(String key, Map<String, String> cells) {
            this(key, cells, null);
        }
    }

    /**
     * A batch item failure for the record (so SQS redelivers it, then dead-letters it), nothing
     * written, and a WARN line "Message {id} failed and will be retried (then dead-lettered):
     * {reason}" with the message id in its context.
     */
    record Dlq(String reason) implements Outcome {
    }

    /** One hostile input. */
    record Row(String id, String input, SQSMessage message, Outcome expected) {
        @Override
        public String toString() {
            return id + ": " + input;
        }
    }

    Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // ---- bodies that are no company item: the record fails, with the reason, and is dead-lettered
        rows.add(body("not-json", "a body that is not JSON", "hello, world",
                new Dlq("InvalidMessageException: the body is not JSON (error at line 1, column ")));
        rows.add(body("truncated-json", "a JSON object cut short", "{\"name\":\"Netflix\"",
                new Dlq("InvalidMessageException: the body is not JSON (error at line 1, column ")));
        rows.add(body("empty-body", "an empty body", "",
                new Dlq("InvalidMessageException: the item is not a JSON object but missing")));
        rows.add(body("json-array", "a JSON array", "[{\"name\":\"Netflix\"}]",
                new Dlq("InvalidMessageException: the item is not a JSON object but array")));
        rows.add(body("json-string", "a JSON string", "\"Netflix\"",
                new Dlq("InvalidMessageException: the item is not a JSON object but string")));
        rows.add(body("json-number", "a JSON number", "42",
                new Dlq("InvalidMessageException: the item is not a JSON object but number")));
        rows.add(body("json-null", "JSON null", "null",
                new Dlq("InvalidMessageException: the item is not a JSON object but null")));
        rows.add(body("missing-name", "an object without name", "{\"company\":\"Netflix\"}",
                new Dlq("InvalidMessageException: 'name' is missing")));
        rows.add(body("null-name", "name: null", "{\"name\":null}",
                new Dlq("InvalidMessageException: 'name' is missing")));
        rows.add(body("blank-name", "a blank name", "{\"name\":\" \\t  \"}",
                new Dlq("InvalidMessageException: 'name' is missing or blank")));
        rows.add(body("invisible-name", "a name of Unicode spaces and invisible marks",
                "{\"name\":\"\\u00a0\\u3000\\u200b\\u200f\\ufeff\"}",
                new Dlq("InvalidMessageException: 'name' is missing or blank")));
        rows.add(body("numeric-name", "a numeric name", "{\"name\":42}",
                new Dlq("InvalidMessageException: 'name' is not a string but number")));
        rows.add(body("dynamodb-json-name", "a name in DynamoDB JSON", "{\"name\":{\"S\":\"Netflix\"}}",
                new Dlq("InvalidMessageException: 'name' is not a string but object")));
        rows.add(body("name-10kb", "a 10 KB name", item("N".repeat(10 * 1024), null),
                new Dlq("InvalidMessageException: 'name' is longer than 1000 characters (10240)")));
        rows.add(body("numeric-title", "a numeric wikipedia_title", "{\"name\":\"Netflix\",\"wikipedia_title\":7}",
                new Dlq("InvalidMessageException: 'wikipedia_title' is not a string")));

        // ---- SQS records missing fields
        rows.add(record("no-body", "a record without a body", message("no-body", null),
                new Dlq("InvalidMessageException: the message has no body")));
        rows.add(record("no-message-id", "a record without a messageId",
                message(null, item("No Id Corp", null)),
                new Csv(hashedKey(DAY, "no-id-corp", "No Id Corp"), Map.of("company", "No Id Corp", "status", "NOT_FOUND"))));
        rows.add(record("no-id-no-body", "a record without messageId and body", message(null, null),
                new Dlq("InvalidMessageException: the message has no body")));
        SQSMessage bare = message("no-attributes", item("Netflix", null));
        bare.setAttributes(null);
        bare.setMessageAttributes(null);
        rows.add(record("no-attributes", "a record without attributes or message attributes", bare,
                new Csv("sentiment/dt=2025-01-20/netflix_sentiment.csv",
                        Map.of("company", "Netflix", "run_id", NOW.toString(), "status", "NOT_FOUND"))));
        SQSMessage badRun = message("bad-run-id", item("Run Id Corp", null));
        badRun.setMessageAttributes(Map.of(PipelineContract.RUN_ID_ATTRIBUTE, stringAttribute(JNDI)));
        badRun.setAttributes(Map.of("SentTimestamp",
                Long.toString(Instant.parse("2025-01-16T00:00:00Z").toEpochMilli()), "ApproximateReceiveCount", "1"));
        rows.add(record("bad-run-id", "a run_id attribute that is no instant (a JNDI lookup)", badRun,
                new Csv(hashedKey("2025-01-16", "run-id-corp", "Run Id Corp"),
                        Map.of("company", "Run Id Corp", "run_id", "2025-01-16T00:00:00Z"),
                        "Ignoring run_id attribute that is not an ISO-8601 instant")));

        // ---- names that try to become paths, formulas, log lookups or confusing text: safe rows
        rows.add(name("path-dotdot", "../../x", hashedKey(DAY, "x", "../../x"), "../../x"));
        rows.add(name("path-etc-passwd", "/etc/passwd", hashedKey(DAY, "etc-passwd", "/etc/passwd"), "/etc/passwd"));
        rows.add(name("path-windows", "C:\\x", hashedKey(DAY, "c-x", "C:\\x"), "C:\\x"));
        rows.add(record("title-traversal", "a wikipedia_title of ../../../../etc/passwd",
                message("title-traversal", item("Traversal Corp", "../../../../etc/passwd")),
                new Csv(hashedKey(DAY, "traversal-corp", "Traversal Corp"),
                        Map.of("company", "Traversal Corp", "status", "NOT_FOUND", "wikipedia_title", ""))));
        // Control characters are refused before they reach a URL, a cell or a log (CompanyItem).
        rows.add(named("nul", "Acme\u0000Corp",
                new Dlq("InvalidMessageException: 'name' contains the control character U+0000 at index 4")));
        String forged = "Evil\r\nCorp\n{\"level\":\"ERROR\",\"message\":\"forged\"}";
        rows.add(named("crlf-forged-log-line", forged,
                new Dlq("InvalidMessageException: 'name' contains the control character U+000D at index 4")));
        // Names that differ only in case: one object each (the capitalised spelling keeps the plain slug).
        rows.add(name("case-capitalised", "Meta", "sentiment/dt=" + DAY + "/meta_sentiment.csv", "Meta"));
        rows.add(name("case-upper", "META", hashedKey(DAY, "meta", "META"), "META"));
        rows.add(name("case-lower", "meta", hashedKey(DAY, "meta", "meta"), "meta"));
        rows.add(name("rtl-override", "\u202Egnp.exe", hashedKey(DAY, "gnp-exe", "\u202Egnp.exe"), "\u202Egnp.exe"));
        rows.add(name("rtl-marks", "Acme \u200F\u200E\u061C Corp",
                hashedKey(DAY, "acme-corp", "Acme \u200F\u200E\u061C Corp"), "Acme \u200F\u200E\u061C Corp"));
        rows.add(name("emoji", "Rocket \uD83D\uDE80 Labs \uD83D\uDC69\u200D\uD83D\uDCBB",
                hashedKey(DAY, "rocket-labs", "Rocket \uD83D\uDE80 Labs \uD83D\uDC69\u200D\uD83D\uDCBB"),
                "Rocket \uD83D\uDE80 Labs \uD83D\uDC69\u200D\uD83D\uDCBB"));
        rows.add(name("combining", "Cafe\u0301 Inc", hashedKey(DAY, "cafe-inc", "Cafe\u0301 Inc"), "Cafe\u0301 Inc"));
        rows.add(name("precomposed", "Caf\u00E9 Inc", hashedKey(DAY, "caf-inc", "Caf\u00E9 Inc"), "Caf\u00E9 Inc"));
        String hyperlink = "=HYPERLINK(\"http://evil.example\",\"click\")";
        rows.add(name("formula-hyperlink", hyperlink, hashedKey(DAY, "hyperlink-http-evil-example-click", hyperlink),
                "'" + hyperlink));
        String plus = "+cmd|' /C calc'!A0";
        rows.add(name("formula-plus", plus, hashedKey(DAY, "cmd-c-calc-a0", plus), "'" + plus));
        String at = "@SUM(1+1)*cmd|' /C calc'!A0";
        rows.add(name("formula-at", at, hashedKey(DAY, "sum-1-1-cmd-c-calc-a0", at), "'" + at));
        String minus = "-2+3+cmd|' /C calc'!A0";
        rows.add(name("formula-minus", minus, hashedKey(DAY, "2-3-cmd-c-calc-a0", minus), "'" + minus));
        String spaced = " " + hyperlink;
        rows.add(name("formula-after-space", spaced, hashedKey(DAY, "hyperlink-http-evil-example-click", spaced),
                "'" + spaced));
        String bidi = "\u202E=1+2+cmd|' /C calc'!A0";
        rows.add(name("formula-after-bidi", bidi, hashedKey(DAY, "1-2-cmd-c-calc-a0", bidi), "'" + bidi));
        String zeroWidth = "\u00A0\u200B\u2066@SUM(1+1)";
        rows.add(name("formula-after-invisibles", zeroWidth, hashedKey(DAY, "sum-1-1", zeroWidth), "'" + zeroWidth));
        rows.add(named("formula-tab", "\t=1+2",
                new Dlq("InvalidMessageException: 'name' contains the control character U+0009 at index 0")));
        rows.add(named("formula-cr", "\r=1+2",
                new Dlq("InvalidMessageException: 'name' contains the control character U+000D at index 0")));
        rows.add(name("log4j-jndi", JNDI, hashedKey(DAY, "jndi-ldap-127-0-0-1-1389-x", JNDI), JNDI));
        rows.add(name("log4j-env", ENV_HOME, hashedKey(DAY, "env-home", ENV_HOME), ENV_HOME));

        // ---- what Wikipedia can send
        rows.add(wiki("html-extract", "HTML and script tags in the extract, a formula title, a javascript: URL",
                "Html Corp", HostileWikipedia.HTML, new Csv(hashedKey(DAY, "html-corp", "Html Corp"), Map.of(
                        "status", "OK",
                        "wikipedia_title", "'" + HostileWikipedia.HTML_TITLE,
                        "url", "{wiki}/wiki/" + HostileWikipedia.HTML,
                        "snippet", "'" + HostileWikipedia.HTML_EXTRACT))));
        rows.add(wiki("huge-extract", "an extract of 1 MB", "Huge Corp", HostileWikipedia.HUGE,
                new Csv(hashedKey(DAY, "huge-corp", "Huge Corp"), Map.of("status", "OK", "wikipedia_title", "Huge Corp",
                        "url", "{wiki}/wiki/" + HostileWikipedia.HUGE, "snippet", hugeSnippet()),
                        "Extract of Huge Corp cut to " + ConsumerConfig.DEFAULT_EXTRACT_MAX_CHARS + " characters")));
        rows.add(wiki("wrong-content-type", "a 200 with Content-Type text/html", "Html Page Corp",
                HostileWikipedia.WRONG_TYPE, new Dlq("TransientLookupException: gave up on "
                        + HostileWikipedia.SUMMARY + HostileWikipedia.WRONG_TYPE + " after 1 requests within the budget "
                        + "of 1500 ms; last problem: expected JSON but the Content-Type is text/html; charset=utf-8")));
        rows.add(wiki("html-404", "a 404 that is an HTML page, not Wikipedia's problem+json", "Proxy 404 Corp",
                HostileWikipedia.PROXY_404, new Dlq("TransientLookupException: HTTP 404 without a JSON problem body for "
                        + HostileWikipedia.SUMMARY + HostileWikipedia.PROXY_404 + "; is the site URL right?")));
        rows.add(wiki("invalid-utf8", "an extract with invalid UTF-8 bytes", "Bad Bytes Corp", HostileWikipedia.BAD_BYTES,
                new Csv(hashedKey(DAY, "bad-bytes-corp", "Bad Bytes Corp"), Map.of("status", "OK",
                        "snippet", HostileWikipedia.BAD_BYTES_EXTRACT_DECODED))));
        rows.add(wiki("redirect-loop", "a summary that redirects to itself", "Loop Corp", HostileWikipedia.LOOP,
                new Dlq("TransientLookupException: redirect from " + HostileWikipedia.SUMMARY + HostileWikipedia.LOOP
                        + " was not followed: a loop, too many hops, or no usable Location")));
        rows.add(wiki("redirect-off-site", "a 302 to another site whose summary has a phishing URL", "Off Site Corp",
                HostileWikipedia.OFF_SITE, new Csv(hashedKey(DAY, "off-site-corp", "Off Site Corp"), Map.of(
                        "status", "REDIRECTED_OFF_SITE", "wikipedia_title", "", "url", "", "snippet", "", "sentiment", ""),
                        "Wikipedia answer for Off Site Corp refused (REDIRECTED_OFF_SITE), not retried: redirect from "
                                + HostileWikipedia.SUMMARY + HostileWikipedia.OFF_SITE + " to " + wikipedia.offSiteBaseUrl()
                                + " is off the configured site " + wikipedia.baseUrl() + "; not followed")));
        rows.add(wiki("body-over-limit", "a plain body one byte over 4 MiB", "Too Big Corp", HostileWikipedia.TOO_BIG,
                new Csv(hashedKey(DAY, "too-big-corp", "Too Big Corp"), Map.of("status", "TOO_LARGE", "url", "",
                        "sentiment", ""), "Wikipedia answer for Too Big Corp refused (TOO_LARGE), not retried: "
                        + "response body larger than 4194304 bytes as sent")));
        rows.add(wiki("gzip-bomb", "a gzip bomb: 1 GiB of zeros in about 1 MB", "Gzip Bomb Corp", HostileWikipedia.BOMB,
                new Csv(hashedKey(DAY, "gzip-bomb-corp", "Gzip Bomb Corp"), Map.of("status", "TOO_LARGE", "url", "",
                        "sentiment", ""), "Wikipedia answer for Gzip Bomb Corp refused (TOO_LARGE), not retried: "
                        + "response body larger than 4194304 bytes once decompressed")));

        return rows.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachHostileInputGetsAClearOutcomeAndALogLine(Row row) throws Exception {
        SQSMessage message = row.message();
        int mark = log.mark();
        Set<String> before = keys();
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));

        // The consumer never throws for a record: failures are batch item failures.
        SQSBatchResponse response = assertDoesNotThrow(() -> consumer.handleRequest(event, new LambdaContext()));

        List<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
        Set<String> written = new HashSet<>(keys());
        written.removeAll(before);
        String id = message.getMessageId();
        String loggedId = id == null ? "" : id;
        List<JsonNode> lines = log.since(mark);
        if (row.expected() instanceof Csv csv) {
            assertEquals(List.of(), failed, "no failure");
            assertEquals(Set.of(csv.key()), written, "exactly one object, at the expected key");
            CSVRecord record = readCsv(csv.key());
            csv.cells().forEach((column, value) -> assertEquals(value.replace("{wiki}", wikipedia.baseUrl()),
                    record.get(column), column));
            assertFormulaSafe(csv.key(), record);
            assertTrue(lines.stream().anyMatch(l -> "INFO".equals(l.path("level").asText())
                            && LogCapture.message(l).startsWith("Wrote " + csv.key() + " (")
                            && loggedId.equals(LogCapture.context(l, "message_id"))),
                    "an INFO line 'Wrote " + csv.key() + "' with message_id '" + loggedId + "' in " + lines);
            if (csv.alsoLogged() != null) {
                assertTrue(lines.stream().anyMatch(l -> LogCapture.message(l).startsWith(csv.alsoLogged())
                        && loggedId.equals(LogCapture.context(l, "message_id"))), "a line '" + csv.alsoLogged() + "'");
            }
        } else if (row.expected() instanceof Dlq dlq) {
            // A null identifier (a record without messageId) makes Lambda fail the whole batch:
            // retried and dead-lettered with its batch, never deleted.
            assertEquals(Arrays.asList(id), failed, "the record alone is reported failed");
            assertEquals(Set.of(), written, "nothing written for a failed record");
            List<JsonNode> warnings = lines.stream().filter(l -> "WARN".equals(l.path("level").asText())
                    && LogCapture.message(l).startsWith("Message " + id + " " + BATCH_FAILED)
                    && loggedId.equals(LogCapture.context(l, "message_id"))).toList();
            assertEquals(1, warnings.size(), "one WARN line for the failure in " + lines);
            String reason = LogCapture.message(warnings.get(0)).substring(("Message " + id + " " + BATCH_FAILED).length());
            assertTrue(reason.startsWith(dlq.reason()), "reason '" + reason + "' should start with '" + dlq.reason() + "'");
            assertTrue(reason.length() < 400, "the reason quotes no untrusted body: " + reason.length() + " chars");
        } else {
            fail("no consumer outcome " + row.expected());
        }
        for (String key : written) {
            assertTrue(SAFE_KEY.matcher(key).matches(), "unsafe key " + key);
        }
        assertLinesAreSafe(lines, message.getBody());
    }

    // ================================================================== everything together

    @Order(2)
    @Test
    void everyObjectHasASafeKeyAndNoFormulaCell() throws Exception {
        List<S3Object> objects = clients.s3().listObjectsV2(list -> list.bucket(consumerConfig.bucketName())).contents();
        long csvRows = rows().filter(r -> r.expected() instanceof Csv).count();
        assertEquals(csvRows, objects.size(), "one object per CSV row, no more");
        for (S3Object object : objects) {
            assertTrue(SAFE_KEY.matcher(object.key()).matches(), object.key());
            assertTrue(object.key().startsWith(consumerConfig.outputPrefix() + "dt="), object.key());
            assertFalse(object.key().contains(".."), object.key());
            assertFormulaSafe(object.key(), readCsv(object.key()));
        }
    }

    @Order(3)
    @Test
    void logLinesStayJsonAndLookupsStayInert() {
        List<String> lines = log.lines();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertEquals(line.length() - 1, line.indexOf('\n'), "one event, one line: " + line);
            LogCapture.parse(line);
        }
        List<JsonNode> parsed = lines.stream().map(LogCapture::parse).toList();
        assertFalse(parsed.stream().anyMatch(l -> LogCapture.message(l).equals("forged")), "no forged line");
        // The lookups reach the log as the text they are.
        assertTrue(parsed.stream().anyMatch(l -> JNDI.equals(LogCapture.context(l, "company"))));
        assertTrue(parsed.stream().anyMatch(l -> ENV_HOME.equals(LogCapture.context(l, "company"))));
        assertTrue(parsed.stream().anyMatch(l -> LogCapture.message(l).contains(ENV_HOME)), "literal in a message");
        assertTrue(parsed.stream().anyMatch(l -> LogCapture.message(l).contains(JNDI)), "literal in a message");
        String home = System.getenv("HOME");
        if (home != null && home.length() > 1) {
            assertFalse(parsed.stream().anyMatch(l -> home.equals(LogCapture.context(l, "company"))
                    || LogCapture.message(l).contains("company named " + home)), "${env:HOME} was expanded");
        }
    }

    @Order(4)
    @Test
    void wikipediaIsAskedOnlyAtItsTwoEndpoints() {
        List<String> urls = wikipedia.requestedUrls();
        assertFalse(urls.isEmpty());
        for (String url : urls) {
            String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            boolean summary = path.startsWith(HostileWikipedia.SUMMARY)
                    && !path.substring(HostileWikipedia.SUMMARY.length()).contains("/");
            assertTrue(summary || path.equals(HostileWikipedia.SEARCH), "request outside the two endpoints: " + url);
        }
        assertTrue(urls.contains(HostileWikipedia.SUMMARY + "..%2F..%2F..%2F..%2Fetc%2Fpasswd"), urls.toString());
    }

    /**
     * A refused answer is permanent: each was asked for once (no retry within the budget; the
     * record succeeded, so no redelivery either), and the other site was never asked at all.
     */
    @Order(4)
    @Test
    void refusedAnswersWereAskedForOnceAndTheOtherSiteNever() {
        List<String> urls = wikipedia.requestedUrls();
        for (String title : List.of(HostileWikipedia.OFF_SITE, HostileWikipedia.TOO_BIG, HostileWikipedia.BOMB)) {
            assertEquals(1, urls.stream().filter(u -> u.equals(HostileWikipedia.SUMMARY + title)).count(), title);
        }
        assertEquals(0, wikipedia.offSiteRequests(), "requests that reached the other site");
    }

    /**
     * A poison message through SQS itself: the backend's queue with its dead-letter queue
     * ({@link ResourceSetup}, maxReceiveCount {@value PipelineContract#MAX_RECEIVE_COUNT}), and a
     * minimal event source mapping: receive, call the real handler, delete only what it did not
     * report failed. The message must reach the dead-letter queue, body and attributes unchanged.
     */
    @Order(5)
    @Test
    void aPoisonMessageEndsInTheDeadLetterQueueUnchanged() throws Exception {
        ResourceNames fresh = backend.freshResources("poison", Duration.ofSeconds(1));
        ConsumerConfig config = consumerConfig.withBucket(fresh.bucket());
        ResourceSetup.Queues queues = new ResourceSetup(clients).ensureQueues(fresh.queue(), Duration.ofSeconds(1));
        ConsumerHandler handler = consumer(config);
        String poison = "{\"name\": 42, \"note\": \"Z\u00FCrich \uD83D\uDE80 " + JNDI + "\",\n \"x\": [1,2,3]}  ";
        String sentId = clients.sqs().sendMessage(send -> send.queueUrl(queues.queueUrl()).messageBody(poison)
                .messageAttributes(Map.of(PipelineContract.RUN_ID_ATTRIBUTE,
                        MessageAttributeValue.builder().dataType("String").stringValue(RUN_ID).build()))).messageId();
        int mark = log.mark();

        Message dead = null;
        int invocations = 0;
        int pollsWithoutProgress = 0;
        while (dead == null) {
            // Bounded by what happened, not by a wall clock: the queue must dead-letter it by the
            // receive after the last allowed one, and an idle queue must not keep us polling.
            assertTrue(invocations <= PipelineContract.MAX_RECEIVE_COUNT,
                    "received " + invocations + " times and still not dead-lettered");
            assertTrue(pollsWithoutProgress < 30, "30 polls in a row found it neither in the queue nor in the DLQ");
            List<Message> received = clients.sqs().receiveMessage(receive -> receive.queueUrl(queues.queueUrl())
                    .maxNumberOfMessages(10).visibilityTimeout(0).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            pollsWithoutProgress++;
            if (!received.isEmpty()) {
                pollsWithoutProgress = 0;
                invocations++;
                SQSBatchResponse response = handler.handleRequest(toEvent(received, fresh), new LambdaContext());
                Set<String> failed = new HashSet<>();
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
                for (Message m : received) {
                    if (!failed.contains(m.messageId())) {
                        clients.sqs().deleteMessage(delete -> delete.queueUrl(queues.queueUrl())
                                .receiptHandle(m.receiptHandle()));
                    }
                }
            }
            List<Message> inDlq = clients.sqs().receiveMessage(receive -> receive.queueUrl(queues.deadLetterQueueUrl())
                    .maxNumberOfMessages(10).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (!inDlq.isEmpty()) {
                assertEquals(1, inDlq.size());
                dead = inDlq.get(0);
            }
        }

        assertEquals(poison, dead.body(), "the body is unchanged, byte for byte");
        assertEquals(sentId, dead.messageId(), "the same message");
        assertEquals(RUN_ID, dead.messageAttributes().get(PipelineContract.RUN_ID_ATTRIBUTE).stringValue());
        assertEquals(PipelineContract.MAX_RECEIVE_COUNT, invocations, "the handler saw it maxReceiveCount times");
        assertEquals(0, approximateMessages(queues.queueUrl()), "the source queue is empty");
        assertEquals(List.of(), clients.s3().listObjectsV2(list -> list.bucket(fresh.bucket())).contents());
        List<JsonNode> failures = log.since(mark, l -> sentId.equals(LogCapture.context(l, "message_id"))
                && LogCapture.message(l).equals("Message " + sentId + " " + BATCH_FAILED
                + "InvalidMessageException: 'name' is not a string but number"));
        assertEquals(PipelineContract.MAX_RECEIVE_COUNT, failures.size(), "each receive logged its reason");
    }

    /**
     * Names that differ only in case, in one batch (as they would arrive together): one CSV each,
     * holding its own name; before, they shared a key and the last write won.
     */
    @Order(6)
    @Test
    void namesThatDifferOnlyInCaseInOneBatchGetACsvEach() throws Exception {
        ResourceNames fresh = backend.freshResources("case", Duration.ofSeconds(60));
        List<String> names = List.of("Meta", "META", "meta", "MeTa");
        List<SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            records.add(message("case-" + i, item(names.get(i), null)));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);

        SQSBatchResponse response = consumer(consumerConfig.withBucket(fresh.bucket())).handleRequest(event, new LambdaContext());

        assertEquals(List.of(), response.getBatchItemFailures());
        Map<String, String> companyByKey = new HashMap<>();
        for (S3Object object : clients.s3().listObjectsV2(list -> list.bucket(fresh.bucket())).contents()) {
            companyByKey.put(object.key(), readCsv(fresh.bucket(), object.key()).get("company"));
        }
        assertEquals(names.size(), companyByKey.size(), "one object per spelling: " + companyByKey);
        assertEquals(Set.copyOf(names), Set.copyOf(companyByKey.values()), "each under its own name");
    }

    /**
     * The same company twice in one batch (a duplicate send, a redelivery racing the first): both
     * records succeed and there is exactly one CSV, at the name's one key.
     */
    @Order(7)
    @Test
    void theSameCompanyTwiceInOneBatchGivesExactlyOneCsv() throws Exception {
        ResourceNames fresh = backend.freshResources("twice", Duration.ofSeconds(60));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("twice-1", item("Meta", null)), message("twice-2", item("Meta", null))));

        SQSBatchResponse response = consumer(consumerConfig.withBucket(fresh.bucket())).handleRequest(event, new LambdaContext());

        assertEquals(List.of(), response.getBatchItemFailures());
        List<String> keys = clients.s3().listObjectsV2(list -> list.bucket(fresh.bucket())).contents().stream()
                .map(S3Object::key).toList();
        assertEquals(List.of("sentiment/dt=" + DAY + "/meta_sentiment.csv"), keys);
        assertEquals("Meta", readCsv(fresh.bucket(), keys.get(0)).get("company"));
    }

    // ================================================================== helpers

    private static Row body(String id, String input, String body, Outcome outcome) {
        return new Row(id, input, message(id, body), outcome);
    }

    private static Row record(String id, String input, SQSMessage message, Outcome outcome) {
        return new Row(id, input, message, outcome);
    }

    /** A company named {@code name}: a CSV at {@code key} whose company cell is {@code cell}. */
    private static Row name(String id, String name, String key, String cell) {
        return new Row(id, "name " + printable(name), message(id, item(name, null)),
                new Csv(key, Map.of("company", cell, "status", "NOT_FOUND", "run_id", RUN_ID, "source", SOURCE)));
    }

    /** A company named {@code name} whose record must fail. */
    private static Row named(String id, String name, Outcome outcome) {
        return new Row(id, "name " + printable(name), message(id, item(name, null)), outcome);
    }

    private static Row wiki(String id, String input, String name, String title, Outcome outcome) {
        return new Row(id, input, message(id, item(name, title)), outcome);
    }

    static String item(String name, String wikipediaTitle) {
        ObjectNode item = ItemJson.MAPPER.createObjectNode().put("name", name);
        if (wikipediaTitle != null) {
            item.put("wikipedia_title", wikipediaTitle);
        }
        return item.toString();
    }

    static SQSMessage message(String id, String body) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        message.setEventSource("aws:sqs");
        message.setAttributes(Map.of("SentTimestamp", Long.toString(Instant.parse(RUN_ID).toEpochMilli() + 5),
                "ApproximateReceiveCount", "1"));
        message.setMessageAttributes(Map.of(PipelineContract.RUN_ID_ATTRIBUTE, stringAttribute(RUN_ID)));
        return message;
    }

    private static MessageAttribute stringAttribute(String value) {
        MessageAttribute attribute = new MessageAttribute();
        attribute.setDataType("String");
        attribute.setStringValue(value);
        return attribute;
    }

    /** The key of a name whose slug loses information: the slug, '-', the first 8 hex digits of its SHA-256. */
    static String hashedKey(String day, String slug, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "sentiment/dt=" + day + "/" + slug + "-" + java.util.HexFormat.of().formatHex(digest, 0, 4)
                    + "_sentiment.csv";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The snippet of the 1 MB extract: the first 280 characters, cut back to a space, and an ellipsis. */
    private static String hugeSnippet() {
        String start = HostileWikipedia.hugeExtract().substring(0, CsvRow.SNIPPET_CHARS + 1);
        return start.substring(0, start.lastIndexOf(' ', CsvRow.SNIPPET_CHARS)) + "\u2026";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.getType(c) == Character.FORMAT
                ? String.format("\\u%04X", c) : new String(Character.toChars(c))));
        return out.length() > 60 ? out.substring(0, 60) + "..." : out.toString();
    }

    private Set<String> keys() {
        Set<String> keys = new HashSet<>();
        clients.s3().listObjectsV2(list -> list.bucket(consumerConfig.bucketName())).contents()
                .forEach(o -> keys.add(o.key()));
        return keys;
    }

    private CSVRecord readCsv(String key) throws Exception {
        return readCsv(consumerConfig.bucketName(), key);
    }

    private CSVRecord readCsv(String bucket, String key) throws Exception {
        var got = clients.s3().getObjectAsBytes(get -> get.bucket(bucket).key(key));
        assertEquals("text/csv; charset=utf-8", got.response().contentType(), key);
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(got.asUtf8String()))) {
            assertEquals(CsvRow.HEADER, parser.getHeaderNames(), key);
            List<CSVRecord> records = parser.getRecords();
            assertEquals(1, records.size(), "one row in " + key);
            return records.get(0);
        }
    }

    /**
     * No text cell can start a formula: those whose first visible character (after spaces, control
     * and format characters such as bidi marks) is = + - @, or that start with tab or CR, carry a
     * leading '.
     */
    private static void assertFormulaSafe(String key, CSVRecord record) {
        for (String column : CsvRow.HEADER) {
            String cell = record.get(column);
            if (NUMBER_COLUMNS.contains(column) || cell.isEmpty()) {
                continue;
            }
            assertFalse("\t\r".indexOf(cell.charAt(0)) >= 0, key + ": cell " + column + " starts a formula: " + cell);
            int i = 0;
            while (i < cell.length() && (Character.isWhitespace(cell.codePointAt(i))
                    || Character.isSpaceChar(cell.codePointAt(i)) || Character.getType(cell.codePointAt(i)) == Character.FORMAT
                    || Character.isISOControl(cell.codePointAt(i)))) {
                i += Character.charCount(cell.codePointAt(i));
            }
            assertFalse(i < cell.length() && "=+-@".indexOf(cell.charAt(i)) >= 0,
                    key + ": cell " + column + " starts a formula after " + i + " invisible characters: " + printable(cell));
        }
    }

    /** Every line is one JSON object, and a lookup in the input appears as written, never expanded. */
    private static void assertLinesAreSafe(List<JsonNode> lines, String body) {
        for (JsonNode line : lines) {
            assertTrue(line.isObject() && line.has("message") && line.has("level"), line.toString());
        }
        if (body != null && body.contains("${")) {
            String lookup = body.substring(body.indexOf("${"), body.indexOf('}', body.indexOf("${")) + 1);
            assertTrue(lines.stream().anyMatch(l -> l.toString().contains(jsonEscaped(lookup))),
                    "the literal " + lookup + " is in the log");
        }
    }

    private static String jsonEscaped(String text) {
        String quoted = ItemJson.MAPPER.getNodeFactory().textNode(text).toString();
        return quoted.substring(1, quoted.length() - 1);
    }

    private int approximateMessages(String queueUrl) {
        Map<QueueAttributeName, String> attributes = clients.sqs().getQueueAttributes(get -> get.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The records as Lambda's event source mapping hands them over. */
    private SQSEvent toEvent(List<Message> received, ResourceNames names) {
        List<SQSMessage> records = new ArrayList<>();
        for (Message m : received) {
            SQSMessage record = new SQSMessage();
            record.setMessageId(m.messageId());
            record.setReceiptHandle(m.receiptHandle());
            record.setBody(m.body());
            record.setMd5OfBody(m.md5OfBody());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn("arn:aws:sqs:" + backend.region().id() + ":000000000000:" + names.queue());
            record.setAwsRegion(backend.region().id());
            Map<String, String> attributes = new HashMap<>();
            m.attributesAsStrings().forEach(attributes::put);
            record.setAttributes(attributes);
            Map<String, MessageAttribute> messageAttributes = new HashMap<>();
            m.messageAttributes().forEach((k, v) -> messageAttributes.put(k, stringAttribute(v.stringValue())));
            record.setMessageAttributes(messageAttributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}

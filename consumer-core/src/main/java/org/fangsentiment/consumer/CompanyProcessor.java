package org.fangsentiment.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.item.CompanyItem;
import org.fangsentiment.item.ItemJson;
import org.fangsentiment.logging.LogContext;
import org.fangsentiment.output.CsvRow;
import org.fangsentiment.output.ObjectKeys;
import org.fangsentiment.engine.Scored;
import org.fangsentiment.engine.SentimentEngine;
import org.fangsentiment.wikipedia.WikiSummary;
import org.fangsentiment.wikipedia.WikipediaClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One queued message ({@link CompanyMessage}): parse the item, look up its Wikipedia summary, score it, write its CSV to S3
 * under a key made from this record's own company name.
 *
 * <p>Returns the key written. Throws {@link InvalidMessageException} for a body that can never be
 * processed, and lets {@link org.fangsentiment.wikipedia.TransientLookupException},
 * {@link org.fangsentiment.engine.SentimentUnavailableException} and S3 errors through: the batch
 * reports each as a failure of this record alone.
 */
public final class CompanyProcessor {

    private static final Logger LOG = LogManager.getLogger(CompanyProcessor.class);

    private final WikipediaClient wikipedia;
    private final SentimentEngine engine;
    private final S3Client s3;
    private final String bucket;
    private final String outputPrefix;
    private final String source;
    private final Clock clock;

    /**
     * @param source what the {@code source} column says about the summaries' origin
     */
    public CompanyProcessor(WikipediaClient wikipedia, SentimentEngine engine, S3Client s3,
                            ConsumerConfig config, String source, Clock clock) {
        this.wikipedia = wikipedia;
        this.engine = engine;
        this.s3 = s3;
        this.bucket = config.bucketName();
        this.outputPrefix = config.outputPrefix();
        this.source = source;
        this.clock = clock;
    }

    /**
     * The processor as the handler, the local runner and the tests wire it: a Wikipedia client
     * with the configuration's settings, and the given engine.
     *
     * @param engine what scores the summaries ({@link org.fangsentiment.engine.SentimentEngines})
     * @param source what the {@code source} column says about the summaries' origin (the live
     *     site's host name, or the offline server's name)
     */
    public static CompanyProcessor create(ConsumerConfig config, S3Client s3, SentimentEngine engine, String source,
                                          Clock clock) {
        return new CompanyProcessor(WikipediaClient.create(config), engine, s3, config, source, clock);
    }

    /**
     * What one record came to: the S3 key written, the lookup's status and, when scored, the label
     * (names, as the consumer's metrics count them).
     */
    public record Written(String key, String lookupStatus, Optional<String> label) {
    }

    /** Processes one record; returns what it wrote. */
    public Written write(CompanyMessage message) {
        CompanyItem item = parse(message.body());
        Instant runTime = runTime(message);
        String runId = runTime.toString();
        try (var ignored = LogContext.with(LogContext.COMPANY, item.name());
             var ignoredRun = LogContext.with(LogContext.RUN_ID, runId)) {
            WikiSummary summary = wikipedia.lookup(item.name(), item.wikipediaTitle().orElse(null));
            Optional<Scored> sentiment = summary.hasExtract()
                    ? Optional.of(engine.score(summary.extract()))
                    : Optional.empty();
            if (sentiment.isPresent() && sentiment.get().truncated() && !summary.truncated()) {
                LOG.info("Extract of {} cut to fit {}'s limit", summary.title(), engine.id());
                summary = summary.asTruncated();
            }
            String csv = new CsvRow(item.name(), summary, sentiment, engine.id(), source, runId, clock.instant()).toCsv();
            String key = ObjectKeys.of(outputPrefix, item.name(), runTime);
            s3.putObject(put -> put.bucket(bucket).key(key).contentType("text/csv; charset=utf-8"),
                    RequestBody.fromString(csv, StandardCharsets.UTF_8));
            LOG.info("Wrote {} ({} {}, title {})", key, summary.status(),
                    sentiment.map(s -> s.label().name()).orElse("-"), summary.title());
            return new Written(key, summary.status().name(), sentiment.map(s -> s.label().name()));
        }
    }

    private static CompanyItem parse(String body) {
        if (body == null) {
            throw new InvalidMessageException("the message has no body", null);
        }
        JsonNode json;
        try {
            json = ItemJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // Only the parser's location: its message would quote the untrusted body into the log.
            var at = e.getLocation();
            throw new InvalidMessageException("the body is not JSON (error at line "
                    + (at == null ? "?" : at.getLineNr()) + ", column " + (at == null ? "?" : at.getColumnNr()) + ")", null);
        }
        try {
            return CompanyItem.fromJson(json);
        } catch (CompanyItem.InvalidItemException e) {
            throw new InvalidMessageException(e.getMessage(), null);
        }
    }

    /**
     * The run's instant: the {@code run_id} attribute when it is a valid instant, else the time SQS
     * received the message (the seed's messages carry no attributes), else now.
     */
    private Instant runTime(CompanyMessage message) {
        if (message.runId().isPresent()) {
            try {
                return Instant.parse(message.runId().get().trim());
            } catch (DateTimeParseException e) {
                LOG.warn("Ignoring run_id attribute that is not an ISO-8601 instant");
            }
        }
        if (message.sentTimestamp().isPresent()) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(message.sentTimestamp().get().trim()));
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring SentTimestamp attribute that is not a number");
            }
        }
        return clock.instant();
    }
}

package org.fangsentiment.wikipedia;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.fangsentiment.config.ConsumerConfig;

/**
 * Settings of a {@link WikipediaClient}. The first six come from {@link ConsumerConfig}; the
 * retry pacing has documented defaults here and is only changed by tests (to stay fast).
 *
 * @param siteUrl base URL of the wiki, e.g. {@code https://en.wikipedia.org}; a trailing slash is
 *     ignored, a path prefix is kept
 * @param userAgent descriptive User-Agent with contact details (Wikimedia's policy requires one)
 * @param maxInFlight most requests this client has in flight at once (one client per container)
 * @param requestTimeout longest wait for one response, headers and body
 * @param budget longest time one lookup may take, every request, wait and retry included
 * @param extractMaxChars longest extract returned; longer ones are cut and marked truncated
 * @param initialBackoff longest wait before the first retry; it doubles with each further retry
 *     (the wait itself is random below it: {@link org.fangsentiment.retry.Backoff}, full jitter)
 * @param maxBackoff cap of the doubling longest wait
 * @param retryAfterCap longest {@code Retry-After} the client honours by waiting; a longer one
 *     ends the lookup with a {@link TransientLookupException} (the message is retried later,
 *     which respects the server's wish better than asking again too early)
 */
public record WikipediaSettings(
        URI siteUrl,
        String userAgent,
        int maxInFlight,
        Duration requestTimeout,
        Duration budget,
        int extractMaxChars,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration retryAfterCap) {

    /** Default wait before the first retry. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    /** Default cap of the exponential backoff. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(4);
    /** Default cap of an honoured {@code Retry-After}: half of the default lookup budget. */
    public static final Duration DEFAULT_RETRY_AFTER_CAP = Duration.ofSeconds(10);

    public WikipediaSettings {
        Objects.requireNonNull(siteUrl, "siteUrl");
        String scheme = siteUrl.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("siteUrl must be http or https: " + siteUrl);
        }
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
        requirePositive(maxInFlight, "maxInFlight");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(budget, "budget");
        requirePositive(extractMaxChars, "extractMaxChars");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        Objects.requireNonNull(retryAfterCap, "retryAfterCap");
        if (retryAfterCap.isNegative()) {
            throw new IllegalArgumentException("retryAfterCap must not be negative");
        }
    }

    /** The consumer's settings with the default retry pacing. */
    public static WikipediaSettings from(ConsumerConfig config) {
        return new WikipediaSettings(config.wikipediaSiteUrl(), config.wikipediaUserAgent(),
                config.wikipediaMaxInFlight(), config.wikipediaRequestTimeout(), config.wikipediaBudget(),
                config.extractMaxChars(), DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_RETRY_AFTER_CAP);
    }

    /** A copy with other retry pacing (tests use milliseconds). */
    public WikipediaSettings withRetryPacing(Duration initial, Duration max, Duration retryAfterMax) {
        return new WikipediaSettings(siteUrl, userAgent, maxInFlight, requestTimeout, budget, extractMaxChars,
                initial, max, retryAfterMax);
    }

    /** The site URL as a prefix for paths: without a trailing slash. */
    String sitePrefix() {
        String site = siteUrl.toString();
        return site.endsWith("/") ? site.substring(0, site.length() - 1) : site;
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}

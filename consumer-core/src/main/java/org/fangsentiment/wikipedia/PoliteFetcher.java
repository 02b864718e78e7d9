package org.fangsentiment.wikipedia;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.retry.Backoff;
import org.fangsentiment.retry.Sleeper;
import org.fangsentiment.wikipedia.ResponseParser.BadResponseException;

/**
 * GETs with Wikimedia's manners: a descriptive User-Agent, gzip, timeouts, a bounded number of
 * requests in flight, and retries with the shared {@link Backoff} (full jitter) that honour
 * {@code Retry-After}, all within one lookup's {@link LookupBudget}.
 *
 * <p>Retried: timeouts, connection errors, 429, 5xx, and 2xx bodies that cannot be read (see
 * {@link Reader}). Every other answer goes to the caller's {@link Reader} as it is.
 *
 * <p>Redirects are followed here, not by the {@link HttpClient} (which must not follow any), and
 * only within the configured site: same scheme, host and port, at most {@value #MAX_REDIRECTS}
 * hops. A redirect anywhere else, and a body over {@link #MAX_BODY_BYTES} as sent or decoded, end
 * the lookup at once with a {@link RefusedAnswerException}: no request ever goes to another host,
 * and an answer that will not change is not asked for again.
 */
final class PoliteFetcher {

    /**
     * A complete response: status, content type, the decoded body as text, and Retry-After and
     * Location if any.
     */
    record Reply(int status, String contentType, String body, URI uri, String retryAfter, String location) {
    }

    /**
     * Interprets a reply that is not retried by status. Throwing {@link BadResponseException}
     * asks for another attempt (the body was not the promised JSON, e.g. truncated or from a
     * proxy); throwing {@link TransientLookupException} ends the lookup at once.
     */
    @FunctionalInterface
    interface Reader<T> {
        T read(Reply reply) throws BadResponseException;
    }

    /** Largest body accepted, compressed or decoded; real summaries are a few kilobytes. */
    static final long MAX_BODY_BYTES = 4L * 1024 * 1024;
    /** Most redirects followed for one request; the JDK's own limit is the same. */
    static final int MAX_REDIRECTS = 5;

    private static final Logger LOG = LogManager.getLogger(PoliteFetcher.class);
    private static final int MAX_LOGGED_HEADER_CHARS = 200;

    private final HttpClient http;
    private final WikipediaSettings settings;
    private final Semaphore permits;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Set<String> deprecationsLogged = ConcurrentHashMap.newKeySet();

    PoliteFetcher(HttpClient http, WikipediaSettings settings, Sleeper sleeper) {
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            // A client that follows redirects itself would already have asked the other host.
            throw new IllegalArgumentException("the HttpClient must not follow redirects (Redirect.NEVER); "
                    + "this class follows them within the site");
        }
        this.http = http;
        this.settings = settings;
        // Fair, so that a lookup waiting for a slot is not overtaken indefinitely.
        this.permits = new Semaphore(settings.maxInFlight(), true);
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        this.sleeper = sleeper;
    }

    /** GETs {@code uri} until the reader accepts a reply, retrying transient failures. */
    <T> T get(URI uri, LookupBudget budget, Reader<T> reader) {
        for (int attempt = 1; ; attempt++) {
            String problem;
            Duration wait;
            Throwable cause = null;
            try {
                Reply reply = sendWithinSite(uri, budget);
                if (reply.status() == 429 || reply.status() >= 500) {
                    problem = "HTTP " + reply.status();
                    wait = waitAfter(reply, attempt, budget, uri);
                } else {
                    return reader.read(reply);
                }
            } catch (HttpTimeoutException e) {
                problem = "timeout: " + e.getMessage();
                wait = backoff(attempt);
                cause = e;
            } catch (IOException e) {
                problem = "connection error: " + e;
                wait = backoff(attempt);
                cause = e;
            } catch (BadResponseException e) {
                problem = e.getMessage();
                wait = backoff(attempt);
                cause = e;
            }
            // An attempt left with less than a quarter of the usual timeout would most likely be
            // wasted on the server and end in a misleading timeout: stop before it.
            Duration leftAfterWait = budget.remaining().minus(wait);
            if (leftAfterWait.compareTo(settings.requestTimeout().dividedBy(4)) < 0) {
                throw new TransientLookupException("gave up on " + uri.getRawPath() + " after " + budget.requests()
                        + " requests within the budget of " + settings.budget().toMillis() + " ms; last problem: "
                        + problem, budget.requests(), cause);
            }
            LOG.info("Retrying Wikipedia request {} in {} ms after attempt {}: {}",
                    uri.getRawPath(), wait.toMillis(), attempt, problem);
            pause(wait, budget);
        }
    }

    private Duration waitAfter(Reply reply, int attempt, LookupBudget budget, URI uri) {
        Optional<Duration> asked = RetryAfter.parse(reply.retryAfter(), Instant.now());
        if (asked.isEmpty()) {
            return backoff(attempt);
        }
        Duration wait = asked.get();
        if (wait.compareTo(settings.retryAfterCap()) > 0) {
            // Asking again earlier than the server allows would be impolite: hand it back to SQS.
            throw new TransientLookupException("HTTP " + reply.status() + " for " + uri.getRawPath()
                    + " asks to wait " + wait.toSeconds() + " s, more than the cap of "
                    + settings.retryAfterCap().toSeconds() + " s", budget.requests(), null);
        }
        // The server's wait is a minimum, not a replacement for our own backoff: "Retry-After: 0"
        // from every client at once must not bring them all back at once.
        Duration ownWait = backoff(attempt);
        return wait.compareTo(ownWait) > 0 ? wait : ownWait;
    }

    /** The wait after failed attempt {@code attempt} (1 for the first): retry {@code attempt - 1}. */
    private Duration backoff(int attempt) {
        return backoff.delay(attempt - 1);
    }

    private void pause(Duration wait, LookupBudget budget) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientLookupException("interrupted while waiting to retry", budget.requests(), e);
        }
    }

    /**
     * Sends {@code uri} and follows redirects on the configured site; returns the first answer
     * that is not such a redirect, or the last redirect when the hops run out (the reader treats
     * it as a loop).
     */
    private Reply sendWithinSite(URI uri, LookupBudget budget) throws IOException, BadResponseException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            Reply reply = send(current, budget);
            if (!isRedirect(reply.status()) || reply.location() == null || hop == MAX_REDIRECTS) {
                return reply;
            }
            URI target;
            try {
                target = current.resolve(reply.location().strip());
            } catch (IllegalArgumentException e) {
                return reply; // an unusable Location: the reader reports the redirect as not followed
            }
            if (!onSite(target)) {
                throw new RefusedAnswerException(LookupStatus.REDIRECTED_OFF_SITE, "redirect from "
                        + current.getRawPath() + " to " + origin(target) + " is off the configured site "
                        + origin(settings.siteUrl()) + "; not followed");
            }
            current = target;
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Whether {@code target} has the configured site's scheme, host and (effective) port. */
    boolean onSite(URI target) {
        return sameOrigin(settings.siteUrl(), target);
    }

    static boolean sameOrigin(URI site, URI target) {
        if (target == null || target.getScheme() == null || target.getHost() == null || site.getHost() == null) {
            return false;
        }
        return site.getScheme().equalsIgnoreCase(target.getScheme())
                && site.getHost().equalsIgnoreCase(target.getHost())
                && effectivePort(site) == effectivePort(target);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    }

    // Scheme, host and port only (never the user-info a Location may carry), cleaned and cut:
    // enough to act on, nothing to forge a log line with.
    private static String origin(URI uri) {
        String text = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return shorten(text);
    }

    private Reply send(URI uri, LookupBudget budget) throws IOException, BadResponseException {
        Duration remaining = budget.remaining();
        if (remaining.isNegative() || remaining.isZero()) {
            throw new TransientLookupException("lookup budget spent", budget.requests(), null);
        }
        boolean acquired;
        try {
            acquired = permits.tryAcquire(remaining.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientLookupException("interrupted while waiting for a request slot", budget.requests(), e);
        }
        if (!acquired) {
            throw new TransientLookupException("no free request slot within the lookup budget", budget.requests(), null);
        }
        try {
            return exchange(uri, budget);
        } finally {
            permits.release();
        }
    }

    private Reply exchange(URI uri, LookupBudget budget) throws IOException, BadResponseException {
        Duration remaining = budget.remaining();
        Duration timeout = remaining.compareTo(settings.requestTimeout()) < 0 ? remaining : settings.requestTimeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new TransientLookupException("lookup budget spent", budget.requests(), null);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(timeout)
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip")
                .build();
        budget.countRequest();
        AtomicReference<LimitedBody> limitedBody = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, info -> {
            LimitedBody body = new LimitedBody(MAX_BODY_BYTES);
            limitedBody.set(body);
            return body;
        });
        HttpResponse<byte[]> response;
        try {
            // The request timeout only covers the headers; this one covers the body as well.
            response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete response within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransientLookupException("interrupted during a request", budget.requests(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LimitedBody body = limitedBody.get();
            if (body != null && body.tooLarge() != null) {
                throw tooLarge(uri, body.tooLarge());
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("request failed: " + cause, cause);
        }
        logDeprecation(uri, response.headers());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        // new String(..., UTF_8) replaces invalid byte sequences with U+FFFD instead of failing.
        String body = new String(decode(response, uri), StandardCharsets.UTF_8);
        return new Reply(response.statusCode(), contentType, body, response.uri(),
                response.headers().firstValue("Retry-After").orElse(null),
                response.headers().firstValue("Location").orElse(null));
    }

    private static RefusedAnswerException tooLarge(URI uri, LimitedBody.TooLargeException e) {
        return new RefusedAnswerException(LookupStatus.TOO_LARGE, e.getMessage() + " from " + uri.getRawPath());
    }

    private static byte[] decode(HttpResponse<byte[]> response, URI uri) throws BadResponseException {
        String encoding = response.headers().firstValue("Content-Encoding").orElse("identity")
                .strip().toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "identity":
            case "":
                return response.body();
            case "gzip":
            case "x-gzip":
                try {
                    return LimitedBody.gunzip(response.body(), MAX_BODY_BYTES);
                } catch (LimitedBody.TooLargeException e) {
                    throw tooLarge(uri, e);
                } catch (IOException e) {
                    throw new BadResponseException("undecodable gzip body: " + e.getMessage(), null);
                }
            default:
                throw new BadResponseException("unsupported Content-Encoding '" + shorten(encoding) + "'", null);
        }
    }

    // RFC 9745: a Deprecation header (with Sunset and a Link rel="deprecation") announces that an
    // endpoint will go away. Logged once per distinct announcement, not on every request.
    private void logDeprecation(URI uri, HttpHeaders headers) {
        Optional<String> deprecation = headers.firstValue("Deprecation");
        if (deprecation.isEmpty()) {
            return;
        }
        String sunset = headers.firstValue("Sunset").orElse("");
        String link = String.join(", ", headers.allValues("Link"));
        String endpoint = uri.getRawPath().contains("/search/") ? "title search" : "page summary";
        if (deprecationsLogged.add(endpoint + '|' + deprecation.get() + '|' + sunset)) {
            LOG.warn("Wikipedia announces the deprecation of the {} endpoint: Deprecation={} Sunset={} Link={}",
                    endpoint, shorten(deprecation.get()), shorten(sunset), shorten(link));
        }
    }

    private static String shorten(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "");
        return clean.length() <= MAX_LOGGED_HEADER_CHARS ? clean : clean.substring(0, MAX_LOGGED_HEADER_CHARS) + "...";
    }
}

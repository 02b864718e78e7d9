package org.fangsentiment.wikipedia;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.retry.Sleeper;
import org.fangsentiment.wikipedia.PoliteFetcher.Reply;
import org.fangsentiment.wikipedia.ResponseParser.BadResponseException;

/**
 * Finds the lead summary of a company's English Wikipedia article.
 *
 * <p>The contract:
 * <ol>
 *   <li>Ask the REST summary {@code GET {site}/api/rest_v1/page/summary/{title}} for the item's
 *       {@code wikipedia_title} if it has one, else for the company name. Redirects (301 for a
 *       title not in normal form, 302 for a redirect page) are followed by this client, not by the
 *       {@link HttpClient} (build it with {@link HttpClient.Redirect#NEVER}, as
 *       {@link #newHttpClient} does), and only within the configured site: same scheme, host and
 *       port, at most five hops. A loop or a sixth hop ends the lookup with a
 *       {@link TransientLookupException}.</li>
 *   <li>A standard (or main page) article is the answer: {@link LookupStatus#OK}, or
 *       {@link LookupStatus#EMPTY} if it has no extract ({@code no-extract} or an empty lead).</li>
 *   <li>A disambiguation page or a missing page (404, or 400 for an invalid title) leads to the
 *       title search {@code GET {site}/w/rest.php/v1/search/title?q={company name}&limit=5}; the
 *       first candidate whose description (from the search or the summary) or extract contains a
 *       company marker (see {@link CompanyMarkers}) is the answer. Without one the answer is
 *       {@link LookupStatus#AMBIGUOUS} for a disambiguation page and {@link LookupStatus#NOT_FOUND}
 *       for a missing page: the client reports rather than guesses.</li>
 * </ol>
 *
 * <p>Answers refused for good. Two answers are not retried, neither within the budget nor on
 * the message's redelivery, because asking again gets the same answer: a redirect off the
 * configured site (another scheme, host or port: it could lead anywhere, the cloud's metadata
 * endpoint included, so it is never requested) and a body over 4 MiB as sent or once
 * decompressed (a gzip bomb is cut at the limit, never inflated further). Either ends the whole
 * lookup, whichever request of it met the answer, with a definitive summary of status
 * {@link LookupStatus#REDIRECTED_OFF_SITE} or {@link LookupStatus#TOO_LARGE}: the consumer writes
 * it as a row whose status column names the reason, with empty title, URL and sentiment cells,
 * and a WARN line gives the details (the path, and the other site's origin or the limit).
 *
 * <p>The {@code url} of an answer is always on the configured site: the page's
 * {@code content_urls.desktop.page} when it has the site's scheme, host and port, else the
 * canonical URL built from the title ({@code {site}/wiki/{title}}).
 *
 * <p>Failures that may heal (timeouts, connection errors, 429, 5xx, and 2xx bodies that are not
 * the promised JSON) are retried by {@link PoliteFetcher} within the lookup's time budget; then,
 * and for answers that are no answer at all (a 404 that is not JSON, a redirect loop, another
 * unexpected status), a {@link TransientLookupException} is thrown. A malformed 200 is treated
 * as transient on purpose: a truncated transfer, a proxy's or captive portal's page or a partial
 * deployment says nothing about the company, so writing a definitive row for it would be wrong;
 * the queue's redelivery and dead-letter queue bound what a persistent fault costs.
 *
 * <p>Thread-safe. Create one per container: its request slots ({@code maxInFlight}) are shared by
 * every lookup made through it.
 */
public final class WikipediaClient {

    static final String SUMMARY_PATH = "/api/rest_v1/page/summary/";
    static final String SEARCH_PATH = "/w/rest.php/v1/search/title";
    static final int SEARCH_LIMIT = 5;

    private static final Logger LOG = LogManager.getLogger(WikipediaClient.class);
    private static final int MAX_TITLE_CHARS = 512;
    private static final int MAX_DESCRIPTION_CHARS = 1_000;
    private static final int MAX_URL_CHARS = 2_000;

    private final WikipediaSettings settings;
    private final PoliteFetcher fetcher;
    private final LongSupplier nanoClock;

    /**
     * @param http the HTTP client; it must not follow redirects ({@link #newHttpClient} builds one)
     * @param settings site, User-Agent, limits and retry pacing
     */
    public WikipediaClient(HttpClient http, WikipediaSettings settings) {
        this(http, settings, Sleeper.system());
    }

    /** As the public constructor, with the wait between retries replaceable (tests record it). */
    WikipediaClient(HttpClient http, WikipediaSettings settings, Sleeper sleeper) {
        this(http, settings, sleeper, System::nanoTime);
    }

    /**
     * As above, with the clock of the lookup budget replaceable too: a test whose sleeper advances
     * that clock spends the budget on the waits alone, however slow the machine is.
     */
    WikipediaClient(HttpClient http, WikipediaSettings settings, Sleeper sleeper, LongSupplier nanoClock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fetcher = new PoliteFetcher(Objects.requireNonNull(http, "http"), settings, sleeper);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** A client with the consumer's settings and its own {@link #newHttpClient HTTP client}. */
    public static WikipediaClient create(ConsumerConfig config) {
        return new WikipediaClient(newHttpClient(config.wikipediaRequestTimeout()), WikipediaSettings.from(config));
    }

    /**
     * An HTTP client as this class needs one: it times out connecting and follows no redirect
     * (this class follows them, within the site).
     */
    public static HttpClient newHttpClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Looks a company up by its name.
     *
     * @throws TransientLookupException when no definitive answer could be had in the budget
     */
    public WikiSummary lookup(String companyName) {
        return lookup(companyName, null);
    }

    /**
     * Looks a company up by its article title when it has one, else by its name.
     *
     * @param companyName the company's name (the table's key); also the search query
     * @param wikipediaTitle the item's {@code wikipedia_title}; {@code null} or blank when absent
     * @return a definitive answer
     * @throws TransientLookupException when no definitive answer could be had in the budget
     */
    public WikiSummary lookup(String companyName, String wikipediaTitle) {
        Objects.requireNonNull(companyName, "companyName");
        if (companyName.isBlank()) {
            throw new IllegalArgumentException("companyName must not be blank");
        }
        LookupBudget budget = LookupBudget.startingNow(settings.budget(), nanoClock);
        try {
            return find(companyName, wikipediaTitle, budget);
        } catch (RefusedAnswerException e) {
            LOG.warn("Wikipedia answer for {} refused ({}), not retried: {}", companyName, e.status(), e.getMessage());
            return WikiSummary.refused(companyName, e.status());
        }
    }

    private WikiSummary find(String companyName, String wikipediaTitle, LookupBudget budget) {
        String firstTitle = wikipediaTitle == null || wikipediaTitle.isBlank() ? companyName : wikipediaTitle;
        Optional<PageSummary> page = fetchSummary(firstTitle, budget);
        if (page.isPresent() && !page.get().isDisambiguation()) {
            return answer(companyName, page.get());
        }
        LOG.info("Wikipedia title {} is {}; searching for a company named {}", firstTitle,
                page.isPresent() ? "a disambiguation page" : "not found", companyName);
        String skipKey = page.map(PageSummary::canonical).orElse(TitlePath.key(firstTitle));
        Optional<WikiSummary> found = searchCompany(companyName, skipKey, budget);
        if (found.isPresent()) {
            return found.get();
        }
        LOG.info("No company among the search candidates for {}", companyName);
        return page.map(p -> WikiSummary.ambiguous(companyName, cleanShort(p.title(), MAX_TITLE_CHARS), pageUrl(p)))
                .orElseGet(() -> WikiSummary.notFound(companyName));
    }

    private Optional<WikiSummary> searchCompany(String companyName, String skipKey, LookupBudget budget) {
        URI uri = URI.create(settings.sitePrefix() + SEARCH_PATH + "?q=" + TitlePath.queryValue(companyName)
                + "&limit=" + SEARCH_LIMIT);
        List<SearchCandidate> candidates = fetcher.get(uri, budget, this::readSearch);
        Set<String> seen = new HashSet<>();
        seen.add(keyOf(skipKey));
        for (SearchCandidate candidate : candidates) {
            if (!seen.add(keyOf(candidate.key()))) {
                continue;
            }
            Optional<PageSummary> page = fetchSummary(candidate.key(), budget);
            if (page.isEmpty() || page.get().isDisambiguation()) {
                continue;
            }
            PageSummary p = page.get();
            String canonical = keyOf(p.canonical());
            if (!canonical.equals(keyOf(candidate.key())) && !seen.add(canonical)) {
                continue; // a redirect to a page already tried
            }
            if (CompanyMarkers.marksCompany(candidate.description(), p.description(), p.extract())) {
                LOG.info("Search for {} chose {}", companyName, candidate.key());
                return Optional.of(answer(companyName, p));
            }
        }
        return Optional.empty();
    }

    private Optional<PageSummary> fetchSummary(String title, LookupBudget budget) {
        URI uri = URI.create(settings.sitePrefix() + SUMMARY_PATH + TitlePath.segment(title));
        return fetcher.get(uri, budget, reply -> readSummary(reply, budget));
    }

    private Optional<PageSummary> readSummary(Reply reply, LookupBudget budget) throws BadResponseException {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            requireJson(reply);
            return Optional.of(ResponseParser.summary(reply.body()));
        }
        // Decide on the status first: a problem+json body has a "type" of its own.
        if (status == 404 || status == 400) {
            if (!ResponseParser.isJson(reply.contentType())) {
                // Wikipedia answers a missing page with problem+json; anything else is not its
                // answer (a wrong site URL, a proxy) and must not become a definitive NOT_FOUND.
                throw new TransientLookupException("HTTP " + status + " without a JSON problem body for "
                        + reply.uri().getRawPath() + "; is the site URL right?", budget.requests(), null);
            }
            LOG.debug("No article at {} (HTTP {}, problem type {})", reply.uri().getRawPath(), status,
                    ResponseParser.problemType(reply.body()));
            return Optional.empty();
        }
        throw unexpected(reply, budget);
    }

    private List<SearchCandidate> readSearch(Reply reply) throws BadResponseException {
        if (reply.status() >= 200 && reply.status() < 300) {
            requireJson(reply);
            return ResponseParser.search(reply.body(), SEARCH_LIMIT);
        }
        throw unexpected(reply, null);
    }

    private static void requireJson(Reply reply) throws BadResponseException {
        if (!ResponseParser.isJson(reply.contentType())) {
            String type = reply.contentType().isEmpty() ? "none" : reply.contentType();
            throw new BadResponseException("expected JSON but the Content-Type is " + cleanShort(type, 100), null);
        }
    }

    private static TransientLookupException unexpected(Reply reply, LookupBudget budget) {
        int requests = budget == null ? 0 : budget.requests();
        if (reply.status() >= 300 && reply.status() < 400) {
            return new TransientLookupException("redirect from " + reply.uri().getRawPath()
                    + " was not followed: a loop, too many hops, or no usable Location", requests, null);
        }
        return new TransientLookupException("unexpected HTTP " + reply.status() + " from "
                + reply.uri().getRawPath(), requests, null);
    }

    private WikiSummary answer(String companyName, PageSummary page) {
        String title = cleanShort(page.title(), MAX_TITLE_CHARS);
        String description = cleanShort(page.description(), MAX_DESCRIPTION_CHARS);
        String url = pageUrl(page);
        ExtractSanitizer.Sanitized extract = PageSummary.NO_EXTRACT.equals(page.type())
                ? new ExtractSanitizer.Sanitized("", false)
                : ExtractSanitizer.sanitize(page.extract(), settings.extractMaxChars());
        if (extract.text().isEmpty()) {
            return new WikiSummary(companyName, title, url, "", LookupStatus.EMPTY, description, false);
        }
        if (extract.truncated()) {
            LOG.info("Extract of {} cut to {} characters", title, settings.extractMaxChars());
        }
        return new WikiSummary(companyName, title, url, extract.text(), LookupStatus.OK, description,
                extract.truncated());
    }

    // The page's own desktop URL when it is on the configured site, else one built from the title:
    // the answer's text is untrusted, and a link in the CSV must not lead anywhere else.
    private String pageUrl(PageSummary page) {
        String given = cleanShort(page.pageUrl(), MAX_URL_CHARS);
        if (!given.isEmpty() && !given.contains(" ")) {
            try {
                URI uri = new URI(given);
                if (PoliteFetcher.sameOrigin(settings.siteUrl(), uri)) {
                    return given;
                }
                LOG.debug("Ignoring the page URL of {}: not on the configured site", page.canonical());
            } catch (URISyntaxException e) {
                LOG.debug("Ignoring the invalid page URL of {}", page.canonical());
            }
        }
        return settings.sitePrefix() + "/wiki/" + TitlePath.segment(page.canonical());
    }

    private static String cleanShort(String text, int maxChars) {
        return ExtractSanitizer.sanitize(text, maxChars).text();
    }

    // MediaWiki titles are case-sensitive except for the first letter.
    private static String keyOf(String title) {
        String key = TitlePath.key(title);
        return key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
    }
}

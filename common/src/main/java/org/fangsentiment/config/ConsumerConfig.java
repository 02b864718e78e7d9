package org.fangsentiment.config;

import static org.fangsentiment.config.Environment.requirePositive;
import static org.fangsentiment.config.Environment.requireText;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the consumer function reads from its environment: the variable names, their defaults and
 * their validation, each once. {@code template.yaml} sets only the variables whose defaults serve
 * local runs alone ({@link #DEPLOYMENT_VARIABLES}) and the deployment's parameters; a test ties the
 * template to the constants here.
 *
 * @param bucketName S3 bucket for the CSV files ({@value #ENV_BUCKET_NAME})
 * @param outputPrefix key prefix of every CSV object, empty or ending in {@code /}
 * @param wikipediaSiteUrl base URL of the Wikipedia site ({@value #ENV_WIKIPEDIA_SITE_URL})
 * @param wikipediaUserAgent User-Agent with contact details, as Wikimedia's policy requires
 * @param wikipediaMaxInFlight upper bound of concurrent Wikipedia requests per container
 * @param wikipediaRequestTimeout timeout of one Wikipedia request
 * @param wikipediaBudget total time one lookup may spend, retries included
 * @param extractMaxChars longest Wikipedia extract that is scored; longer ones are cut
 * @param consumerConcurrency records of one SQS batch scored at the same time
 * @param sentimentEngine what scores the summaries ({@value #ENV_SENTIMENT_ENGINE}): CoreNLP in the
 *     function, or Amazon Comprehend
 */
public record ConsumerConfig(
        String bucketName,
        String outputPrefix,
        URI wikipediaSiteUrl,
        String wikipediaUserAgent,
        int wikipediaMaxInFlight,
        Duration wikipediaRequestTimeout,
        Duration wikipediaBudget,
        int extractMaxChars,
        int consumerConcurrency,
        Engine sentimentEngine) {

    /** The sentiment engines the consumer offers; {@link #id()} is the variable's and the CSV's spelling. */
    public enum Engine {
        /** Stanford CoreNLP inside the function (the default). */
        CORENLP,
        /** Amazon Comprehend's DetectSentiment / BatchDetectSentiment. */
        COMPREHEND;

        /** The lower-case name: {@code corenlp} or {@code comprehend}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The engine named {@code id} (any case), or a clear error naming the variable and the choices. */
        public static Engine parse(String id, String source) {
            for (Engine engine : values()) {
                if (engine.id().equalsIgnoreCase(id.trim())) {
                    return engine;
                }
            }
            throw new IllegalArgumentException(source + " must be one of " + ids() + ", was '" + id.trim() + "'");
        }

        /** Every id, for messages and the template's AllowedValues. */
        public static List<String> ids() {
            return Arrays.stream(values()).map(Engine::id).toList();
        }
    }

    public static final String ENV_BUCKET_NAME = "BUCKET_NAME";
    public static final String ENV_OUTPUT_PREFIX = "OUTPUT_PREFIX";
    public static final String ENV_WIKIPEDIA_SITE_URL = "WIKIPEDIA_SITE_URL";
    public static final String ENV_WIKIPEDIA_USER_AGENT = "WIKIPEDIA_USER_AGENT";
    public static final String ENV_WIKIPEDIA_MAX_IN_FLIGHT = "WIKIPEDIA_MAX_IN_FLIGHT";
    public static final String ENV_WIKIPEDIA_TIMEOUT_MS = "WIKIPEDIA_TIMEOUT_MS";
    public static final String ENV_WIKIPEDIA_BUDGET_MS = "WIKIPEDIA_BUDGET_MS";
    public static final String ENV_EXTRACT_MAX_CHARS = "EXTRACT_MAX_CHARS";
    public static final String ENV_CONSUMER_CONCURRENCY = "CONSUMER_CONCURRENCY";
    public static final String ENV_SENTIMENT_ENGINE = "SENTIMENT_ENGINE";

    public static final String DEFAULT_OUTPUT_PREFIX = "sentiment/";
    public static final String DEFAULT_WIKIPEDIA_SITE_URL = "https://en.wikipedia.org";
    public static final String DEFAULT_WIKIPEDIA_USER_AGENT =
            "fang-sentiment/1.0 (set WIKIPEDIA_USER_AGENT to your contact URL or e-mail)";
    public static final int DEFAULT_WIKIPEDIA_MAX_IN_FLIGHT = 4;
    public static final int DEFAULT_WIKIPEDIA_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_WIKIPEDIA_BUDGET_MS = 20_000;
    public static final int DEFAULT_EXTRACT_MAX_CHARS = 4_000;
    public static final int DEFAULT_CONSUMER_CONCURRENCY = 4;
    public static final Engine DEFAULT_SENTIMENT_ENGINE = Engine.CORENLP;

    /** Every variable this configuration reads. */
    public static final Set<String> VARIABLES = Set.of(ENV_BUCKET_NAME, ENV_OUTPUT_PREFIX, ENV_WIKIPEDIA_SITE_URL,
            ENV_WIKIPEDIA_USER_AGENT, ENV_WIKIPEDIA_MAX_IN_FLIGHT, ENV_WIKIPEDIA_TIMEOUT_MS, ENV_WIKIPEDIA_BUDGET_MS,
            ENV_EXTRACT_MAX_CHARS, ENV_CONSUMER_CONCURRENCY, ENV_SENTIMENT_ENGINE);
    /**
     * Variables without a default fit for a deployment: the bucket default names a local run's
     * bucket, and the User-Agent default has no contact details. A deployment sets each of them.
     */
    public static final Set<String> DEPLOYMENT_VARIABLES = Set.of(ENV_BUCKET_NAME, ENV_WIKIPEDIA_USER_AGENT);

    public ConsumerConfig {
        requireText(bucketName, ENV_BUCKET_NAME);
        Objects.requireNonNull(outputPrefix, ENV_OUTPUT_PREFIX);
        if (!outputPrefix.isEmpty() && !outputPrefix.endsWith("/")) {
            throw new IllegalArgumentException(ENV_OUTPUT_PREFIX + " must be empty or end with '/'");
        }
        if (outputPrefix.startsWith("/") || outputPrefix.contains("..")) {
            throw new IllegalArgumentException(ENV_OUTPUT_PREFIX + " must be relative and contain no '..'");
        }
        Objects.requireNonNull(wikipediaSiteUrl, ENV_WIKIPEDIA_SITE_URL);
        requireText(wikipediaUserAgent, ENV_WIKIPEDIA_USER_AGENT);
        requirePositive(wikipediaMaxInFlight, ENV_WIKIPEDIA_MAX_IN_FLIGHT);
        requirePositive(wikipediaRequestTimeout.toMillis(), ENV_WIKIPEDIA_TIMEOUT_MS);
        requirePositive(wikipediaBudget.toMillis(), ENV_WIKIPEDIA_BUDGET_MS);
        requirePositive(extractMaxChars, ENV_EXTRACT_MAX_CHARS);
        requirePositive(consumerConcurrency, ENV_CONSUMER_CONCURRENCY);
        Objects.requireNonNull(sentimentEngine, ENV_SENTIMENT_ENGINE);
    }

    /** Reads the process environment. */
    public static ConsumerConfig fromEnvironment() {
        return fromMap(System.getenv());
    }

    /** Reads the given variables; absent or blank ones take their defaults. */
    public static ConsumerConfig fromMap(Map<String, String> variables) {
        Environment env = new Environment(variables);
        return new ConsumerConfig(
                env.text(ENV_BUCKET_NAME, PipelineContract.DEFAULT_BUCKET_NAME),
                env.textAllowingEmpty(ENV_OUTPUT_PREFIX, DEFAULT_OUTPUT_PREFIX),
                URI.create(env.text(ENV_WIKIPEDIA_SITE_URL, DEFAULT_WIKIPEDIA_SITE_URL)),
                env.text(ENV_WIKIPEDIA_USER_AGENT, DEFAULT_WIKIPEDIA_USER_AGENT),
                env.integer(ENV_WIKIPEDIA_MAX_IN_FLIGHT, DEFAULT_WIKIPEDIA_MAX_IN_FLIGHT),
                Duration.ofMillis(env.integer(ENV_WIKIPEDIA_TIMEOUT_MS, DEFAULT_WIKIPEDIA_TIMEOUT_MS)),
                Duration.ofMillis(env.integer(ENV_WIKIPEDIA_BUDGET_MS, DEFAULT_WIKIPEDIA_BUDGET_MS)),
                env.integer(ENV_EXTRACT_MAX_CHARS, DEFAULT_EXTRACT_MAX_CHARS),
                env.integer(ENV_CONSUMER_CONCURRENCY, DEFAULT_CONSUMER_CONCURRENCY),
                Engine.parse(env.text(ENV_SENTIMENT_ENGINE, DEFAULT_SENTIMENT_ENGINE.id()), ENV_SENTIMENT_ENGINE));
    }

    /** The defaults alone, as a local run or a test starts from. */
    public static ConsumerConfig defaults() {
        return fromMap(Map.of());
    }

    /**
     * What to tell the user when this configuration would send the default User-Agent, which has no
     * contact, to a live Wikipedia site ({@code wikipedia.org} or any {@code *.wikipedia.org});
     * empty otherwise. Wikimedia's policy asks every client for a contact and may throttle or block
     * clients without one, so the consumer and {@code fang-local} say this once at start-up.
     */
    public Optional<String> userAgentAdvice() {
        if (!DEFAULT_WIKIPEDIA_USER_AGENT.equals(wikipediaUserAgent) || !isLiveWikipedia(wikipediaSiteUrl)) {
            return Optional.empty();
        }
        return Optional.of(ENV_WIKIPEDIA_USER_AGENT + " is not set, so requests to " + wikipediaSiteUrl.getHost()
                + " carry a User-Agent without a contact. Wikimedia's User-Agent policy asks for one and may"
                + " throttle or block clients without it: set " + ENV_WIKIPEDIA_USER_AGENT
                + " to your client and contact, for example "
                + "'fang-sentiment/1.0 (https://example.org/contact; ops@example.org)'"
                + " (in a deployment, the stack's WikipediaUserAgent parameter).");
    }

    /** Whether {@code site} is a live Wikipedia site: its host is wikipedia.org or ends with .wikipedia.org. */
    public static boolean isLiveWikipedia(URI site) {
        String host = site == null ? null : site.getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // the fully qualified form names the same host
        }
        return h.equals("wikipedia.org") || h.endsWith(".wikipedia.org");
    }

    /** A copy writing to another bucket (local runs and tests use their own). */
    public ConsumerConfig withBucket(String bucket) {
        return new ConsumerConfig(bucket, outputPrefix, wikipediaSiteUrl, wikipediaUserAgent, wikipediaMaxInFlight,
                wikipediaRequestTimeout, wikipediaBudget, extractMaxChars, consumerConcurrency, sentimentEngine);
    }

    /** A copy with another Wikipedia site (a mirror, the offline server or a test server). */
    public ConsumerConfig withWikipediaSite(URI site) {
        return new ConsumerConfig(bucketName, outputPrefix, site, wikipediaUserAgent, wikipediaMaxInFlight,
                wikipediaRequestTimeout, wikipediaBudget, extractMaxChars, consumerConcurrency, sentimentEngine);
    }

    /** A copy scoring with another engine (the local runner's {@code --engine}, tests). */
    public ConsumerConfig withSentimentEngine(Engine engine) {
        return new ConsumerConfig(bucketName, outputPrefix, wikipediaSiteUrl, wikipediaUserAgent, wikipediaMaxInFlight,
                wikipediaRequestTimeout, wikipediaBudget, extractMaxChars, consumerConcurrency, engine);
    }
}

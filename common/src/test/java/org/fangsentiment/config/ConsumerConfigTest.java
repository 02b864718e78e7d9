package org.fangsentiment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsumerConfigTest {

    @Test
    void defaultsNameTheLocalBucketAndTheLiveSite() {
        ConsumerConfig config = ConsumerConfig.defaults();
        assertEquals(PipelineContract.DEFAULT_BUCKET_NAME, config.bucketName());
        assertEquals("sentiment/", config.outputPrefix());
        assertEquals("https://en.wikipedia.org", config.wikipediaSiteUrl().toString());
        assertEquals(Duration.ofSeconds(20), config.wikipediaBudget());
        assertEquals(4, config.consumerConcurrency());
    }

    @Test
    void readsEveryVariable() {
        ConsumerConfig config = ConsumerConfig.fromMap(Map.of(
                ConsumerConfig.ENV_BUCKET_NAME, "out",
                ConsumerConfig.ENV_OUTPUT_PREFIX, "",
                ConsumerConfig.ENV_WIKIPEDIA_SITE_URL, "http://127.0.0.1:8080",
                ConsumerConfig.ENV_WIKIPEDIA_USER_AGENT, "test/1 (me@example.org)",
                ConsumerConfig.ENV_WIKIPEDIA_MAX_IN_FLIGHT, "2",
                ConsumerConfig.ENV_WIKIPEDIA_TIMEOUT_MS, "100",
                ConsumerConfig.ENV_WIKIPEDIA_BUDGET_MS, "900",
                ConsumerConfig.ENV_EXTRACT_MAX_CHARS, "50",
                ConsumerConfig.ENV_CONSUMER_CONCURRENCY, "3",
                ConsumerConfig.ENV_SENTIMENT_ENGINE, "comprehend"));
        assertEquals(new ConsumerConfig("out", "", URI.create("http://127.0.0.1:8080"), "test/1 (me@example.org)", 2,
                Duration.ofMillis(100), Duration.ofMillis(900), 50, 3, ConsumerConfig.Engine.COMPREHEND), config);
    }

    @Test
    void theEngineIsCoreNlpByDefaultAndReadInAnyCase() {
        assertEquals(ConsumerConfig.Engine.CORENLP, ConsumerConfig.defaults().sentimentEngine());
        assertEquals(ConsumerConfig.Engine.CORENLP,
                ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_SENTIMENT_ENGINE, " ")).sentimentEngine());
        assertEquals(ConsumerConfig.Engine.COMPREHEND,
                ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_SENTIMENT_ENGINE, " Comprehend ")).sentimentEngine());
        assertEquals(List.of("corenlp", "comprehend"), ConsumerConfig.Engine.ids());
    }

    @Test
    void anUnknownEngineIsAClearErrorNamingTheVariableAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_SENTIMENT_ENGINE, "vader")));
        assertEquals("SENTIMENT_ENGINE must be one of [corenlp, comprehend], was 'vader'", e.getMessage());
    }

    @Test
    void theDefaultUserAgentOnALiveSiteGetsAdviceThatNamesTheVariable() {
        String advice = ConsumerConfig.defaults().userAgentAdvice().orElseThrow();
        assertTrue(advice.startsWith(ConsumerConfig.ENV_WIKIPEDIA_USER_AGENT + " is not set"), advice);
        assertTrue(advice.contains("en.wikipedia.org") && advice.contains("WikipediaUserAgent"), advice);
        assertTrue(ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_WIKIPEDIA_SITE_URL, "https://de.WIKIPEDIA.org"))
                .userAgentAdvice().isPresent(), "any *.wikipedia.org is live");
    }

    @Test
    void noAdviceWithAContactOrOffTheLiveSite() {
        assertEquals(Optional.empty(), ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_WIKIPEDIA_USER_AGENT,
                "fang-sentiment/1.0 (ops@example.org)")).userAgentAdvice());
        for (String site : List.of("http://127.0.0.1:8080", "https://wikipedia.org.evil.example",
                "https://notwikipedia.org", "https://mirror.example/wikipedia.org")) {
            assertEquals(Optional.empty(), ConsumerConfig.defaults().withWikipediaSite(URI.create(site))
                    .userAgentAdvice(), site);
        }
    }

    @Test
    void copiesChangeOnlyTheirSetting() {
        ConsumerConfig config = ConsumerConfig.defaults();
        ConsumerConfig moved = config.withBucket("other").withWikipediaSite(URI.create("http://localhost:1"));
        assertEquals("other", moved.bucketName());
        assertEquals("http://localhost:1", moved.wikipediaSiteUrl().toString());
        assertEquals(config.withBucket("other").withWikipediaSite(config.wikipediaSiteUrl()), config.withBucket("other"));
    }

    @Test
    void rejectsBadValuesNamingTheVariable() {
        var notANumber = assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_WIKIPEDIA_TIMEOUT_MS, "soon")));
        assertTrue(notANumber.getMessage().contains(ConsumerConfig.ENV_WIKIPEDIA_TIMEOUT_MS));
        var zero = assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_CONSUMER_CONCURRENCY, "0")));
        assertTrue(zero.getMessage().contains(ConsumerConfig.ENV_CONSUMER_CONCURRENCY));
        assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_OUTPUT_PREFIX, "../escape/")));
        assertThrows(IllegalArgumentException.class,
                () -> ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_OUTPUT_PREFIX, "no-slash")));
    }

    @Test
    void variablesAreEveryEnvConstantAndIncludeTheDeploymentOnes() {
        assertEquals(EnvConstants.of(ConsumerConfig.class), ConsumerConfig.VARIABLES);
        assertTrue(ConsumerConfig.VARIABLES.containsAll(ConsumerConfig.DEPLOYMENT_VARIABLES));
    }
}

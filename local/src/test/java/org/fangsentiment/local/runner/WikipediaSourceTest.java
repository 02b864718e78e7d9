package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.fangsentiment.config.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** When {@code fang-local} warns about a User-Agent without a contact: the live site only. */
class WikipediaSourceTest {

    @Test
    void aLiveSiteWithTheDefaultUserAgentGetsTheAdvice() {
        try (WikipediaSource live = WikipediaSource.resolve("https://de.wikipedia.org", ConsumerConfig.defaults())) {
            String advice = live.userAgentAdvice(ConsumerConfig.defaults()).orElseThrow();
            assertTrue(advice.contains("WIKIPEDIA_USER_AGENT is not set") && advice.contains("de.wikipedia.org"), advice);
        }
    }

    @Test
    void noAdviceWithAContactOrOffline() {
        ConsumerConfig withContact = ConsumerConfig.fromMap(Map.of(ConsumerConfig.ENV_WIKIPEDIA_USER_AGENT,
                "fang-sentiment/1.0 (ops@example.org)"));
        try (WikipediaSource live = WikipediaSource.resolve("https://en.wikipedia.org", withContact);
             WikipediaSource offline = WikipediaSource.resolve("offline", ConsumerConfig.defaults())) {
            assertEquals(Optional.empty(), live.userAgentAdvice(withContact));
            assertEquals(Optional.empty(), offline.userAgentAdvice(ConsumerConfig.defaults()),
                    "the bundled summaries are not Wikimedia's servers");
        }
    }
}

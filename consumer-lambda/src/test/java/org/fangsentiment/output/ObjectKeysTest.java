package org.fangsentiment.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    private static final Instant RUN = Instant.parse("2026-11-29T23:59:59.999Z");

    @Test
    void plainNamesKeepTheSeedsFileNames() {
        assertEquals("sentiment/dt=2026-11-29/netflix_sentiment.csv", ObjectKeys.of("sentiment/", "Netflix", RUN));
        assertEquals("dt=2026-11-29/google_sentiment.csv", ObjectKeys.of("", "google", RUN));
    }

    @Test
    void lossySlugsGetAHashSoTheyCannotCollide() {
        String a = ObjectKeys.slug("Société Générale");
        String b = ObjectKeys.slug("SOCIETE GENERALE");
        assertTrue(a.startsWith("soci-t-g-n-rale-") && a.matches("[a-z0-9-]+-[0-9a-f]{8}"), a);
        assertNotEquals(a, b);
        assertEquals("apple", ObjectKeys.slug("Apple"), "case alone is not a loss: the seed's file names stay");
        assertEquals("apple", ObjectKeys.slug("apple"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "/etc/passwd", "C:\\x", "..", "a/../../b", "\u0000", "日本", "🚀", "%2e%2e%2f",
            "=HYPERLINK(\"x\")", " "})
    void hostileNamesStayUnderThePrefixAsOneSafeFileName(String name) {
        String key = ObjectKeys.of("sentiment/", name, RUN);
        assertTrue(key.startsWith("sentiment/dt=2026-11-29/"), key);
        String file = key.substring("sentiment/dt=2026-11-29/".length());
        assertTrue(file.matches("[a-z0-9-]+_sentiment\\.csv"), file);
        assertTrue(!file.startsWith("-"), file);
    }

    @Test
    void longNamesAreCappedAndStillDistinct() {
        String base = "x".repeat(200);
        String a = ObjectKeys.slug(base + "a");
        String b = ObjectKeys.slug(base + "b");
        assertTrue(a.length() <= ObjectKeys.MAX_SLUG + 9, a);
        assertNotEquals(a, b);
        for (String slug : List.of(a, b)) {
            assertTrue(slug.matches("x{80}-[0-9a-f]{8}"), slug);
        }
    }
}

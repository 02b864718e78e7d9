package org.fangsentiment.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    private static final Instant RUN = Instant.parse("2026-11-29T23:59:59.999Z");

    @Test
    void theSeedsNamesKeepTheSeedsFileNames() {
        assertEquals("sentiment/dt=2026-11-29/netflix_sentiment.csv", ObjectKeys.of("sentiment/", "Netflix", RUN));
        for (String name : List.of("Amazon", "Apple", "Facebook", "Google", "Netflix")) {
            assertEquals(name.toLowerCase(Locale.ROOT), ObjectKeys.slug(name), name);
        }
        assertEquals("acme-corp", ObjectKeys.slug("Acme-corp"));
        assertEquals("3m", ObjectKeys.slug("3m"), "no letter to capitalise: the name is its slug");
    }

    @Test
    void lossySlugsGetAHashSoTheyCannotCollide() {
        String a = ObjectKeys.slug("Société Générale");
        String b = ObjectKeys.slug("SOCIETE GENERALE");
        assertTrue(a.startsWith("soci-t-g-n-rale-") && a.matches("[a-z0-9-]+-[0-9a-f]{8}"), a);
        assertNotEquals(a, b);
    }

    @Test
    void namesThatDifferOnlyInCaseGetDifferentKeys() {
        List<String> spellings = List.of("Meta", "META", "meta", "mETA", "MeTa");
        Set<String> slugs = new HashSet<>();
        spellings.forEach(name -> slugs.add(ObjectKeys.slug(name)));
        assertEquals(spellings.size(), slugs.size(), slugs.toString());
        assertEquals("meta", ObjectKeys.slug("Meta"), "the capitalised spelling keeps the plain slug");
        for (String name : List.of("META", "meta", "mETA", "MeTa")) {
            assertTrue(ObjectKeys.slug(name).matches("meta-[0-9a-f]{8}"), name + " -> " + ObjectKeys.slug(name));
        }
        assertEquals(ObjectKeys.of("p/", "META", RUN), ObjectKeys.of("p/", "META", RUN), "stable");
    }

    @Test
    void aPlainSlugNeverLooksLikeAHashedOne() {
        // "Acme-1a2b3c4d" would read back from its slug, but the slug would look like "acme" hashed.
        assertTrue(ObjectKeys.slug("Acme-1a2b3c4d").matches("acme-1a2b3c4d-[0-9a-f]{8}"), ObjectKeys.slug("Acme-1a2b3c4d"));
        assertTrue(ObjectKeys.slug("1a2b3c4d").matches("1a2b3c4d-[0-9a-f]{8}"), ObjectKeys.slug("1a2b3c4d"));
        assertEquals("acme-1a2b3c4", ObjectKeys.slug("Acme-1a2b3c4"), "seven digits are no hash");
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

package org.fangsentiment.wikipedia.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.wikipedia.LookupStatus;
import org.fangsentiment.wikipedia.WikiSummary;
import org.fangsentiment.wikipedia.WikipediaClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generating mode, through the real client: any name is a company, the same name the same text. */
class GeneratedSummariesTest {

    private static OfflineWikipediaServer server;
    private static WikipediaClient client;

    @BeforeAll
    static void start() throws Exception {
        server = OfflineWikipediaServer.startGenerating();
        client = WikipediaClient.create(ConsumerConfig.defaults().withWikipediaSite(server.baseUri()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anyNameGetsAStableCompanySummary() {
        WikiSummary first = client.lookup("Quillmoor Freight 17");
        WikiSummary again = client.lookup("Quillmoor Freight 17");

        assertEquals(LookupStatus.OK, first.status());
        assertEquals("Quillmoor Freight 17", first.title());
        assertTrue(first.extract().startsWith("Quillmoor Freight 17 is a "), first.extract());
        assertTrue(first.extract().split("\\. ").length >= 3, first.extract());
        assertEquals(first, again);
        assertNotEquals(first.extract(), client.lookup("Quillmoor Freight 18").extract());
    }

    @Test
    void theBundledSummariesStillWin() {
        WikiSummary apple = client.lookup("Apple", "Apple Inc.");
        assertEquals("Apple Inc.", apple.title());
        assertTrue(!apple.extract().contains("Generated"), apple.extract());
    }

    @Test
    void tonesVaryAcrossNames() {
        Set<String> kinds = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String extract = client.lookup("Company " + i).extract();
            kinds.add((extract.contains("praised") || extract.contains("admired") || extract.contains("best-run")
                    || extract.contains("excellent") ? "P" : "") + (extract.contains("fined") || extract.contains("fraud")
                    || extract.contains("bankruptcy") || extract.contains("criticised") ? "N" : ""));
        }
        assertEquals(Set.of("", "P", "N", "PN"), kinds, "plain, praised, troubled and mixed companies");
    }
}

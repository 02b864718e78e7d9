package org.fangsentiment.wikipedia.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.wikipedia.LookupStatus;
import org.fangsentiment.wikipedia.WikiSummary;
import org.fangsentiment.wikipedia.WikipediaClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real client against the offline server: the sample companies resolve to the companies. */
class OfflineWikipediaServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static OfflineWikipediaServer server;
    private static WikipediaClient client;
    private static HttpClient raw;

    @BeforeAll
    static void start() throws IOException {
        server = OfflineWikipediaServer.start();
        client = WikipediaClient.create(ConsumerConfig.defaults().withWikipediaSite(server.baseUri()));
        raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "Apple    | -              | Apple Inc.",
        "Amazon   | -              | Amazon (company)",
        "Facebook | -              | Facebook",
        "Netflix  | -              | Netflix",
        "Google   | -              | Google",
        "Facebook | Facebook, Inc. | Meta Platforms",
        "Amazon   | Amazon.com     | Amazon (company)",
        "Google   | Google LLC     | Google",
        "Apple    | apple Inc.     | Apple Inc.",
        "Alphabet | Alphabet Inc.  | Alphabet Inc.",
    })
    void sampleCompaniesResolveToTheCompanies(String name, String wikipediaTitle, String expectedTitle) {
        WikiSummary summary = client.lookup(name, wikipediaTitle);

        assertEquals(LookupStatus.OK, summary.status());
        assertEquals(expectedTitle, summary.title());
        assertEquals(name, summary.requestedName());
        assertTrue(summary.canonicalUrl().startsWith(server.baseUri() + "/wiki/"),
                "a link on the configured site: " + summary.canonicalUrl());
        assertFalse(summary.extract().isBlank());
    }

    @Test
    void unknownCompanyIsNotFound() {
        assertEquals(WikiSummary.notFound("Zyxwv Holdings"), client.lookup("Zyxwv Holdings"));
    }

    @Test
    void unknownTitleIsProblemJson404() throws Exception {
        HttpResponse<String> response = get("/api/rest_v1/page/summary/Zyxwv_Holdings");

        assertEquals(404, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals("https://mediawiki.org/wiki/HyperSwitch/errors/not_found", problem.path("type").asText());
        assertEquals("/api/rest_v1/page/summary/Zyxwv_Holdings", problem.path("instance").asText());
    }

    @Test
    void redirectPageIs302ToTheTargetAndNonNormalTitleIs301() throws Exception {
        HttpResponse<String> redirect = get("/api/rest_v1/page/summary/Facebook,_Inc.");
        assertEquals(302, redirect.statusCode());
        assertEquals("Meta_Platforms", redirect.headers().firstValue("Location").orElseThrow());
        assertEquals("Meta Platforms", JSON.readTree(redirect.body()).path("titles").path("normalized").asText());

        HttpResponse<String> spaced = get("/api/rest_v1/page/summary/Amazon%20(company)");
        assertEquals(301, spaced.statusCode());
        assertEquals("Amazon_(company)", spaced.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void titleSearchAnswersInTheRestFormat() throws Exception {
        HttpResponse<String> response = get("/w/rest.php/v1/search/title?q=amaz&limit=2");

        assertEquals(200, response.statusCode());
        JsonNode pages = JSON.readTree(response.body()).path("pages");
        assertEquals(2, pages.size());
        assertEquals("Amazon", pages.get(0).path("key").asText());
        assertEquals("Amazon_River", pages.get(1).path("key").asText());
        assertTrue(pages.get(1).has("description") && pages.get(1).has("id") && pages.get(1).has("title"));
        assertEquals(400, get("/w/rest.php/v1/search/title?limit=2").statusCode());
    }

    @Test
    void searchFindsPagesThroughRedirects() throws Exception {
        JsonNode pages = JSON.readTree(get("/w/rest.php/v1/search/title?q=Facebook%2C%20Inc&limit=5").body())
                .path("pages");

        assertEquals(1, pages.size());
        assertEquals("Meta_Platforms", pages.get(0).path("key").asText());
        assertEquals("Facebook, Inc.", pages.get(0).path("matched_title").asText());
    }

    @Test
    void bodiesAreGzippedWhenAccepted() throws Exception {
        HttpResponse<InputStream> response = raw.send(HttpRequest.newBuilder(
                server.baseUri().resolve("/api/rest_v1/page/summary/Netflix")).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
        try (InputStream in = new GZIPInputStream(response.body())) {
            assertEquals("Netflix", JSON.readTree(in).path("title").asText());
        }
    }

    @Test
    void everyBundledSummaryHasTheRealShapeAndAShortExtract() throws IOException {
        JsonNode index = resource("index.json");
        List<String> titles = new ArrayList<>();
        for (JsonNode file : index.path("summaries")) {
            JsonNode summary = resource(file.asText());
            String canonical = summary.path("titles").path("canonical").asText();
            titles.add(canonical);
            for (String field : List.of("type", "title", "displaytitle", "namespace", "titles", "pageid", "lang",
                    "dir", "revision", "tid", "timestamp", "content_urls", "extract", "extract_html")) {
                assertTrue(summary.has(field), canonical + " lacks " + field);
            }
            assertEquals("https://en.wikipedia.org/wiki/" + OfflineWikipediaServer.encodeSegment(canonical),
                    summary.path("content_urls").path("desktop").path("page").asText());
            String extract = summary.path("extract").asText();
            int sentences = extract.split("(?<=\\.)\\s+(?=[A-Z])").length;
            if ("standard".equals(summary.path("type").asText())) {
                assertTrue(sentences >= 3 && sentences <= 6, canonical + " has " + sentences + " sentences");
            } else {
                assertEquals("disambiguation", summary.path("type").asText());
            }
        }
        assertTrue(titles.containsAll(List.of("Facebook", "Amazon", "Apple", "Netflix", "Google", "Meta_Platforms",
                "Amazon_(company)", "Apple_Inc.", "Alphabet_Inc.")), titles.toString());
    }

    @Test
    void sourceLabelIsOfflineSample() {
        assertEquals("offline-sample", OfflineWikipediaServer.SOURCE);
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create(server.baseUri() + pathAndQuery);
        return raw.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = OfflineWikipediaServer.class.getResourceAsStream("/wikipedia/" + name)) {
            return JSON.readTree(in);
        }
    }
}

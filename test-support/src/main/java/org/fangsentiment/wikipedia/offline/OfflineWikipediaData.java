package org.fangsentiment.wikipedia.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bundled data under {@code wikipedia/} on the class path: {@code index.json} lists the
 * summary files and the redirects, {@code search-index.json} holds the title search's pages in
 * ranking order. Titles are keyed in the API's key form (underscores).
 */
final class OfflineWikipediaData {

    static final String RESOURCE_DIR = "/wikipedia/";

    private final ObjectMapper json;
    private final Map<String, String> summaries;
    private final Map<String, String> redirects;
    private final List<JsonNode> searchPages;

    private OfflineWikipediaData(ObjectMapper json, Map<String, String> summaries, Map<String, String> redirects,
            List<JsonNode> searchPages) {
        this.json = json;
        this.summaries = summaries;
        this.redirects = redirects;
        this.searchPages = searchPages;
    }

    /** Loads and checks the bundled files; a missing or inconsistent file fails here, not later. */
    static OfflineWikipediaData load(ObjectMapper json) {
        JsonNode index = read(json, "index.json");
        Map<String, String> summaries = new LinkedHashMap<>();
        for (JsonNode file : index.path("summaries")) {
            JsonNode summary = read(json, file.asText());
            String key = summary.path("titles").path("canonical").asText("");
            if (key.isEmpty() || summaries.put(key, summary.toString()) != null) {
                throw new IllegalStateException("summary without a unique titles.canonical: " + file.asText());
            }
        }
        Map<String, String> redirects = new LinkedHashMap<>();
        index.path("redirects").properties().forEach(e -> redirects.put(e.getKey(), e.getValue().asText()));
        for (String target : redirects.values()) {
            if (!summaries.containsKey(target)) {
                throw new IllegalStateException("redirect to a title without a summary: " + target);
            }
        }
        List<JsonNode> pages = new ArrayList<>();
        read(json, "search-index.json").path("pages").forEach(pages::add);
        return new OfflineWikipediaData(json, Map.copyOf(summaries), Map.copyOf(redirects), List.copyOf(pages));
    }

    /** The summary JSON of a title in key form. */
    Optional<String> summary(String key) {
        return Optional.ofNullable(summaries.get(key));
    }

    /** The key a redirect page points to. */
    Optional<String> redirectTarget(String key) {
        return Optional.ofNullable(redirects.get(key));
    }

    /** Whether there is a page or redirect of this key. */
    boolean exists(String key) {
        return summaries.containsKey(key) || redirects.containsKey(key);
    }

    int size() {
        return summaries.size();
    }

    /**
     * Title search as the REST API does it: titles that start with the query, case-insensitively,
     * in ranking order; then pages reached through a redirect whose title matches, with
     * {@code matched_title} set.
     */
    String search(String query, int limit) {
        String prefix = normalise(query);
        Set<String> keys = new LinkedHashSet<>();
        ArrayNode pages = json.createArrayNode();
        for (JsonNode page : searchPages) {
            if (pages.size() < limit && normalise(page.path("title").asText()).startsWith(prefix)
                    && keys.add(page.path("key").asText())) {
                pages.add(page.deepCopy());
            }
        }
        for (Map.Entry<String, String> redirect : redirects.entrySet()) {
            if (pages.size() < limit && normalise(redirect.getKey()).startsWith(prefix) && keys.add(redirect.getValue())) {
                searchPages.stream().filter(p -> p.path("key").asText().equals(redirect.getValue())).findFirst()
                        .ifPresent(p -> pages.add(((ObjectNode) p.deepCopy())
                                .put("matched_title", redirect.getKey().replace('_', ' '))));
            }
        }
        ObjectNode result = json.createObjectNode();
        result.set("pages", pages);
        return result.toString();
    }

    private static String normalise(String title) {
        return title.replace('_', ' ').strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static JsonNode read(ObjectMapper json, String name) {
        try (InputStream in = OfflineWikipediaData.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + RESOURCE_DIR + name);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable bundled resource " + RESOURCE_DIR + name, e);
        }
    }
}

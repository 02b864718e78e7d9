package org.fangsentiment.wikipedia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the two response formats. Bodies are untrusted: anything that is not the expected shape
 * is reported as a {@link BadResponseException} with a short reason, never half-read.
 */
final class ResponseParser {

    /** The body is not the expected JSON; the message says why, without echoing the body. */
    static final class BadResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        BadResponseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ResponseParser() {
    }

    /** Whether a {@code Content-Type} value names JSON ({@code application/json} or {@code +json}). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** Reads a page summary; it must be an object with a title. */
    static PageSummary summary(String body) throws BadResponseException {
        JsonNode root = object(body, "summary");
        JsonNode titles = root.path("titles");
        String canonical = text(titles, "canonical");
        String title = firstNonEmpty(text(titles, "normalized"), text(root, "title"), canonical.replace('_', ' '));
        if (title.isEmpty()) {
            throw new BadResponseException("summary has neither titles.normalized, title nor titles.canonical", null);
        }
        if (canonical.isEmpty()) {
            canonical = TitlePath.key(title);
        }
        String type = firstNonEmpty(text(root, "type"), "standard");
        String pageUrl = text(root.path("content_urls").path("desktop"), "page");
        return new PageSummary(type, title, canonical, text(root, "description"), text(root, "extract"), pageUrl);
    }

    /** Reads a title search's {@code pages}, at most {@code limit} of them. */
    static List<SearchCandidate> search(String body, int limit) throws BadResponseException {
        JsonNode pages = object(body, "search result").path("pages");
        if (!pages.isArray()) {
            throw new BadResponseException("search result has no 'pages' array", null);
        }
        List<SearchCandidate> candidates = new ArrayList<>();
        for (JsonNode page : pages) {
            String title = text(page, "title");
            String key = firstNonEmpty(text(page, "key"), TitlePath.key(title));
            if (!key.isEmpty() && candidates.size() < limit) {
                candidates.add(new SearchCandidate(key, firstNonEmpty(title, key.replace('_', ' ')),
                        text(page, "description")));
            }
        }
        return candidates;
    }

    /** Reads a problem+json body's {@code type} for the log; empty when it is not one. */
    static String problemType(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.isObject() ? text(root, "type") : "";
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private static JsonNode object(String body, String what) throws BadResponseException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes part of the input; keep only where it failed.
            throw new BadResponseException("malformed JSON in " + what + " at "
                    + (e.getLocation() == null ? "unknown position" : e.getLocation().offsetDescription()), null);
        }
        if (root == null || !root.isObject()) {
            throw new BadResponseException(what + " is not a JSON object", null);
        }
        return root;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    private static String firstNonEmpty(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return "";
    }
}

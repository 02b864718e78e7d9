package org.fangsentiment.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sentence labels a person gave to the labelled texts (issue 29): {@code sentiment/sentence-labels.jsonl}, one line
 * per sentence as CoreNLP splits it (id, s, label A/F/B/N, adverse_span, favourable_span, sentence), and files whose
 * texts carry their own labelled sentences ({@code sentiment/sentiment-train34.json}, written for training).
 */
final class SentenceLabels {

    static final String RESOURCE = "/sentiment/sentence-labels.jsonl";

    /** One labelled sentence. */
    record Sentence(String id, int index, String label, String adverseSpan, String favourableSpan, String text) {}

    /** A labelled text; {@code sentenceLabels} is null unless its file gives the sentences. */
    record Text(String id, SentimentLabel gold, String kind, String text, String[] sentenceLabels) {}

    private SentenceLabels() {}

    /** Every line of {@link #RESOURCE}, in file order. */
    static List<Sentence> sentences() {
        List<Sentence> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = SentenceLabels.class.getResourceAsStream(RESOURCE);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    JsonNode n = json.readTree(line);
                    out.add(new Sentence(n.get("id").asText(), n.get("s").asInt(), n.get("label").asText(),
                            n.get("adverse_span").asText(), n.get("favourable_span").asText(),
                            n.get("sentence").asText()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Each text's sentence labels in sentence order. */
    static Map<String, String[]> load() {
        Map<String, TreeMap<Integer, String>> byText = new HashMap<>();
        for (Sentence s : sentences()) {
            byText.computeIfAbsent(s.id(), k -> new TreeMap<>()).put(s.index(), s.label());
        }
        Map<String, String[]> out = new HashMap<>();
        byText.forEach((id, m) -> out.put(id, m.values().toArray(String[]::new)));
        return out;
    }

    static List<Text> texts(String resource) {
        try (InputStream in = SentenceLabels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return parse(new ObjectMapper().readTree(in), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Text> texts(File file) {
        try {
            return parse(new ObjectMapper().readTree(file), file.getName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Text> parse(JsonNode array, String source) {
        List<Text> out = new ArrayList<>();
        for (JsonNode n : array) {
            String kind = n.hasNonNull("kind") ? n.get("kind").asText() : source + " (untagged)";
            SentimentLabel gold = SentimentLabel.valueOf(n.get("label").asText());
            if (n.has("sentences")) {
                StringBuilder text = new StringBuilder();
                List<String> labels = new ArrayList<>();
                for (JsonNode s : n.get("sentences")) {
                    text.append(text.isEmpty() ? "" : " ").append(s.get("text").asText());
                    labels.add(s.get("label").asText());
                }
                out.add(new Text(n.get("id").asText(), gold, kind, text.toString(), labels.toArray(String[]::new)));
            } else {
                out.add(new Text(n.get("id").asText(), gold, kind, n.get("text").asText(), null));
            }
        }
        return out;
    }
}

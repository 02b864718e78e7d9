package org.fangsentiment.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The 60 labelled company descriptions ({@code sentiment/sentiment-dev.json}) with their fixed 5-fold assignment:
 * within each gold label, in file order, the i-th text goes to fold {@code i mod 5} (stratified, deterministic).
 */
final class DevSet {

    static final int FOLDS = 5;

    record DevText(String id, SentimentLabel gold, boolean hard, String text, int fold) {}

    private DevSet() {}

    static List<DevText> load() {
        try (InputStream in = DevSet.class.getResourceAsStream("/sentiment/sentiment-dev.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            Map<SentimentLabel, Integer> seen = new EnumMap<>(SentimentLabel.class);
            List<DevText> texts = new ArrayList<>();
            for (JsonNode n : root) {
                SentimentLabel gold = SentimentLabel.valueOf(n.get("label").asText());
                int i = seen.merge(gold, 1, Integer::sum) - 1;
                texts.add(new DevText(n.get("id").asText(), gold, n.get("hard").asBoolean(), n.get("text").asText(),
                        i % FOLDS));
            }
            return List.copyOf(texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

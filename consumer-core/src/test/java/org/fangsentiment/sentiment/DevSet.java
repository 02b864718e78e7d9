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
 * The labelled company descriptions: {@code sentiment/sentiment-dev.json} (60 texts),
 * {@code sentiment/sentiment-dev2.json} (80 texts, each with a {@code kind} tag) and {@code sentiment/sentiment-dev3.json}
 * (100 texts, the last 40 tagged), 240 in all, with a fixed 5-fold
 * assignment: within each gold label, in file order (first file first), the i-th text goes to fold {@code i mod 5}
 * (stratified, deterministic). Texts of the first file have no tag; their kind is {@link #UNTAGGED}.
 */
final class DevSet {

    static final int FOLDS = 5;
    static final String DEV1 = "/sentiment/sentiment-dev.json";
    static final String DEV2 = "/sentiment/sentiment-dev2.json";
    /** 100 texts (ids {@code dev3-*}) written after the issue-19 rule, the last 40 with a {@code kind} tag. */
    static final String DEV3 = "/sentiment/sentiment-dev3.json";
    /**
     * 16 texts written after the issue-19 rule was frozen and measured once (docs/sentiment.md): never part of the
     * calibration, the regression guard or any rule change, so that it stays a check on unseen text.
     */
    static final String HELDOUT = "/sentiment/sentiment-heldout.json";
    /**
     * 42 texts written for issue 29 after its rule was frozen (commit 068f1f7) and scored once
     * (docs/sentiment.md): never part of the calibration, the regression guard or any rule change.
     */
    static final String FROZEN29 = "/sentiment/sentiment-frozen29.json";
    static final String UNTAGGED = "dev1-untagged";

    record DevText(String id, SentimentLabel gold, boolean hard, String text, String kind, int fold) {}

    private DevSet() {}

    /** The three dev files, 240 texts. */
    static List<DevText> load() {
        return load(DEV1, DEV2, DEV3);
    }

    static List<DevText> load(String... resources) {
        Map<SentimentLabel, Integer> seen = new EnumMap<>(SentimentLabel.class);
        List<DevText> texts = new ArrayList<>();
        for (String resource : resources) {
            try (InputStream in = DevSet.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing test resource " + resource);
                }
                for (JsonNode n : new ObjectMapper().readTree(in)) {
                    SentimentLabel gold = SentimentLabel.valueOf(n.get("label").asText());
                    int i = seen.merge(gold, 1, Integer::sum) - 1;
                    String kind = n.hasNonNull("kind") ? n.get("kind").asText()
                            : resource.equals(DEV3) ? "dev3-untagged" : UNTAGGED;
                    texts.add(new DevText(n.get("id").asText(), gold, n.get("hard").asBoolean(),
                            n.get("text").asText(), kind, i % FOLDS));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(texts);
    }
}

package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sentence labels the learned model is trained on ({@link SentenceLabels}) are whole and agree with the text
 * labels: a label every sentence of every text, in order, each one a real sentence of its text, spans copied from it,
 * and sides that add up to the text's label.
 */
class SentenceLabelsTest {

    private static final Set<String> LABELS = Set.of("A", "F", "B", "N");

    @Test
    void everySentenceOfEveryLabelledTextHasALabelInOrder() {
        Map<String, List<SentenceLabels.Sentence>> byText = new HashMap<>();
        for (SentenceLabels.Sentence s : SentenceLabels.sentences()) {
            byText.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(s);
        }
        int texts = 0;
        for (String source : SentenceModelEvaluation.SOURCES) {
            for (SentenceLabels.Text t : SentenceLabels.texts("/sentiment/sentiment-" + source + ".json")) {
                texts++;
                if (t.sentenceLabels() != null) {
                    assertTrue(t.sentenceLabels().length > 0, t.id());
                    assertAgrees(t.id(), t.gold(), List.of(t.sentenceLabels()));
                    continue;
                }
                List<SentenceLabels.Sentence> sentences = byText.remove(t.id());
                assertTrue(sentences != null, "no sentence labels for " + t.id());
                int from = 0;
                for (int i = 0; i < sentences.size(); i++) {
                    SentenceLabels.Sentence s = sentences.get(i);
                    assertEquals(i, s.index(), t.id() + ": sentences out of order");
                    int at = t.text().indexOf(s.text(), from);
                    assertTrue(at >= 0, t.id() + " s" + i + " is not the text's next sentence: " + s.text());
                    from = at + s.text().length();
                }
                assertTrue(t.text().substring(from).isBlank(), t.id() + ": text left after the last labelled sentence");
                assertAgrees(t.id(), t.gold(), sentences.stream().map(SentenceLabels.Sentence::label).toList());
            }
        }
        assertTrue(byText.isEmpty(), "labels for unknown texts: " + byText.keySet());
        assertEquals(548, texts);
    }

    @Test
    void spansAreCopiedFromTheirSentenceExactlyWhenTheLabelNeedsThem() {
        for (SentenceLabels.Sentence s : SentenceLabels.sentences()) {
            String where = s.id() + " s" + s.index();
            assertTrue(LABELS.contains(s.label()), where + ": label " + s.label());
            boolean adverse = s.label().equals("A") || s.label().equals("B");
            boolean favourable = s.label().equals("F") || s.label().equals("B");
            assertEquals(adverse, !s.adverseSpan().isEmpty(), where + ": adverse span");
            assertEquals(favourable, !s.favourableSpan().isEmpty(), where + ": favourable span");
            assertTrue(s.text().contains(s.adverseSpan()) && s.text().contains(s.favourableSpan()), where);
        }
    }

    /** NEUTRAL: no side; POSITIVE or NEGATIVE: its side only; MIXED: both. */
    private static void assertAgrees(String id, SentimentLabel gold, List<String> labels) {
        boolean adverse = labels.stream().anyMatch(l -> l.equals("A") || l.equals("B"));
        boolean favourable = labels.stream().anyMatch(l -> l.equals("F") || l.equals("B"));
        assertTrue(labels.stream().allMatch(LABELS::contains), id + ": " + labels);
        SentimentLabel sides = adverse && favourable ? SentimentLabel.MIXED
                : favourable ? SentimentLabel.POSITIVE : adverse ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL;
        assertEquals(gold, sides, id + ": sentence labels " + labels);
    }
}

package org.fangsentiment.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The features the sentence model of {@link SentenceModelEvaluation} reads off one analysed sentence: its content words by lemma and word class
 * (marked when a negation scope covers them), and what the rule's own parse reading found there (events by side and
 * category, trade decisions by kind, praise words). Names, numbers, dates and function words give no feature, so a
 * learned weight can never rest on them. (Adjacent-lemma pairs were tried as well: no better under
 * cross-validation, so left out.)
 */
final class SentenceFeatures {

    /** A feature, and the token it comes from (-1 for a feature of the whole sentence). */
    record Feature(String name, int token) {}

    private SentenceFeatures() {}

    static List<Feature> of(SentenceSentiment s) {
        List<Feature> out = new ArrayList<>();
        String[] tags = SentimentRule.tags(s);
        for (int t = 0; t < s.length(); t++) {
            String tag = tags[t] == null ? "" : tags[t];
            String wordClass = wordClass(tag);
            if (wordClass == null) {
                continue;
            }
            String lemma = EventDetector.lemma(s.tokens().get(t), tag);
            if (!isWord(lemma)) {
                continue;
            }
            out.add(new Feature((s.negated(t) ? "n:" : "w:") + lemma + "/" + wordClass, t));
            if (OpinionVocabulary.praises(s.tokens().get(t)) && !s.negated(t)) {
                out.add(new Feature("praise", t));
            }
        }
        for (EventMention m : s.events()) {
            if (m.event()) {
                EventLexicon.Side side = m.effectiveSide();
                String sideName = side == null ? "none" : side.name().toLowerCase(Locale.ROOT);
                String strength = m.decision().kind() == EventDecision.Kind.EVENT ? "" : "/description";
                out.add(new Feature("event:" + sideName + strength, m.token()));
                out.add(new Feature("category:" + m.category() + ":" + sideName, m.token()));
            } else {
                out.add(new Feature("trade:" + m.decision().kind().name().toLowerCase(Locale.ROOT), m.token()));
            }
        }
        for (int t = 0; t < s.length(); t++) {
            if ("VBD".equals(tags[t])) {
                out.add(new Feature("tense:past", -1));
                break;
            }
        }
        if (s.negations().size() > 0) {
            out.add(new Feature("negation", -1));
        }
        out.add(new Feature("bias", -1));
        return out;
    }

    /** N, V, J or R for nouns, verbs, adjectives and adverbs; null for proper nouns, numbers and function words. */
    static String wordClass(String tag) {
        if (tag.startsWith("NNP")) {
            return null;
        }
        if (tag.startsWith("NN")) {
            return "N";
        }
        if (tag.startsWith("VB")) {
            return "V";
        }
        if (tag.startsWith("JJ")) {
            return "J";
        }
        if (tag.startsWith("RB")) {
            return "R";
        }
        return null;
    }

    private static boolean isWord(String lemma) {
        for (int i = 0; i < lemma.length(); i++) {
            if (Character.isLetter(lemma.charAt(i))) {
                return !lemma.equals("be") && !lemma.equals("have") && !lemma.equals("do");
            }
        }
        return false;
    }
}

package org.fangsentiment.sentiment;

import java.util.List;

/**
 * The sentiment of one text.
 *
 * @param label               POSITIVE, NEGATIVE, NEUTRAL or MIXED (see {@link SentimentRule})
 * @param score               the rule's signed strength in [-1, 1]: NEGATIVE -1 .. -0.5, NEUTRAL and MIXED
 *                            -0.25 .. 0.25, POSITIVE 0.5 .. 1 (see {@link SentimentRule})
 * @param distribution        the document distribution: the mean of the corrected 5-class distributions of all
 *                            phrase nodes (see {@link SentimentRule})
 * @param sentenceCount       sentences CoreNLP found
 * @param phraseCount         phrase nodes that entered the distribution
 * @param positiveShare       share of those nodes that are strongly positive (the positive evidence)
 * @param negativeShare       share of those nodes that are strongly negative (the negative evidence)
 * @param eventTerms          lexicon terms found as events outside any negation (see {@link EventDetector})
 * @param negatedEventTerms   lexicon terms found as events inside a negation scope ("never ... a recall")
 * @param negationCount       negation cues with a scope
 * @param reasons             the phrases that decided the label, each with its side; empty for NEUTRAL
 */
public record SentimentResult(
        SentimentLabel label,
        double score,
        Distribution distribution,
        int sentenceCount,
        int phraseCount,
        double positiveShare,
        double negativeShare,
        List<String> eventTerms,
        List<String> negatedEventTerms,
        int negationCount,
        List<SentimentRule.Reason> reasons) {

    public SentimentResult {
        eventTerms = List.copyOf(eventTerms);
        negatedEventTerms = List.copyOf(negatedEventTerms);
        reasons = List.copyOf(reasons);
    }

    /** The {@code evidence} column: "phrase (-); phrase (+)", empty for NEUTRAL. */
    public String evidence() {
        StringBuilder sb = new StringBuilder();
        for (SentimentRule.Reason r : reasons) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(r);
        }
        return sb.toString();
    }

    public double pVeryNegative() {
        return distribution.veryNegative();
    }

    public double pNegative() {
        return distribution.negative();
    }

    public double pNeutral() {
        return distribution.neutral();
    }

    public double pPositive() {
        return distribution.positive();
    }

    public double pVeryPositive() {
        return distribution.veryPositive();
    }
}

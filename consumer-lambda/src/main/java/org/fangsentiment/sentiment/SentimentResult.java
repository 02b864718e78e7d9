package org.fangsentiment.sentiment;

import java.util.List;

/**
 * The sentiment of one text.
 *
 * @param label               POSITIVE, NEGATIVE, NEUTRAL or MIXED (see {@link SentimentRule})
 * @param score               expectation of the document distribution over (-1, -0.5, 0, 0.5, 1), in [-1, 1]
 * @param distribution        the document distribution: the mean of the corrected 5-class distributions of all
 *                            phrase nodes (see {@link SentimentRule})
 * @param sentenceCount       sentences CoreNLP found
 * @param phraseCount         phrase nodes that entered the distribution
 * @param positiveShare       share of those nodes that are strongly positive (the positive evidence)
 * @param negativeShare       share of those nodes that are strongly negative (the negative evidence)
 * @param eventTerms          business-event terms found outside any negation (see {@link BusinessEventTerms})
 * @param negatedEventTerms   business-event terms found inside a negation scope ("never ... a recall")
 * @param negationCount       negation cues with a scope
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
        int negationCount) {

    public SentimentResult {
        eventTerms = List.copyOf(eventTerms);
        negatedEventTerms = List.copyOf(negatedEventTerms);
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

package org.fangsentiment.engine;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.fangsentiment.sentiment.Distribution;
import org.fangsentiment.sentiment.SentimentLabel;

/**
 * What an engine says about one text, as the CSV row needs it.
 *
 * @param label POSITIVE, NEGATIVE, NEUTRAL or MIXED
 * @param score signed strength in [-1, 1]: CoreNLP's rule score, or Comprehend's Positive − Negative
 * @param distribution CoreNLP's 5-class document distribution; empty for Comprehend
 * @param sentenceCount sentences CoreNLP found; empty for Comprehend
 * @param evidence the phrases that decided the label ("phrase (-); phrase (+)"), empty when there are none
 * @param truncated whether the engine scored only a leading part of the text (Comprehend's size limit)
 */
public record Scored(SentimentLabel label, double score, Optional<Distribution> distribution, OptionalInt sentenceCount,
                     String evidence, boolean truncated) {

    public Scored {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(sentenceCount, "sentenceCount");
        Objects.requireNonNull(evidence, "evidence");
    }
}

package org.fangsentiment.sentiment;

/** The document label (the seed's label set, from Amazon Comprehend). */
public enum SentimentLabel {
    POSITIVE,
    NEGATIVE,
    NEUTRAL,
    MIXED
}

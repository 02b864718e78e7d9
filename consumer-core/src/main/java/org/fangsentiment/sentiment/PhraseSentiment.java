package org.fangsentiment.sentiment;

/**
 * CoreNLP's prediction for one node of a sentence's sentiment tree: the tokens {@code [start, end)} it spans
 * (0-based, within the sentence), its syntactic category in the binarised parse (for example {@code NP},
 * {@code @VP}; preterminals carry their part-of-speech tag) and its 5-class distribution.
 */
public record PhraseSentiment(int start, int end, String category, Distribution distribution) {

    public PhraseSentiment {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    /** Number of tokens the phrase spans. */
    public int length() {
        return end - start;
    }

    public boolean contains(int token) {
        return token >= start && token < end;
    }

    /** True when {@code [from, to)} lies inside this phrase. */
    public boolean covers(int from, int to) {
        return from >= start && to <= end;
    }
}

package org.fangsentiment.sentiment;

import java.util.List;

/**
 * CoreNLP's sentiment output for one sentence.
 *
 * @param tokens    the sentence's tokens, as CoreNLP split them
 * @param root      the 5-class distribution of the sentence's root node
 * @param phrases   every non-leaf node of the sentiment tree (the root included, preterminals included), each with
 *                  its token span and distribution, in pre-order
 * @param negations negation cues and their scopes, read from the same tree
 * @param events    lexicon words found in the sentence, each marked event or trade ({@link EventDetector})
 */
public record SentenceSentiment(
        List<String> tokens, Distribution root, List<PhraseSentiment> phrases, List<NegationScope> negations,
        List<EventMention> events) {

    public SentenceSentiment {
        tokens = List.copyOf(tokens);
        phrases = List.copyOf(phrases);
        negations = List.copyOf(negations);
        events = List.copyOf(events);
    }

    /** A sentence without lexicon words. */
    public SentenceSentiment(
            List<String> tokens, Distribution root, List<PhraseSentiment> phrases, List<NegationScope> negations) {
        this(tokens, root, phrases, negations, List.of());
    }

    public int length() {
        return tokens.size();
    }

    /** True when {@code token} lies inside some negation scope. */
    public boolean negated(int token) {
        for (NegationScope n : negations) {
            if (n.contains(token)) {
                return true;
            }
        }
        return false;
    }
}

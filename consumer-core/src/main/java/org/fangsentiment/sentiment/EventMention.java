package org.fangsentiment.sentiment;

/**
 * A lexicon word found in a sentence, and what the parse tree says it is.
 *
 * @param token    index of the (first) token in the sentence
 * @param term     the lexicon entry that matched ({@link EventLexicon})
 * @param category the entry's category
 * @param side     the entry's side as written in the lexicon
 * @param event    true when the word reports something that happened (an event); false when it names a product,
 *                 service, field or customer problem (the company's trade), which counts for nothing
 * @param negated  true when the word lies inside a negation scope ("has never been fined")
 * @param weight   1 for a reported event; 0.5 for an evaluative adjective describing a noun ("a defective
 *                 heater"), which is weaker evidence than a report that something happened
 * @param reason   why {@link EventDetector} decided event or trade, for tracing a label back
 * @param phrase   the words around it, as shown in the {@code evidence} column
 */
public record EventMention(int token, String term, String category, EventLexicon.Side side, boolean event,
                           boolean negated, double weight, String reason, String phrase) {

    /**
     * The side it counts for, or null: a negated adverse event ("no one was injured", "has never been fined") is
     * favourable; a negated favourable one ("was never rescued", "has not won the cup") counts for neither side,
     * since what is missing there is rarely a criticism.
     */
    public EventLexicon.Side effectiveSide() {
        if (!negated) {
            return side;
        }
        return side == EventLexicon.Side.ADVERSE ? EventLexicon.Side.FAVOURABLE : null;
    }
}

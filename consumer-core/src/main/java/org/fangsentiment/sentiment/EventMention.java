package org.fangsentiment.sentiment;

/**
 * A lexicon word found in a sentence, and what the parse tree says it is.
 *
 * @param token    index of the (first) token in the sentence
 * @param term     the lexicon entry that matched ({@link EventLexicon})
 * @param category the entry's category
 * @param side     the entry's side as written in the lexicon
 * @param decision what {@link EventDetector} decided: an event, an evaluative description, a deal or the
 *                 company's trade (which counts for nothing), with a reason for tracing a label back
 * @param negated  true when the word lies inside a negation scope ("has never been fined")
 * @param phrase   the words around it, as shown in the {@code evidence} column
 */
public record EventMention(int token, String term, String category, EventLexicon.Side side, EventDecision decision,
                           boolean negated, String phrase) {

    /** True when the word reports something that happened (an event or an evaluative description). */
    public boolean event() {
        return decision.kind().event();
    }

    /**
     * 1 for a reported event; 0.5 for an evaluative adjective describing a noun ("a defective heater"), which is
     * weaker evidence than a report that something happened; 0 for a trade or a deal.
     */
    public double weight() {
        return decision.kind().weight();
    }

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

package org.fangsentiment.sentiment;

/**
 * What {@link EventDetector} decided about one lexicon word: its {@link Kind} (the decision, which the rule reads)
 * and a reason naming the words involved (for logs, tests and docs only; rewording it changes no label).
 */
public record EventDecision(Kind kind, String reason) {

    /**
     * Every decision, in one place: one kind for an event, one for an evaluative description, and one per rule that
     * makes the word name the company's trade or a deal (the list in {@link EventDetector}'s class comment).
     */
    public enum Kind {
        /** Something that happened to or was done by the company: counts with weight 1. */
        EVENT(true, 1),
        /** An evaluative adjective describing a noun ("a <i>defective</i> heater"): counts with weight 0.5. */
        DESCRIPTION(true, 0.5),
        /** Trade rule 1: a non-final part of a hyphenated word ("<i>fire</i>-resistant doors"). */
        COMPOUND_PART(false, 0),
        /** Trade rule 2: a noun, gerund or participle modifying a noun phrase's head ("<i>accident</i> insurance"). */
        NOUN_MODIFIER(false, 0),
        /** Trade rule 3: inside the complement of a trade noun ("a specialist in <i>insolvency</i>"). */
        TRADE_NOUN_COMPLEMENT(false, 0),
        /** Trade rule 4: in a present-tense clause without a participle ("its scanners spot <i>fraud</i>"). */
        PRESENT_TENSE(false, 0),
        /** Trade rule 5a: the object or complement of a trade verb ("repairs <i>storm</i> damage"). */
        TRADE_VERB_OBJECT(false, 0),
        /** Trade rule 5b: in a clause stating a condition or a general case ("if the cargo is <i>lost</i>"). */
        CONDITION(false, 0),
        /** Trade rule 5c: a participle describing other parties ("start-ups <i>accused</i> of theft"). */
        OTHER_PARTIES(false, 0),
        /**
         * Trade rule 5d: in a time or cause adjunct of a founding verb, the backdrop of the founding ("founded
         * because the village <i>lacked</i> a baker", "started it after his first business <i>failed</i>").
         */
        ORIGIN(false, 0),
        /**
         * Issue 29, fourth round: a favourable word describing what an adverse event befell ("a recall of its
         * <i>best-selling</i> cream"): the product's praise is not the company's news there.
         */
        HARMED_OBJECT(false, 0),
        /** Not an honour: "won a <i>contract</i>", "a <i>contract</i> award", "honoured its debts". */
        DEAL(false, 0);

        private final boolean event;
        private final double weight;

        Kind(boolean event, double weight) {
            this.event = event;
            this.weight = weight;
        }

        /** True when the word reports something that happened (it counts for a side). */
        public boolean event() {
            return event;
        }

        /** How much it counts: 1 for an event, 0.5 for an evaluative description, 0 otherwise. */
        public double weight() {
            return weight;
        }
    }

    /** The decision with only a kind, its reason the kind's name. */
    static EventDecision of(Kind kind) {
        return new EventDecision(kind, kind.name().toLowerCase(java.util.Locale.ROOT));
    }
}

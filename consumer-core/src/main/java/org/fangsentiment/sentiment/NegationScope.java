package org.fangsentiment.sentiment;

/**
 * A negation found in the parse tree: the cue token (for example "never", "not", "no", "without") and the tokens
 * {@code [start, end)} it negates. The scope is read off the tree by {@link NegationScopes}: the rest of the
 * smallest phrase that contains the cue and something after it, widened to the rest of the clause when the cue
 * sits in a subject noun phrase ("no one has been killed").
 */
public record NegationScope(int cue, int start, int end) {

    public NegationScope {
        if (cue < 0 || start <= cue || end <= start) {
            throw new IllegalArgumentException("bad negation scope cue=" + cue + " [" + start + ", " + end + ")");
        }
    }

    public boolean contains(int token) {
        return token >= start && token < end;
    }
}

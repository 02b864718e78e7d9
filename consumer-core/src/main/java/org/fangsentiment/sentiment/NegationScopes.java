package org.fangsentiment.sentiment;

import edu.stanford.nlp.trees.Tree;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads negation cues and their scopes off a (binarised) parse tree.
 *
 * <p>Cues are the closed class of English negators: {@code not, n't, never, no, none, nobody, nothing, neither,
 * nor, without}. The scope of a cue is the rest of the smallest phrase that contains the cue and at least one
 * token after it ("has [never] <i>lost an aircraft</i>", "[without] <i>a fatal accident</i>", "is [not]
 * <i>profitable</i>"). When that phrase is a noun phrase standing as the subject of a clause ("[no] one has been
 * killed"), the scope runs to the end of the clause instead, since the negation applies to the predicate; and a
 * scope that ends right before "or"/"nor" extends over the next conjunct ("never lost an aircraft or suffered a
 * fatality"). The pronoun negators "none", "nobody", "nothing" and "neither" scope over the rest of their clause
 * ("none of its ferries has sunk"). So does a quantifier negation in subject position, active or passive: "no" before
 * a noun, or "not" before "one", "a", "an", "single" or "any", with no verb of its clause before it ("[not] one of
 * its products <i>has been recalled</i>", "[no] case of food poisoning <i>has been traced to</i> its kitchens",
 * "[not] a single worker <i>was injured</i>"). The clause is the smallest whole (not binariser-made) clause around
 * the cue, so a coordinated clause with its own subject stays outside.
 */
final class NegationScopes {

    static final Set<String> CUES = Set.of(
            "not", "n't", "never", "no", "none", "nobody", "nothing", "neither", "nor", "without");

    private static final Set<String> DISJUNCTIONS = Set.of("or", "nor");

    /**
     * Negators that stand for a whole noun phrase and are nearly always a clause's subject ("none of its ferries
     * has sunk"): their scope runs to the end of the smallest clause around them even when the parser attaches
     * them to a neighbouring phrase.
     */
    private static final Set<String> PRONOUN_CUES = Set.of("none", "nobody", "nothing", "neither");

    /** Words that make "not" a quantifier negation ("not one of", "not a single"); "not all" is not one. */
    private static final Set<String> NEGATED_QUANTIFIERS = Set.of("one", "a", "an", "single", "any");

    private NegationScopes() {}

    static List<NegationScope> find(TreeIndex tree) {
        List<Tree> leaves = tree.leaves();
        List<NegationScope> scopes = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            if (!CUES.contains(leaves.get(i).value().toLowerCase(Locale.ROOT))) {
                continue;
            }
            NegationScope scope = scopeOf(tree, leaves.get(i), i);
            if (scope != null) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    private static NegationScope scopeOf(TreeIndex tree, Tree leaf, int cue) {
        for (Tree node = tree.parent(leaf); node != null; node = tree.parent(node)) {
            if (tree.end(node) > cue + 1) {
                int end = tree.end(node);
                Tree parent = tree.parent(node);
                if (isNounPhrase(node) && parent != null && isClause(parent) && isSubject(parent, node)) {
                    end = tree.end(parent);
                }
                if (PRONOUN_CUES.contains(leaf.value().toLowerCase(Locale.ROOT))) {
                    end = Math.max(end, clauseEnd(tree, node));
                }
                if (quantifierNegation(tree, cue)) {
                    end = Math.max(end, predicateEnd(tree, leaf, cue));
                }
                return new NegationScope(cue, cue + 1, widenOverDisjunction(tree, node, end));
            }
        }
        return null; // a cue at the very end of the sentence negates nothing we can see
    }

    /**
     * "never lost an aircraft <b>or</b> suffered a fatality": a negation distributes over a following disjunction
     * (not (A or B) = not A and not B), so when the scope ends right before "or"/"nor" it is widened to the end of
     * the smallest phrase that holds the cue and the next conjunct.
     */
    private static int widenOverDisjunction(TreeIndex tree, Tree node, int end) {
        List<Tree> leaves = tree.leaves();
        if (end >= leaves.size() - 1 || !DISJUNCTIONS.contains(leaves.get(end).value().toLowerCase(Locale.ROOT))) {
            return end;
        }
        for (Tree n = node; n != null; n = tree.parent(n)) {
            if (tree.end(n) > end + 1) {
                return tree.end(n);
            }
        }
        return end;
    }

    /** "no" or "not one/a/single/any" with no verb of its clause before it: the negated subject of a clause. */
    private static boolean quantifierNegation(TreeIndex tree, int cue) {
        List<Tree> leaves = tree.leaves();
        String w = leaves.get(cue).value().toLowerCase(Locale.ROOT);
        String next = cue + 1 < leaves.size() ? leaves.get(cue + 1).value().toLowerCase(Locale.ROOT) : "";
        if (!(w.equals("no") || w.equals("not") && NEGATED_QUANTIFIERS.contains(next))) {
            return false;
        }
        Tree clause = wholeClause(tree, leaves.get(cue));
        if (clause == null) {
            return false;
        }
        // a comma right before the cue ends a fronted clause: "Although attacks are common, not one of its vans ..."
        int from = cue > 0 && leaves.get(cue - 1).value().equals(",") ? cue : tree.start(clause);
        for (int t = from; t < cue; t++) {
            Tree pre = tree.parent(leaves.get(t));
            String tag = pre == null ? "" : pre.value();
            if ((tag.startsWith("VB") || tag.equals("MD")) && !inFrontedAdjunct(tree, pre, clause)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The verb belongs to a subordinate clause or phrase fronted before the subject ("Although attacks are common,
     * not one of its vans has been robbed"): it is not the negated clause's own verb (issue 29, third round).
     */
    private static boolean inFrontedAdjunct(TreeIndex tree, Tree pre, Tree clause) {
        for (Tree n = tree.parent(pre); n != null && n != clause; n = tree.parent(n)) {
            String c = category(n);
            if (c.equals("SBAR") || c.equals("PP")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The smallest clause around {@code leaf} that the parser made: a binariser's {@code @S} part is widened to the
     * clause it belongs to (or, under the root, kept: the binariser splits off the final full stop that way).
     */
    private static Tree wholeClause(TreeIndex tree, Tree leaf) {
        Tree sbar = null; // the binariser collapses SBAR -> S into SBAR: "In 50 years not a single batch has been ..."
        for (Tree n = tree.parent(leaf); n != null; n = tree.parent(n)) {
            if (sbar == null && category(n).equals("SBAR")) {
                sbar = n;
            }
            if (!isSentential(n)) {
                continue;
            }
            Tree m = n;
            while (m.value().startsWith("@") && tree.parent(m) != null && isSentential(tree.parent(m))) {
                m = tree.parent(m);
            }
            return m;
        }
        return sbar;
    }

    private static boolean isSentential(Tree n) {
        String c = category(n);
        return n.value() != null && (c.equals("S") || c.equals("SINV") || c.equals("SQ"));
    }

    /**
     * The end of the whole clause around a negated subject; when the parser closed that clause before any verb
     * after the cue ("Although attacks are common in [the city, not one of its vans]] has been robbed"), the end of
     * the next clause up that holds one.
     */
    private static int predicateEnd(TreeIndex tree, Tree leaf, int cue) {
        Tree clause = wholeClause(tree, leaf);
        while (clause != null && !verbAfter(tree, cue, clause) && tree.parent(clause) != null) {
            Tree up = wholeClause(tree, clause);
            if (up == null) {
                break;
            }
            clause = up;
        }
        return clause == null ? tree.leaves().size() : tree.end(clause);
    }

    /** A verb of the clause itself after the cue (not one of a relative clause: "not one of the vans it owns"). */
    private static boolean verbAfter(TreeIndex tree, int cue, Tree clause) {
        for (int t = cue + 1; t < tree.end(clause); t++) {
            Tree pre = tree.parent(tree.leaves().get(t));
            if (pre != null && (pre.value().startsWith("VB") || pre.value().equals("MD"))
                    && !inFrontedAdjunct(tree, pre, clause)) {
                return true;
            }
        }
        return false;
    }


    private static int clauseEnd(TreeIndex tree, Tree node) {
        for (Tree n = node; n != null; n = tree.parent(n)) {
            if (isClause(n)) {
                return tree.end(n);
            }
        }
        return tree.end(node);
    }

    /**
     * The noun phrase is the clause's subject: its first child, or (after a fronted adjunct: "In 40 years, none of
     * its ships has sunk") the last noun phrase before the clause's verb phrase.
     */
    private static boolean isSubject(Tree clause, Tree np) {
        if (clause.firstChild() == np) {
            return true;
        }
        Tree[] kids = clause.children();
        for (int k = 0; k < kids.length - 1; k++) {
            if (kids[k] == np) {
                String next = category(kids[k + 1]);
                return next.equals("VP");
            }
        }
        return false;
    }

    private static boolean isNounPhrase(Tree node) {
        String c = category(node);
        return c.equals("NP") || c.equals("DT") || c.equals("NN") || c.equals("NNS");
    }

    private static boolean isClause(Tree node) {
        String c = category(node);
        return c.equals("S") || c.equals("SINV") || c.equals("SQ") || c.equals("SBAR") || c.equals("ROOT");
    }

    /** The node's category without the binariser's {@code @} prefix and any functional suffix. */
    static String category(Tree node) {
        String v = node.value();
        if (v == null) {
            return "";
        }
        if (v.startsWith("@")) {
            v = v.substring(1);
        }
        int dash = v.indexOf('-', 1);
        return dash > 0 ? v.substring(0, dash) : v;
    }
}

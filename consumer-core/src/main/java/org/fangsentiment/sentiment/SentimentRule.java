package org.fangsentiment.sentiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Turns CoreNLP's output and the events read off the parse tree into a label, a score and the evidence for both.
 *
 * <p><b>Events.</b> {@link EventDetector} finds the lexicon's words ({@link EventLexicon}) and keeps only those the
 * tree shows to be events ("the plant was shut after a chemical leak", "won a national design prize"), not the
 * company's trade ("leak-detection sensors", "organises a design prize"). A negated event counts for the other side
 * ("has never had to recall a product" is favourable).
 *
 * <p><b>CoreNLP's phrases.</b> Every node of every sentence's sentiment tree, after two corrections: nodes that
 * contain a negation cue are left out and nodes inside its scope are mirrored (CoreNLP reads any negator as
 * negative); nodes that cover an event take that event's side, with CoreNLP's intensity kept (and are not mirrored
 * when every event they cover was read as not negated: "has not honoured its debts" is adverse). A node is strongly
 * positive when its merged positive probability is above {@link Parameters#strongPhrase()}. CoreNLP's negative side
 * is not used for the label: on company descriptions it mostly reflects long factual sentences and sombre-sounding
 * trades, not anything that happened (docs/sentiment.md).
 *
 * <p><b>Label.</b> The text has adverse evidence when it reports at least one adverse event. It has favourable
 * evidence when it reports a favourable event, or when the share of strongly positive nodes reaches
 * {@link Parameters#evidenceShare()} (CoreNLP finds praise well). Both: MIXED; one: POSITIVE or NEGATIVE; neither:
 * NEUTRAL.
 *
 * <p><b>Score</b>, the rule's own signed strength in [-1, 1]: each side's strength is x / (1 + x), where x is the
 * side's evidence in units of what it takes to count (adverse: events; favourable: events plus the positive share
 * over its threshold), so a side that counts has strength at least 0.5. POSITIVE scores its favourable strength
 * (0.5 .. 1), NEGATIVE minus its adverse strength (-1 .. -0.5), MIXED and NEUTRAL half the difference (-0.25 ..
 * 0.25). Ordering by score orders NEGATIVE &lt; NEUTRAL &lt; POSITIVE.
 *
 * <p>Calibrated on the 140 labelled texts; figures and method in {@code docs/sentiment.md}. Stateless and
 * thread-safe.
 */
public final class SentimentRule {

    /** Phrases shown in the {@code evidence} column per side, at most: strongest first. */
    public static final int MAX_EVIDENCE_PER_SIDE = 3;

    /**
     * Every parameter of the rule, in one place.
     *
     * @param strongPhrase  a node counts as strongly positive when its merged positive probability is above this
     * @param evidenceShare CoreNLP's praise counts as favourable evidence when at least this share of the text's
     *                      phrase nodes is strongly positive
     */
    public record Parameters(double strongPhrase, double evidenceShare) {
        /** Chosen on the 240 labelled texts of the three dev files by the calibration in {@code docs/sentiment.md}. */
        public static final Parameters DEFAULTS = new Parameters(0.5, 0.035);

        public Parameters {
            if (!(strongPhrase >= 0.5 && strongPhrase < 1)) {
                throw new IllegalArgumentException("strongPhrase must be in [0.5, 1): " + strongPhrase);
            }
            if (!(evidenceShare > 0 && evidenceShare <= 1)) {
                throw new IllegalArgumentException("evidenceShare must be in (0, 1]: " + evidenceShare);
            }
        }
    }

    /** A phrase that decided the label, and its side. */
    public record Reason(String phrase, EventLexicon.Side side) {
        @Override
        public String toString() {
            return phrase + (side == EventLexicon.Side.ADVERSE ? " (-)" : " (+)");
        }
    }

    /**
     * What the label is decided from, for one {@code strongPhrase} value. Exposed so that calibration can try
     * thresholds without re-running CoreNLP.
     *
     * @param praise CoreNLP's strongest positive phrases (outside events), best first, shown when CoreNLP's share
     *               is what makes the favourable side count
     */
    public record Evidence(
            int sentenceCount,
            int phraseCount,
            int strongPositive,
            int strongNegative,
            Distribution distribution,
            List<EventMention> mentions,
            int negationCount,
            List<String> praise) {

        public double positiveShare() {
            return phraseCount == 0 ? 0 : (double) strongPositive / phraseCount;
        }

        public double negativeShare() {
            return phraseCount == 0 ? 0 : (double) strongNegative / phraseCount;
        }

        public List<EventMention> events(EventLexicon.Side side) {
            return mentions.stream().filter(m -> m.event() && m.effectiveSide() == side).toList();
        }

        /** The weighted number of events on {@code side}. */
        public double weight(EventLexicon.Side side) {
            return events(side).stream().mapToDouble(EventMention::weight).sum();
        }
    }

    private final Parameters parameters;

    public SentimentRule() {
        this(Parameters.DEFAULTS);
    }

    public SentimentRule(Parameters parameters) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }

    public Parameters parameters() {
        return parameters;
    }

    public SentimentResult apply(AnalyzedText text) {
        Evidence e = evidence(text, parameters.strongPhrase());
        SentimentLabel label = label(e, parameters.evidenceShare());
        List<String> events = new ArrayList<>();
        List<String> negated = new ArrayList<>();
        for (EventMention m : e.mentions()) {
            if (m.event()) {
                (m.negated() ? negated : events).add(m.term());
            }
        }
        return new SentimentResult(label, score(e, parameters.evidenceShare()), e.distribution(), e.sentenceCount(),
                e.phraseCount(), e.positiveShare(), e.negativeShare(), events, negated, e.negationCount(),
                reasons(e, label, parameters.evidenceShare()));
    }

    /** The label from the evidence: MIXED, POSITIVE, NEGATIVE or NEUTRAL. */
    public static SentimentLabel label(Evidence e, double evidenceShare) {
        boolean positive = favourable(e, evidenceShare) >= 1;
        boolean negative = adverse(e) >= 1;
        if (positive && negative) {
            return SentimentLabel.MIXED;
        }
        if (positive) {
            return SentimentLabel.POSITIVE;
        }
        return negative ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL;
    }

    /** Favourable evidence in units of what it takes to count: events plus CoreNLP's share over its threshold. */
    static double favourable(Evidence e, double evidenceShare) {
        return e.weight(EventLexicon.Side.FAVOURABLE) + e.positiveShare() / evidenceShare;
    }

    /** Adverse evidence in the same units: adverse events. */
    static double adverse(Evidence e) {
        return e.weight(EventLexicon.Side.ADVERSE);
    }

    /** The rule's signed strength in [-1, 1] (see the class comment). */
    public static double score(Evidence e, double evidenceShare) {
        double pos = strength(favourable(e, evidenceShare));
        double neg = strength(adverse(e));
        return switch (label(e, evidenceShare)) {
            case POSITIVE -> pos;
            case NEGATIVE -> -neg;
            case MIXED, NEUTRAL -> (pos - neg) / 2;
        };
    }

    private static double strength(double x) {
        return x / (1 + x);
    }

    /** The phrases that decided the label, adverse first within each sentence order; none for NEUTRAL. */
    static List<Reason> reasons(Evidence e, SentimentLabel label, double evidenceShare) {
        List<Reason> out = new ArrayList<>();
        if (label == SentimentLabel.NEUTRAL) {
            return out;
        }
        boolean showAdverse = label == SentimentLabel.NEGATIVE || label == SentimentLabel.MIXED;
        boolean showFavourable = label == SentimentLabel.POSITIVE || label == SentimentLabel.MIXED;
        int perSide = MAX_EVIDENCE_PER_SIDE;
        if (showAdverse) {
            add(out, distinctPhrases(e.events(EventLexicon.Side.ADVERSE)), perSide, EventLexicon.Side.ADVERSE);
        }
        if (showFavourable) {
            List<String> fav = new ArrayList<>(distinctPhrases(e.events(EventLexicon.Side.FAVOURABLE)));
            fav.addAll(e.praise());
            add(out, fav, perSide, EventLexicon.Side.FAVOURABLE);
        }
        return out;
    }

    private static void add(List<Reason> out, List<String> phrases, int limit, EventLexicon.Side side) {
        phrases.stream().limit(limit).forEach(p -> out.add(new Reason(p.replace(';', ','), side)));
    }

    /**
     * Event phrases, reported events before evaluative descriptions (weight 1 before 0.5), in text order within
     * each, leaving out one contained in another ("won two awards" and "two awards").
     */
    private static List<String> distinctPhrases(List<EventMention> events) {
        List<String> out = new ArrayList<>();
        List<EventMention> strongestFirst = new ArrayList<>(events);
        strongestFirst.sort(Comparator.comparingDouble(m -> -m.weight()));
        for (EventMention m : strongestFirst) {
            String p = m.phrase();
            if (out.stream().anyMatch(o -> o.contains(p))) {
                continue;
            }
            out.removeIf(p::contains);
            out.add(p);
        }
        return out;
    }

    /** Applies the corrections to every phrase node and counts the evidence. */
    public static Evidence evidence(AnalyzedText text, double strongPhrase) {
        double[] sum = new double[5];
        int nodes = 0;
        int strongPos = 0;
        int strongNeg = 0;
        int negations = 0;
        List<EventMention> mentions = new ArrayList<>();
        List<Candidate> praise = new ArrayList<>();
        for (int si = 0; si < text.sentences().size(); si++) {
            SentenceSentiment s = text.sentences().get(si);
            negations += s.negations().size();
            mentions.addAll(s.events());
            String[] tags = tags(s);
            int[] self = si == 0 ? selfDescription(s) : new int[] {0, 0};
            for (PhraseSentiment p : s.phrases()) {
                if (containsCue(s, p)) {
                    continue;
                }
                Distribution d = p.distribution();
                EventLexicon.Side side = eventSide(s, p);
                if (side == EventLexicon.Side.ADVERSE) {
                    d = adverse(d);
                } else if (side == EventLexicon.Side.FAVOURABLE) {
                    d = adverse(d).mirrored();
                }
                if (insideScope(s, p) && !(side != null && onlyUnnegatedEvents(s, p))) {
                    d = d.mirrored(); // an event read as not negated keeps its side ("not honoured its debts")
                }
                double[] a = d.toArray();
                for (int k = 0; k < 5; k++) {
                    sum[k] += a[k];
                }
                nodes++;
                if (d.pos() > strongPhrase) {
                    int word = side == null ? praiseWord(s, tags, self, p) : -1;
                    if (side != null || word >= 0) { // CoreNLP's praise counts only where a word carries it
                        strongPos++;
                    }
                    if (word >= 0) {
                        praise.add(new Candidate(s, p, d.pos(), word));
                    }
                }
                if (d.neg() > strongPhrase) {
                    strongNeg++;
                }
            }
        }
        Distribution mean = nodes == 0
                ? Distribution.NEUTRAL
                : new Distribution(sum[0] / nodes, sum[1] / nodes, sum[2] / nodes, sum[3] / nodes, sum[4] / nodes);
        return new Evidence(text.sentences().size(), nodes, strongPos, strongNeg, mean, mentions, negations,
                praisePhrases(praise));
    }

    private record Candidate(SentenceSentiment sentence, PhraseSentiment phrase, double pos, int word) {}

    /** Each token's part-of-speech tag: the category of its preterminal, the last one-token node in pre-order. */
    static String[] tags(SentenceSentiment s) {
        String[] tags = new String[s.length()];
        for (PhraseSentiment p : s.phrases()) {
            if (p.length() == 1) {
                tags[p.start()] = p.category();
            }
        }
        return tags;
    }

    /**
     * The company's description of itself, {@code [start, end)}: the smallest noun phrase of two or more tokens
     * right after the first sentence's first "is", "was", "are" or "were" ("is <i>a Belgian chocolate maker</i>
     * founded in 1921"); empty when there is none. Words there name the trade or the product, never praise.
     */
    static int[] selfDescription(SentenceSentiment s) {
        int copula = -1;
        for (int t = 0; t < s.length() && copula < 0; t++) {
            String w = s.tokens().get(t).toLowerCase(java.util.Locale.ROOT);
            if (w.equals("is") || w.equals("was") || w.equals("are") || w.equals("were")) {
                copula = t;
            }
        }
        int[] best = {0, 0};
        for (PhraseSentiment p : s.phrases()) {
            if (copula >= 0 && p.start() == copula + 1 && p.length() >= 2 && p.category().equals("NP")
                    && (best[1] == 0 || p.end() < best[1])) {
                best = new int[] {p.start(), p.end()};
            }
        }
        return best;
    }

    /**
     * The first token of {@code p} that is a word of praise ({@link OpinionVocabulary}), not a proper noun, not
     * negated, not part of a hyphenated compound, not "best" or "better" before "known" and outside the company's
     * self-description; -1 when there is none. Names, numbers, dates and
     * function words are never in the vocabulary, so a phrase made only of them is never praise.
     */
    static int praiseWord(SentenceSentiment s, String[] tags, int[] self, PhraseSentiment p) {
        for (int t = p.start(); t < p.end(); t++) {
            String tag = tags[t] == null ? "" : tags[t];
            boolean compound = t > 0 && s.tokens().get(t - 1).equals("-")
                    || t + 1 < s.length() && s.tokens().get(t + 1).equals("-"); // "great-great-grandson"
            // "best known for", "better known as": fame, like the excluded "best-known", not praise
            boolean fame = t + 1 < s.length() && s.tokens().get(t + 1).equalsIgnoreCase("known");
            if (OpinionVocabulary.praises(s.tokens().get(t)) && !tag.startsWith("NNP") && !s.negated(t)
                    && !compound && !fame && !(t >= self[0] && t < self[1])) {
                return t;
            }
        }
        return -1;
    }

    /**
     * CoreNLP's strongest positive phrases without overlaps, at most a few: phrases of 2 to 8 tokens first (a
     * readable phrase), the most positive first, then longer and single-token ones, cut to 8 tokens.
     */
    private static List<String> praisePhrases(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingInt((Candidate c) -> c.phrase().length() >= 2 && c.phrase().length() <= 8 ? 0 : 1)
                .thenComparingDouble(c -> -c.pos())
                .thenComparingInt(c -> -c.phrase().length()));
        List<Candidate> chosen = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Candidate c : sorted) {
            boolean overlaps = chosen.stream().anyMatch(o -> o.sentence() == c.sentence()
                    && o.phrase().start() < c.phrase().end() && c.phrase().start() < o.phrase().end());
            int from = Math.max(c.phrase().start(), Math.min(c.word() - 3, c.phrase().end() - 8));
            String text = words(c.sentence().tokens(), from, Math.min(c.phrase().end(), from + 8));
            if (!overlaps && !texts.contains(text)) {
                chosen.add(c);
                texts.add(text);
            }
            if (chosen.size() == MAX_EVIDENCE_PER_SIDE) {
                break;
            }
        }
        return texts;
    }

    static String words(List<String> tokens, int from, int to) {
        return Tokens.join(tokens.subList(from, to));
    }

    /** An event's mass on its side, CoreNLP's intensity kept: (vn, n, neu, p, vp) becomes (vn + vp, n + neu + p, 0, 0, 0). */
    static Distribution adverse(Distribution d) {
        return new Distribution(d.veryNegative() + d.veryPositive(), d.negative() + d.neutral() + d.positive(), 0, 0, 0);
    }

    /** The lexicon side of the events this node covers: adverse wins over favourable; null when none. */
    private static EventLexicon.Side eventSide(SentenceSentiment s, PhraseSentiment p) {
        EventLexicon.Side side = null;
        for (EventMention m : s.events()) {
            if (m.event() && p.contains(m.token())) {
                if (m.side() == EventLexicon.Side.ADVERSE) {
                    return m.side();
                }
                side = m.side();
            }
        }
        return side;
    }

    /** Every event the node covers was read as not negated, though the node lies in a negation scope. */
    private static boolean onlyUnnegatedEvents(SentenceSentiment s, PhraseSentiment p) {
        for (EventMention m : s.events()) {
            if (m.event() && p.contains(m.token()) && m.negated()) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsCue(SentenceSentiment s, PhraseSentiment p) {
        for (NegationScope n : s.negations()) {
            if (p.contains(n.cue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean insideScope(SentenceSentiment s, PhraseSentiment p) {
        for (NegationScope n : s.negations()) {
            if (p.start() >= n.start() && p.end() <= n.end()) {
                return true;
            }
        }
        return false;
    }
}

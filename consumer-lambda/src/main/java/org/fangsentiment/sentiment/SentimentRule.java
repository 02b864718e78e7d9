package org.fangsentiment.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns CoreNLP's phrase-level output into a document distribution, a score and a label.
 *
 * <p>CoreNLP (trained on movie reviews) gives every node of every sentence's sentiment tree a 5-class
 * distribution. Sentence roots carry little on company descriptions (long factual sentences drift to negative), so
 * the rule looks at <em>all phrase nodes</em>, after three documented corrections:
 * <ol>
 *   <li><b>Negation</b>: nodes that contain a negation cue are left out (CoreNLP reads any negator as negative:
 *       "has never lost an aircraft" comes out negative); nodes inside a cue's scope are mirrored, so negated harm
 *       reads as praise and negated praise as criticism. Scopes come from the parse tree
 *       ({@link NegationScope}).</li>
 *   <li><b>Business events</b>: every node that covers a term from {@link BusinessEventTerms} ("convicted",
 *       "bankruptcy", "fined", "recalled", "criticised") has its mass moved to the negative side, with CoreNLP's
 *       intensity kept: (vn, n, 0, p, vp) becomes (vn + vp, n + 0 + p, 0, 0, 0). Inside a negation scope the
 *       mirroring of (1) then applies on top ("never been subject to a recall" reads positive).</li>
 *   <li>Nothing else: no word lists for neutral or positive words.</li>
 * </ol>
 * The <b>document distribution</b> is the mean of the corrected node distributions (every phrase node weighs the
 * same, so longer sentences weigh more); {@code score} is its expectation over (-1, -0.5, 0, 0.5, 1).
 *
 * <p>The <b>label</b> uses two pieces of evidence. A node is <em>strongly positive</em> when its merged positive
 * probability (positive + very positive) exceeds {@link Parameters#strongPhrase()}, strongly negative likewise. The
 * text has positive evidence when the share of strongly positive nodes reaches {@link Parameters#evidenceShare()},
 * negative evidence likewise with the same threshold. Both: MIXED; one: POSITIVE or NEGATIVE; neither: NEUTRAL.
 *
 * <p>Calibrated on {@code sentiment-dev.json}; figures and method in {@code docs/sentiment.md}. Stateless and
 * thread-safe.
 */
public final class SentimentRule {

    /**
     * Every parameter of the rule, in one place.
     *
     * @param strongPhrase  a node counts as strongly positive (negative) when its merged positive (negative)
     *                      probability is above this
     * @param evidenceShare a side has evidence when at least this share of the text's phrase nodes is strongly on
     *                      that side
     */
    public record Parameters(double strongPhrase, double evidenceShare) {
        /** Chosen on the 60-text dev set by the calibration in {@code docs/sentiment.md}. */
        public static final Parameters DEFAULTS = new Parameters(0.8, 0.037);

        public Parameters {
            if (!(strongPhrase >= 0.5 && strongPhrase < 1)) {
                throw new IllegalArgumentException("strongPhrase must be in [0.5, 1): " + strongPhrase);
            }
            if (!(evidenceShare > 0 && evidenceShare <= 1)) {
                throw new IllegalArgumentException("evidenceShare must be in (0, 1]: " + evidenceShare);
            }
        }
    }

    /**
     * What the label is decided from: counts over the corrected phrase nodes for one {@code strongPhrase} value.
     * Exposed so that calibration can try thresholds without re-running CoreNLP.
     */
    public record Evidence(
            int sentenceCount,
            int phraseCount,
            int strongPositive,
            int strongNegative,
            Distribution distribution,
            List<String> eventTerms,
            List<String> negatedEventTerms,
            int negationCount) {

        public double positiveShare() {
            return phraseCount == 0 ? 0 : (double) strongPositive / phraseCount;
        }

        public double negativeShare() {
            return phraseCount == 0 ? 0 : (double) strongNegative / phraseCount;
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
        return new SentimentResult(label, e.distribution().score(), e.distribution(), e.sentenceCount(),
                e.phraseCount(), e.positiveShare(), e.negativeShare(), e.eventTerms(), e.negatedEventTerms(),
                e.negationCount());
    }

    /** The label from the evidence: MIXED, POSITIVE, NEGATIVE or NEUTRAL. */
    public static SentimentLabel label(Evidence e, double evidenceShare) {
        boolean positive = e.phraseCount() > 0 && e.positiveShare() >= evidenceShare;
        boolean negative = e.phraseCount() > 0 && e.negativeShare() >= evidenceShare;
        if (positive && negative) {
            return SentimentLabel.MIXED;
        }
        if (positive) {
            return SentimentLabel.POSITIVE;
        }
        return negative ? SentimentLabel.NEGATIVE : SentimentLabel.NEUTRAL;
    }

    /** Applies the corrections to every phrase node and counts the evidence. */
    public static Evidence evidence(AnalyzedText text, double strongPhrase) {
        double[] sum = new double[5];
        int nodes = 0;
        int strongPos = 0;
        int strongNeg = 0;
        int negations = 0;
        List<String> terms = new ArrayList<>();
        List<String> negatedTerms = new ArrayList<>();
        for (SentenceSentiment s : text.sentences()) {
            negations += s.negations().size();
            List<Integer> hits = BusinessEventTerms.find(s.tokens());
            for (int h : hits) {
                (s.negated(h) ? negatedTerms : terms).add(s.tokens().get(h));
            }
            for (PhraseSentiment p : s.phrases()) {
                if (containsCue(s, p)) {
                    continue;
                }
                Distribution d = p.distribution();
                if (coversAny(p, hits)) {
                    d = adverse(d);
                }
                if (insideScope(s, p)) {
                    d = d.mirrored();
                }
                double[] a = d.toArray();
                for (int k = 0; k < 5; k++) {
                    sum[k] += a[k];
                }
                nodes++;
                if (d.pos() > strongPhrase) {
                    strongPos++;
                }
                if (d.neg() > strongPhrase) {
                    strongNeg++;
                }
            }
        }
        Distribution mean = nodes == 0
                ? Distribution.NEUTRAL
                : new Distribution(sum[0] / nodes, sum[1] / nodes, sum[2] / nodes, sum[3] / nodes, sum[4] / nodes);
        return new Evidence(text.sentences().size(), nodes, strongPos, strongNeg, mean, terms, negatedTerms, negations);
    }

    /** An adverse event: all mass on the negative side, CoreNLP's intensity kept. */
    static Distribution adverse(Distribution d) {
        return new Distribution(d.veryNegative() + d.veryPositive(), d.negative() + d.neutral() + d.positive(), 0, 0, 0);
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

    private static boolean coversAny(PhraseSentiment p, List<Integer> tokens) {
        for (int t : tokens) {
            if (p.contains(t)) {
                return true;
            }
        }
        return false;
    }
}

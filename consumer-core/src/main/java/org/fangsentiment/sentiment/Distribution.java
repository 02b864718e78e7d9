package org.fangsentiment.sentiment;

import java.util.Locale;

/**
 * A distribution over CoreNLP's five sentiment classes (0 = very negative .. 4 = very positive).
 *
 * <p>Used both for CoreNLP's per-node predictions and for the document distribution that {@link SentimentRule}
 * produces. Components are not renormalised here; callers that build one from CoreNLP output get values that sum
 * to 1 (softmax), and {@link #normalised()} is available for sums of weights.
 */
public record Distribution(double veryNegative, double negative, double neutral, double positive, double veryPositive) {

    /** The five class values used for {@link #score()}: very negative -1 .. very positive +1. */
    private static final double[] CLASS_VALUES = {-1.0, -0.5, 0.0, 0.5, 1.0};

    public static final Distribution NEUTRAL = new Distribution(0, 0, 1, 0, 0);

    public Distribution {
        for (double p : new double[] {veryNegative, negative, neutral, positive, veryPositive}) {
            if (!(p >= 0.0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("probabilities must be finite and >= 0: " + p);
            }
        }
    }

    /** From an array of exactly five non-negative values, in class order. */
    public static Distribution of(double... p) {
        if (p.length != 5) {
            throw new IllegalArgumentException("expected 5 classes, got " + p.length);
        }
        return new Distribution(p[0], p[1], p[2], p[3], p[4]);
    }

    public double[] toArray() {
        return new double[] {veryNegative, negative, neutral, positive, veryPositive};
    }

    /** Merged negative side: very negative + negative. */
    public double neg() {
        return veryNegative + negative;
    }

    /** Merged positive side: positive + very positive. */
    public double pos() {
        return positive + veryPositive;
    }

    /** The same mass with the two sides exchanged (very negative with very positive, negative with positive). */
    public Distribution mirrored() {
        return new Distribution(veryPositive, positive, neutral, negative, veryNegative);
    }

    public double sum() {
        return veryNegative + negative + neutral + positive + veryPositive;
    }

    /** Scaled to sum 1; all-zero becomes {@link #NEUTRAL}. */
    public Distribution normalised() {
        double s = sum();
        if (s <= 0) {
            return NEUTRAL;
        }
        return new Distribution(veryNegative / s, negative / s, neutral / s, positive / s, veryPositive / s);
    }

    /** Expectation over (-1, -0.5, 0, 0.5, 1) of the normalised distribution, in [-1, 1]. */
    public double score() {
        double[] p = normalised().toArray();
        double e = 0;
        for (int i = 0; i < 5; i++) {
            e += p[i] * CLASS_VALUES[i];
        }
        return e;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "[%.3f, %.3f, %.3f, %.3f, %.3f]",
                veryNegative, negative, neutral, positive, veryPositive);
    }
}

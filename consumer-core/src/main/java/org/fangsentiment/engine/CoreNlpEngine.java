package org.fangsentiment.engine;

import java.util.Optional;
import java.util.OptionalInt;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.sentiment.SentimentResult;
import org.fangsentiment.sentiment.SentimentRule;

/** Stanford CoreNLP in the function: {@link SentimentAnalyzer} and {@link SentimentRule}, as before engines existed. */
public final class CoreNlpEngine implements SentimentEngine {

    /** The CSV's {@code engine} value. */
    public static final String ID = "corenlp";

    private final SentimentAnalyzer analyzer;
    private final SentimentRule rule;

    public CoreNlpEngine(SentimentAnalyzer analyzer, SentimentRule rule) {
        this.analyzer = analyzer;
        this.rule = rule;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Scored score(String text) {
        return of(rule.apply(analyzer.analyze(text)));
    }

    /** CoreNLP's result as a row's sentiment: every column as it always was. */
    public static Scored of(SentimentResult result) {
        return new Scored(result.label(), result.score(), Optional.of(result.distribution()),
                OptionalInt.of(result.sentenceCount()), result.evidence(), false);
    }
}

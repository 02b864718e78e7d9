package org.fangsentiment.engine;

import java.util.function.Supplier;
import org.fangsentiment.config.ConsumerConfig;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.sentiment.SentimentRule;
import software.amazon.awssdk.services.comprehend.ComprehendClient;

/** Builds the engine that {@code SENTIMENT_ENGINE} names, asking only for what that engine needs. */
public final class SentimentEngines {

    private SentimentEngines() {
    }

    /** CoreNLP with the sentiment rule, on the process-wide pipeline (the default engine). */
    public static SentimentEngine coreNlp() {
        return new CoreNlpEngine(SentimentAnalyzer.shared(), new SentimentRule());
    }

    /**
     * The engine for {@code choice}. Only the chosen engine's supplier is called: with Comprehend the
     * CoreNLP pipeline is never built (its model is not loaded, nor primed for SnapStart).
     *
     * @param comprehend the Comprehend client (the handler's: {@code AwsClients.fromEnvironment().comprehend()})
     * @param coreNlp the CoreNLP pipeline (the handler's: {@link SentimentAnalyzer#shared()})
     */
    public static SentimentEngine create(ConsumerConfig.Engine choice, Supplier<ComprehendClient> comprehend,
                                         Supplier<SentimentAnalyzer> coreNlp) {
        return switch (choice) {
            case CORENLP -> new CoreNlpEngine(coreNlp.get(), new SentimentRule());
            case COMPREHEND -> new ComprehendEngine(comprehend.get());
        };
    }
}

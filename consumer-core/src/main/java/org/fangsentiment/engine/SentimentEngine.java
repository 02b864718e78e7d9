package org.fangsentiment.engine;

/**
 * Scores one text. Implementations are safe to call from the consumer's worker threads at once.
 */
public interface SentimentEngine {

    /** The engine's id as the CSV's {@code engine} column spells it ({@code corenlp}, {@code comprehend}). */
    String id();

    /**
     * The sentiment of {@code text}, never a made-up label.
     *
     * @throws SentimentUnavailableException when the engine could not score it (after its retries)
     */
    Scored score(String text);
}

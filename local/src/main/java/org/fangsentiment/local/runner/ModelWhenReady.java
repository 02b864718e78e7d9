package org.fangsentiment.local.runner;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.fangsentiment.engine.CoreNlpEngine;
import org.fangsentiment.engine.Scored;
import org.fangsentiment.engine.SentimentEngine;
import org.fangsentiment.engine.SentimentUnavailableException;

/**
 * The CoreNLP engine of a run whose model is still loading: the consumer starts at once, so that receives,
 * message parsing and Wikipedia look-ups happen beside the model load, and a record waits for the model only
 * when it comes to be scored. In Lambda the model is loaded before the handler runs; this is the local runner's.
 */
final class ModelWhenReady implements SentimentEngine {

    private final CompletableFuture<SentimentEngine> engine;

    /** @param engine completes with the engine once the model is loaded, or with the loader's error */
    ModelWhenReady(CompletableFuture<SentimentEngine> engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public String id() {
        return CoreNlpEngine.ID;
    }

    @Override
    public Scored score(String text) {
        SentimentEngine ready;
        try {
            ready = engine.join();
        } catch (CompletionException e) {
            // The run itself fails with the loader's error once the consumer stage ends; the record is retried.
            throw new SentimentUnavailableException("the sentiment model failed to load: " + e.getCause(), e);
        }
        return ready.score(text);
    }
}

package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fangsentiment.engine.CoreNlpEngine;
import org.fangsentiment.engine.Scored;
import org.fangsentiment.engine.SentimentEngine;
import org.fangsentiment.engine.SentimentUnavailableException;
import org.fangsentiment.sentiment.SentimentLabel;
import org.junit.jupiter.api.Test;

class ModelWhenReadyTest {

    private static final Scored NEUTRAL = new Scored(SentimentLabel.NEUTRAL, 0.0, Optional.empty(), OptionalInt.empty(),
            "", false);

    private static SentimentEngine fixed(Scored scored) {
        return new SentimentEngine() {
            @Override
            public String id() {
                return CoreNlpEngine.ID;
            }

            @Override
            public Scored score(String text) {
                return scored;
            }
        };
    }

    @Test
    void itsIdIsCoreNlpsBeforeTheModelIsLoaded() {
        assertEquals(CoreNlpEngine.ID, new ModelWhenReady(new CompletableFuture<>()).id());
    }

    @Test
    void aRecordWaitsForTheModelOnlyWhenItComesToScore() throws Exception {
        CompletableFuture<SentimentEngine> model = new CompletableFuture<>();
        ModelWhenReady engine = new ModelWhenReady(model);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch scoring = new CountDownLatch(1);
            Future<Scored> result = thread.submit(() -> {
                scoring.countDown();
                return engine.score("text");
            });
            assertTrue(scoring.await(10, TimeUnit.SECONDS));
            assertFalse(result.isDone(), "no score before the model is there");
            model.complete(fixed(NEUTRAL));
            assertSame(NEUTRAL, result.get(10, TimeUnit.SECONDS));
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aModelThatFailedToLoadFailsTheRecordWithTheLoadersError() {
        OutOfMemoryError loader = new OutOfMemoryError("Java heap space");
        ModelWhenReady engine = new ModelWhenReady(CompletableFuture.failedFuture(loader));
        SentimentUnavailableException thrown = assertThrows(SentimentUnavailableException.class, () -> engine.score("x"));
        assertTrue(thrown.getMessage().contains("Java heap space"), thrown.getMessage());
    }
}

package org.fangsentiment.consumer.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.fangsentiment.sentiment.SentimentAnalyzer;
import org.fangsentiment.sentiment.SentimentResult;
import org.fangsentiment.sentiment.SentimentRule;

/**
 * SnapStart priming: before Lambda takes the snapshot, score a bundled sample text so that the restored snapshot
 * already has CoreNLP's classes loaded, its lazy tables filled and its hot paths compiled.
 *
 * <p>The snapshot holds the whole loaded pipeline (about 650 MB live heap), so the function needs at least
 * 2,048 MB of memory: 1 GB+ of heap plus the CPU share Lambda gives with memory.
 */
public final class SnapStartPriming implements Resource {

    private static final Logger LOG = LogManager.getLogger(SnapStartPriming.class);

    /** Bundled sample: a short made-up company description, in the consumer's resources. */
    public static final String SAMPLE_RESOURCE = "/sentiment/priming-sample.txt";

    private final SentimentAnalyzer analyzer;
    private final SentimentRule rule;
    private final String sample;
    private volatile SentimentResult lastResult;

    public SnapStartPriming(SentimentAnalyzer analyzer, SentimentRule rule) {
        this.analyzer = analyzer;
        this.rule = rule;
        this.sample = sampleText();
    }

    /**
     * Registers priming of {@code analyzer} with the global CRaC context (a no-op outside a
     * CRaC/SnapStart runtime), once per process; returns the analyzer.
     */
    static synchronized SentimentAnalyzer register(SentimentAnalyzer analyzer) {
        if (Registered.resource == null) {
            // CRaC keeps only weak references to resources: the holder keeps this one reachable.
            Registered.resource = new SnapStartPriming(analyzer, new SentimentRule());
            Core.getGlobalContext().register(Registered.resource);
        }
        return analyzer;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to refresh: the pipeline holds no connections or clocks
    }

    /** Scores the sample a few times; returns the last result (used by tests and by {@link #beforeCheckpoint}). */
    public SentimentResult prime() {
        long t0 = System.nanoTime();
        SentimentResult last = null;
        for (int i = 0; i < 3; i++) {
            last = rule.apply(analyzer.analyze(sample));
        }
        LOG.info("SnapStart priming scored the sample in {} ms: {}", (System.nanoTime() - t0) / 1_000_000, last.label());
        lastResult = last;
        return last;
    }

    /** What the last priming scored; empty before the first. */
    Optional<SentimentResult> lastResult() {
        return Optional.ofNullable(lastResult);
    }

    /** The resource {@link #register} registered, if any. */
    static Optional<SnapStartPriming> registered() {
        return Optional.ofNullable(Registered.resource);
    }

    static String sampleText() {
        try (InputStream in = SnapStartPriming.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SAMPLE_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Registered {
        static volatile SnapStartPriming resource;
    }
}

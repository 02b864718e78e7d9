package org.fangsentiment.sentiment;

import edu.stanford.nlp.pipeline.Annotator;
import edu.stanford.nlp.pipeline.AnnotatorImplementations;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.util.Lazy;
import edu.stanford.nlp.util.PropertiesUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.fangsentiment.concurrent.DaemonThreads;

/**
 * Loads the pipeline's three models at once instead of one after another. CoreNLP builds annotators in order,
 * inside a lock, so the tagger (about 1.5 s), the shift-reduce parser (about 3-5 s) and the sentiment model would
 * load in sequence on one core. This class builds those three annotators on their own threads with CoreNLP's own
 * factory ({@link AnnotatorImplementations}) and the pipeline's exact properties, and puts them into CoreNLP's
 * annotator cache under the signature CoreNLP computes for them; the pipeline then takes them from the cache.
 *
 * <p>Only a speed-up: {@link #built(StanfordCoreNLP)} tells whether the pipeline really took the preloaded
 * annotators (a CoreNLP upgrade could change the cache), and a test holds that to true.
 */
final class ModelPreloader {

    private static final Logger LOG = LogManager.getLogger(ModelPreloader.class);

    /** The annotators that load a model file, and how CoreNLP's factory builds each. */
    private static final Map<String, Function<Properties, Annotator>> MODEL_ANNOTATORS = models();

    private final Map<String, Annotator> preloaded = new LinkedHashMap<>();

    private ModelPreloader() {
    }

    /** Loads the models of {@code props} in parallel and caches them for the pipeline built from the same props. */
    static ModelPreloader load(Properties props) {
        ModelPreloader loader = new ModelPreloader();
        ExecutorService threads = Executors.newFixedThreadPool(MODEL_ANNOTATORS.size(), DaemonThreads.named("model-load"));
        try {
            Map<String, Future<Annotator>> loading = new LinkedHashMap<>();
            MODEL_ANNOTATORS.forEach((name, factory) -> {
                Annotator cached = cached(name, props);
                // Each factory gets its own copy: annotators may keep the Properties they are given.
                loading.put(name, cached != null ? CompletableFuture.completedFuture(cached)
                        : threads.submit(() -> factory.apply(copy(props))));
            });
            for (Map.Entry<String, Future<Annotator>> entry : loading.entrySet()) {
                Annotator annotator = entry.getValue().get();
                loader.preloaded.put(entry.getKey(), annotator);
                StanfordCoreNLP.GLOBAL_ANNOTATOR_CACHE.put(key(entry.getKey(), props), Lazy.cache(() -> annotator));
            }
            return loader;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the sentiment models", e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** True when {@code pipeline} uses every preloaded annotator (else it loaded its own: slower, still correct). */
    boolean built(StanfordCoreNLP pipeline) {
        for (Map.Entry<String, Annotator> entry : preloaded.entrySet()) {
            if (pipeline.pool.get(entry.getKey()) != entry.getValue()) {
                LOG.warn("CoreNLP did not take the preloaded {} annotator; it loaded the model a second time", entry.getKey());
                return false;
            }
        }
        return true;
    }

    /** The annotator CoreNLP's cache already holds for these properties (a second pipeline shares it), or null. */
    private static Annotator cached(String name, Properties props) {
        Lazy<Annotator> cached = StanfordCoreNLP.GLOBAL_ANNOTATOR_CACHE.get(key(name, props));
        return cached == null ? null : cached.getIfDefined();
    }

    private static StanfordCoreNLP.AnnotatorSignature key(String name, Properties props) {
        return new StanfordCoreNLP.AnnotatorSignature(name, PropertiesUtils.getSignature(name, props));
    }

    private static Map<String, Function<Properties, Annotator>> models() {
        AnnotatorImplementations factory = new AnnotatorImplementations();
        Map<String, Function<Properties, Annotator>> models = new LinkedHashMap<>();
        // The parser first: it is the longest, so it starts on the first free thread.
        models.put(Annotator.STANFORD_PARSE, factory::parse);
        models.put(Annotator.STANFORD_POS, factory::posTagger);
        models.put(Annotator.STANFORD_SENTIMENT, props -> factory.sentiment(props, Annotator.STANFORD_SENTIMENT));
        return models;
    }

    private static Properties copy(Properties props) {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }
}

package org.fangsentiment.sentiment;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.trees.TreeCoreAnnotations;
import edu.stanford.nlp.util.CoreMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import org.ejml.simple.SimpleMatrix;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Stanford CoreNLP sentiment with the shift-reduce parser: per sentence, the 5-class distribution of the root and
 * of every phrase node, plus the negation scopes the parse tree gives.
 *
 * <p>The pipeline ({@code tokenize,ssplit,pos,parse,sentiment} with {@link #PARSE_MODEL}) loads three model files
 * (about 80 MB) and holds about 650 MB of heap; it needs at least {@code -Xmx1g}. Build it once: Lambda code uses
 * {@link #shared()}, tests may construct their own. One instance is safe to use from several threads at once
 * (CoreNLP's annotators keep no per-call state; its server shares one pipeline across request threads).
 */
public final class SentimentAnalyzer {

    private static final Logger LOG = LogManager.getLogger(SentimentAnalyzer.class);

    public static final String ANNOTATORS = "tokenize,ssplit,pos,parse,sentiment";
    public static final String PARSE_MODEL = "edu/stanford/nlp/models/srparser/englishSR.ser.gz";
    public static final String POS_MODEL = "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger";
    public static final String SENTIMENT_MODEL = "edu/stanford/nlp/models/sentiment/sentiment.ser.gz";

    /** Every model file the pipeline opens: exactly these are extracted into the deployed jar. */
    public static final List<String> MODEL_FILES = List.of(POS_MODEL, PARSE_MODEL, SENTIMENT_MODEL);

    /** Analyses that may run at once: one per core (see {@link #analyze}). */
    public static final int SCORING_SLOTS = Runtime.getRuntime().availableProcessors();

    private final StanfordCoreNLP pipeline;
    private final boolean modelsLoadedInParallel;
    private final Semaphore scoringSlots = new Semaphore(SCORING_SLOTS, true);

    /** Builds a new pipeline (seconds, about 650 MB). Prefer {@link #shared()} outside tests. */
    public SentimentAnalyzer() {
        long t0 = System.nanoTime();
        // CoreNLP edits the Properties it is given (folds ssplit into tokenize, rewrites annotators): a fresh copy.
        Properties props = properties();
        ModelPreloader models = ModelPreloader.load(props);
        this.pipeline = new StanfordCoreNLP(props);
        this.modelsLoadedInParallel = models.built(pipeline);
        LOG.info("CoreNLP sentiment pipeline ready in {} ms (models loaded {})", (System.nanoTime() - t0) / 1_000_000,
                modelsLoadedInParallel ? "in parallel" : "one after another");
    }

    /** The process-wide pipeline, built on first use (the Lambda handler registers its SnapStart priming). */
    public static SentimentAnalyzer shared() {
        return Holder.INSTANCE;
    }

    /** True when the pipeline took the three models {@link ModelPreloader} loaded at once (not loaded twice). */
    boolean modelsLoadedInParallel() {
        return modelsLoadedInParallel;
    }

    /** A fresh copy of the pipeline's configuration. */
    public static Properties properties() {
        Properties props = new Properties();
        props.setProperty("annotators", ANNOTATORS);
        props.setProperty("pos.model", POS_MODEL);
        props.setProperty("parse.model", PARSE_MODEL);
        props.setProperty("sentiment.model", SENTIMENT_MODEL);
        props.setProperty("tokenize.language", "en");
        // The parser would also build three dependency graphs per sentence (basic, enhanced, enhanced++):
        // nothing here reads them, and they cost more CPU than the parse itself (docs/benchmarks.md).
        props.setProperty("parse.buildgraphs", "false");
        return props;
    }

    /**
     * Runs the pipeline on {@code text}; blank text gives no sentences. At most {@link #SCORING_SLOTS} analyses run
     * at once, the others wait their turn: the work is CPU- and memory-bound, so more at once than there are cores
     * only adds switching and cache misses, while callers may keep more threads than cores busy with I/O (the
     * Wikipedia lookup, the S3 write) around it (docs/benchmarks.md).
     *
     * @throws CancellationException if the thread is interrupted while it waits for a slot (the flag stays set)
     */
    public AnalyzedText analyze(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return new AnalyzedText(List.of());
        }
        try {
            scoringSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting to score");
        }
        try {
            return analyzeNow(text);
        } finally {
            scoringSlots.release();
        }
    }

    private AnalyzedText analyzeNow(String text) {
        Annotation document = new Annotation(text);
        pipeline.annotate(document);
        List<SentenceSentiment> sentences = new ArrayList<>();
        for (CoreMap sentence : document.get(CoreAnnotations.SentencesAnnotation.class)) {
            Tree tree = sentence.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
            if (tree == null) {
                continue;
            }
            sentences.add(toSentence(tree, sentence.get(TreeCoreAnnotations.TreeAnnotation.class)));
        }
        return new AnalyzedText(sentences);
    }

    /**
     * One sentence from CoreNLP's binarised sentiment tree (phrase distributions, negation scopes) and its ordinary
     * constituency tree (events; null gives none). Both have the same tokens.
     */
    static SentenceSentiment toSentence(Tree tree, Tree parse) {
        TreeIndex index = new TreeIndex(tree);
        List<String> tokens = new ArrayList<>();
        for (Tree leaf : index.leaves()) {
            tokens.add(leaf.value());
        }
        List<PhraseSentiment> phrases = new ArrayList<>();
        for (Tree node : tree) { // pre-order
            if (node.isLeaf()) {
                continue;
            }
            Distribution d = distribution(node);
            if (d != null) {
                phrases.add(new PhraseSentiment(
                        index.start(node), index.end(node), NegationScopes.category(node), d));
            }
        }
        Distribution root = Objects.requireNonNullElse(distribution(tree), Distribution.NEUTRAL);
        List<NegationScope> negations = NegationScopes.find(index);
        List<EventMention> events = List.of();
        if (parse != null) {
            TreeIndex parseIndex = new TreeIndex(parse);
            if (parseIndex.leaves().size() == tokens.size()) {
                events = EventDetector.find(parseIndex, negations);
            }
        }
        return new SentenceSentiment(tokens, root, phrases, negations, events);
    }

    private static Distribution distribution(Tree node) {
        SimpleMatrix m;
        try {
            m = RNNCoreAnnotations.getPredictions(node);
        } catch (RuntimeException e) { // not a CoreLabel node
            return null;
        }
        if (m == null || m.getNumElements() != 5) {
            return null;
        }
        return Distribution.of(m.get(0), m.get(1), m.get(2), m.get(3), m.get(4));
    }

    /** Lazy, thread-safe holder: the JVM builds the pipeline once, on first access. */
    private static final class Holder {
        static final SentimentAnalyzer INSTANCE = new SentimentAnalyzer();
    }
}

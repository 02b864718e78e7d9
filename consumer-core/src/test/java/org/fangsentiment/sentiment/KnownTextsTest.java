package org.fangsentiment.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The engine and the rule together on made-up texts (not from the dev set) whose label a reader would not doubt.
 * Asserts labels and score signs, never exact floats.
 */
class KnownTextsTest {

    static final String POSITIVE = "Brightwater Tools is a Canadian maker of hand tools. Its wrenches are widely "
            + "praised for their excellent quality, and the company has won the national design award four times. "
            + "Customers love its outstanding service.";
    static final String NEGATIVE = "Kestrel Finance was a British payday lender. In 2018 its chief executive was "
            + "convicted of fraud, and regulators fined the company for misleading borrowers. It filed for "
            + "bankruptcy in 2019.";
    static final String NEUTRAL = "Halden Logistics is a Norwegian freight forwarding company headquartered in "
            + "Drammen. It operates warehouses in four countries and employs about 900 people. The company was "
            + "founded in 1961.";
    static final String MIXED = "Corvina Motors is an Italian carmaker. Its sports cars are widely praised for "
            + "their excellent design and have won many awards. However, the company was fined in 2020 for "
            + "falsifying emissions tests, and it recalled 40,000 cars after a fuel leak.";

    private final SentimentRule rule = new SentimentRule();

    private SentimentResult score(String text) {
        return rule.apply(SentimentAnalyzer.shared().analyze(text));
    }

    @Test
    void thePipelineTookTheModelsLoadedInParallel() {
        // Else CoreNLP loaded each model a second time, one after another: correct, but seconds slower.
        assertTrue(SentimentAnalyzer.shared().modelsLoadedInParallel());
    }

    @Test
    void clearlyPositive() {
        SentimentResult r = score(POSITIVE);
        assertEquals(SentimentLabel.POSITIVE, r.label(), r::toString);
        assertTrue(r.score() > 0, r::toString);
        assertEquals(3, r.sentenceCount());
    }

    @Test
    void clearlyNegative() {
        SentimentResult r = score(NEGATIVE);
        assertEquals(SentimentLabel.NEGATIVE, r.label(), r::toString);
        assertTrue(r.score() < 0, r::toString);
        assertTrue(r.eventTerms().containsAll(List.of("convict", "fine", "bankruptcy")), r::toString);
        assertTrue(r.score() <= -0.5, r::toString);
        assertTrue(r.evidence().contains("(-)"), r::toString);
    }

    @Test
    void neutralDefinition() {
        SentimentResult r = score(NEUTRAL);
        assertEquals(SentimentLabel.NEUTRAL, r.label(), r::toString);
        assertTrue(r.eventTerms().isEmpty(), r::toString);
    }

    @Test
    void mixed() {
        SentimentResult r = score(MIXED);
        assertEquals(SentimentLabel.MIXED, r.label(), r::toString);
        assertTrue(r.evidence().contains("(-)") && r.evidence().contains("(+)"), r::toString);
    }

    @Test
    void negatedHarmIsPraise() {
        SentimentResult r = score("Polar Rail is a Finnish railway operator. In sixty years of service it has never "
                + "had a fatal accident or suffered a recall of its trains.");
        assertTrue(r.score() > 0, r::toString);
        assertTrue(r.negatedEventTerms().contains("recall"), r::toString);
        assertTrue(r.eventTerms().isEmpty(), r::toString);
    }

    @Test
    void blankTextHasNoSentences() {
        SentimentResult r = score("  ");
        assertEquals(SentimentLabel.NEUTRAL, r.label());
        assertEquals(0, r.sentenceCount());
    }

    @Test
    void sharedPipelineGivesTheSameResultsFromTwoThreads() throws Exception {
        List<String> texts = List.of(POSITIVE, NEGATIVE, NEUTRAL, MIXED);
        List<SentimentResult> sequential = texts.stream().map(this::score).toList();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<SentimentResult>> futures = pool.invokeAll(
                    texts.stream().map(t -> (java.util.concurrent.Callable<SentimentResult>) () -> score(t)).toList());
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(sequential.get(i), futures.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

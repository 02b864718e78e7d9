package org.fangsentiment.sentiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Scores one text from the command line and prints the result as one JSON object on stdout:
 * {@code java -Xmx1g -cp consumer-lambda.jar org.fangsentiment.sentiment.SentimentMain "text..."}
 * (no argument: the text is read from stdin). Used by the packaging integration test and for manual checks.
 */
public final class SentimentMain {

    private SentimentMain() {}

    public static void main(String[] args) throws IOException {
        String text = args.length > 0
                ? String.join(" ", args)
                : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        SentimentResult r = new SentimentRule().apply(SentimentAnalyzer.shared().analyze(text));
        System.out.println(toJson(r));
    }

    static String toJson(SentimentResult r) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode o = om.createObjectNode();
        o.put("sentiment", r.label().name());
        o.put("score", r.score());
        o.put("p_very_negative", r.pVeryNegative());
        o.put("p_negative", r.pNegative());
        o.put("p_neutral", r.pNeutral());
        o.put("p_positive", r.pPositive());
        o.put("p_very_positive", r.pVeryPositive());
        o.put("sentence_count", r.sentenceCount());
        o.put("phrase_count", r.phraseCount());
        o.put("positive_share", r.positiveShare());
        o.put("negative_share", r.negativeShare());
        r.eventTerms().forEach(o.putArray("event_terms")::add);
        r.negatedEventTerms().forEach(o.putArray("negated_event_terms")::add);
        o.put("negation_count", r.negationCount());
        o.put("evidence", r.evidence());
        return o.toString();
    }
}

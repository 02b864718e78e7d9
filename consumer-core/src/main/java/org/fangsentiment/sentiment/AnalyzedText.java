package org.fangsentiment.sentiment;

import java.util.List;

/** CoreNLP's sentiment output for a whole text: one entry per sentence, in order. */
public record AnalyzedText(List<SentenceSentiment> sentences) {

    public AnalyzedText {
        sentences = List.copyOf(sentences);
    }

    public int tokenCount() {
        return sentences.stream().mapToInt(SentenceSentiment::length).sum();
    }
}

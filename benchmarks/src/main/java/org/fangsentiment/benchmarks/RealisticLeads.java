package org.fangsentiment.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Realistic Wikipedia-style leads for N made-up companies: the labelled dev texts (both dev sets) of
 * 50-130 words, each with its company renamed {@code Benchco 0001}, {@code Benchco 0002}, ..., used in turn.
 * They are what a real run scores (one to eight sentences, some of 40+ tokens), unlike the short generated
 * summaries. The same N always gives the same companies and texts.
 */
public final class RealisticLeads {

    static final int MIN_WORDS = 50;
    static final int MAX_WORDS = 130;
    private static final List<String> SOURCES = List.of("/consumer/sentiment-dev.json", "/consumer/sentiment-dev2.json");

    private RealisticLeads() {
    }

    /** Company name to lead text, in order {@code Benchco 0001} to {@code Benchco N}. */
    public static Map<String, String> of(int n) {
        List<String[]> texts = devTexts();
        Map<String, String> leads = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            String[] source = texts.get((i - 1) % texts.size());
            String name = name(i);
            leads.put(name, source[1].replace(source[0], name));
        }
        return leads;
    }

    /** The {@code i}-th company's name. */
    public static String name(int i) {
        return String.format(Locale.ROOT, "Benchco %04d", i);
    }

    /** company, text of every dev text within the word range, in file order. */
    private static List<String[]> devTexts() {
        ObjectMapper json = new ObjectMapper();
        List<String[]> texts = new ArrayList<>();
        for (String resource : SOURCES) {
            try (InputStream in = RealisticLeads.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource + " (rebuild the benchmarks module)");
                }
                for (JsonNode item : json.readTree(in)) {
                    String text = item.get("text").asText();
                    int words = text.trim().split("\\s+").length;
                    if (words >= MIN_WORDS && words <= MAX_WORDS) {
                        texts.add(new String[] {item.get("company").asText(), text});
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return texts;
    }
}

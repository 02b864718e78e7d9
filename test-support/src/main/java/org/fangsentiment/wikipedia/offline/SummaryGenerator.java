package org.fangsentiment.wikipedia.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a plausible company summary, in the REST API's summary format, for any title: three to
 * six sentences about a made-up company (sector, place, founding, size), some with praise, some
 * with trouble, so that a run over thousands of generated names really scores every record and
 * the labels vary. The same title always gives the same text. Also wraps given extracts (the
 * benchmarks' realistic leads) in the same format.
 */
final class SummaryGenerator {

    private static final List<String> SECTORS = List.of("software", "logistics", "insurance", "food processing",
            "semiconductor", "retail", "shipping", "pharmaceutical", "media", "renewable energy", "banking",
            "engineering");
    private static final List<String> PLACES = List.of("Rotterdam", "Osaka", "Denver", "Lyon", "Porto", "Austin",
            "Gothenburg", "Leeds", "Tampere", "Brisbane", "Valencia", "Kraków");
    private static final List<String> PRODUCTS = List.of("payment systems", "industrial sensors", "frozen meals",
            "cargo services", "consumer electronics", "generic medicines", "wind turbines", "accounting software",
            "streaming services", "building materials");
    private static final List<String> PRAISE = List.of(
            "It has been widely praised for the quality of its products and has won several industry awards.",
            "Analysts have described it as one of the best-run companies in its sector.",
            "Its employees consistently rate it as an excellent place to work.",
            "The company is admired for its generous support of local schools and hospitals.");
    private static final List<String> TROUBLE = List.of(
            "In 2019 the company was fined by regulators for misleading customers about its fees.",
            "It was accused of falsifying safety reports and several former executives were convicted of fraud.",
            "The firm filed for bankruptcy protection after heavy losses and laid off thousands of workers.",
            "It has been criticised by unions over poor working conditions and unpaid overtime.");

    private final ObjectMapper json;

    SummaryGenerator(ObjectMapper json) {
        this.json = json;
    }

    /** The summary JSON for {@code title} (spaces, not underscores). */
    String summaryJson(String title, String baseUri) {
        return summaryJson(title, generatedExtract(title), "Generated company", baseUri);
    }

    private String generatedExtract(String title) {
        SplittableRandom random = new SplittableRandom(seed(title));
        String sector = pick(random, SECTORS);
        StringBuilder extract = new StringBuilder()
                .append(title).append(" is a ").append(sector).append(" company headquartered in ")
                .append(pick(random, PLACES)).append(". It was founded in ").append(1900 + random.nextInt(120))
                .append(" and makes ").append(pick(random, PRODUCTS)).append(" for customers in ")
                .append(2 + random.nextInt(60)).append(" countries. The company employs about ")
                .append(String.format("%,d", 200 + random.nextInt(90_000))).append(" people.");
        int tone = random.nextInt(4);
        if (tone == 1 || tone == 3) {
            extract.append(' ').append(pick(random, PRAISE));
        }
        if (tone == 2 || tone == 3) {
            extract.append(' ').append(pick(random, TROUBLE));
        }
        return extract.toString();
    }

    /** A summary in the REST API's format with the given extract (plain text) and short description. */
    String summaryJson(String title, String extract, String description, String baseUri) {
        String key = title.replace(' ', '_');
        ObjectNode summary = json.createObjectNode();
        summary.put("type", "standard");
        summary.put("title", title);
        summary.put("displaytitle", title);
        summary.putObject("namespace").put("id", 0).put("text", "");
        ObjectNode titles = summary.putObject("titles");
        titles.put("canonical", key).put("normalized", title).put("display", title);
        summary.put("pageid", 1_000_000 + (int) (seed(title) & 0xFFFFF));
        summary.put("lang", "en");
        summary.put("dir", "ltr");
        summary.put("description", description);
        summary.put("description_source", "local");
        summary.putObject("content_urls").putObject("desktop").put("page", baseUri + "/wiki/" + key);
        summary.put("extract", extract);
        summary.put("extract_html", "<p>" + extract.replace("&", "&amp;").replace("<", "&lt;") + "</p>");
        return summary.toString();
    }

    private static long seed(String title) {
        long h = 1125899906842597L;
        for (byte b : title.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }

    private static String pick(SplittableRandom random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}

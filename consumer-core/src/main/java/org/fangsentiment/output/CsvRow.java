package org.fangsentiment.output;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.fangsentiment.engine.Scored;
import org.fangsentiment.wikipedia.WikiSummary;

/**
 * One company's result as the CSV file's single row, RFC 4180 with a header (Apache Commons CSV).
 *
 * <p>Text cells hold untrusted text (company names, Wikipedia text): one whose first visible
 * character is {@code =}, {@code +}, {@code -} or {@code @} (after any spaces, bidi or other format
 * characters), or that starts with tab or carriage return, is prefixed with {@code '} so a
 * spreadsheet shows it as text instead of running it as a formula (OWASP's advice on CSV
 * injection). Numbers are ours and are written as numbers. A summary that is not {@code OK} still
 * gives a row, with the sentiment cells empty. The column {@code evidence} holds the phrases that decided
 * the label, each with its side ({@code recalled 40,000 heaters (-); won a design prize (+)}), empty for NEUTRAL;
 * {@code score} is the rule's signed strength, so it orders rows as the label does. The last column,
 * {@code engine}, names what scored the row ({@code corenlp} or {@code comprehend}), so rows of both engines can
 * share a table; with Comprehend the five class columns and {@code sentence_count} are empty, {@code score} is
 * Comprehend's Positive − Negative and {@code evidence} is empty (docs/sentiment.md).
 *
 * @param company the company name from the message
 * @param summary what Wikipedia gave for it
 * @param sentiment the scored result, present only for an {@code OK} summary
 * @param engine the configured engine's id, written on every row (also those without a score)
 * @param source where the summary came from ({@code en.wikipedia.org}, {@code offline-sample}, ...)
 * @param runId the producer run's id
 * @param processedAt when this row was made
 */
public record CsvRow(String company, WikiSummary summary, Optional<Scored> sentiment, String engine, String source,
                     String runId, Instant processedAt) {

    /** The columns, in order. */
    public static final List<String> HEADER = List.of("company", "wikipedia_title", "url", "sentiment", "score",
            "p_very_negative", "p_negative", "p_neutral", "p_positive", "p_very_positive", "sentence_count",
            "status", "source", "run_id", "processed_at", "snippet", "evidence", "engine");
    /** Characters of the extract kept in the {@code snippet} column. */
    public static final int SNIPPET_CHARS = 280;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader(HEADER.toArray(String[]::new))
            .get();

    /** The file's text: header and this row, CRLF line ends. */
    public String toCsv() {
        List<Object> cells = new ArrayList<>(HEADER.size());
        cells.add(text(company));
        cells.add(text(summary.title()));
        cells.add(text(summary.canonicalUrl()));
        if (sentiment.isPresent()) {
            Scored s = sentiment.get();
            cells.add(s.label().name());
            cells.add(number(s.score()));
            if (s.distribution().isPresent()) {
                var d = s.distribution().get();
                cells.add(number(d.veryNegative()));
                cells.add(number(d.negative()));
                cells.add(number(d.neutral()));
                cells.add(number(d.positive()));
                cells.add(number(d.veryPositive()));
            } else {
                for (int i = 0; i < 5; i++) {
                    cells.add("");
                }
            }
            cells.add(s.sentenceCount().isPresent() ? Integer.toString(s.sentenceCount().getAsInt()) : "");
        } else {
            for (int i = 0; i < 8; i++) {
                cells.add("");
            }
        }
        cells.add(summary.status().name());
        cells.add(text(source));
        cells.add(text(runId));
        cells.add(processedAt.toString());
        cells.add(text(snippet(summary.extract())));
        cells.add(text(sentiment.map(Scored::evidence).orElse("")));
        cells.add(text(engine));
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Neutralises a text cell against spreadsheet formula injection: a cell whose first visible
     * character is {@code = + - @} gets a leading {@code '}, and so does one that starts with tab
     * or carriage return. Spaces (any Unicode space), control and format characters (bidi marks
     * and overrides, zero-width characters, the BOM) before that character do not hide it: a
     * spreadsheet may trim or not show them and still read what follows as a formula.
     */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        if (first == '\t' || first == '\r') {
            return "'" + value;
        }
        int i = 0;
        while (i < value.length() && isInvisible(value.codePointAt(i))) {
            i += Character.charCount(value.codePointAt(i));
        }
        if (i == value.length()) {
            return value;
        }
        char visible = value.charAt(i);
        return visible == '=' || visible == '+' || visible == '-' || visible == '@' ? "'" + value : value;
    }

    private static boolean isInvisible(int codePoint) {
        if (Character.isWhitespace(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT || type == Character.CONTROL;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String snippet(String extract) {
        if (extract.length() <= SNIPPET_CHARS) {
            return extract;
        }
        int cut = extract.lastIndexOf(' ', SNIPPET_CHARS);
        return extract.substring(0, cut > SNIPPET_CHARS / 2 ? cut : SNIPPET_CHARS) + "…";
    }
}

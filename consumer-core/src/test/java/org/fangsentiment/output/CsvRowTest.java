package org.fangsentiment.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.fangsentiment.engine.CoreNlpEngine;
import org.fangsentiment.engine.Scored;
import org.fangsentiment.sentiment.Distribution;
import org.fangsentiment.sentiment.EventLexicon;
import org.fangsentiment.sentiment.SentimentLabel;
import org.fangsentiment.sentiment.SentimentResult;
import org.fangsentiment.sentiment.SentimentRule;
import org.fangsentiment.wikipedia.LookupStatus;
import org.fangsentiment.wikipedia.WikiSummary;
import org.junit.jupiter.api.Test;

class CsvRowTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static Scored result(SentimentLabel label, Distribution d) {
        return CoreNlpEngine.of(coreNlp(label, d));
    }

    private static SentimentResult coreNlp(SentimentLabel label, Distribution d) {
        List<SentimentRule.Reason> reasons = label == SentimentLabel.NEUTRAL ? List.of()
                : List.of(new SentimentRule.Reason("recalled 40,000 heaters", EventLexicon.Side.ADVERSE),
                        new SentimentRule.Reason("won a design prize", EventLexicon.Side.FAVOURABLE));
        return new SentimentResult(label, d.score(), d, 3, 40, 0.05, 0.0, List.of(), List.of(), 0, reasons);
    }

    private static CSVRecord parse(String csv) throws Exception {
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertEquals(1, records.size(), "exactly one row");
        return records.get(0);
    }

    @Test
    void anOkRowHasEveryColumnAndNumbersAsNumbers() throws Exception {
        var summary = new WikiSummary("Netflix", "Netflix", "https://en.wikipedia.org/wiki/Netflix",
                "Netflix is an American subscription streaming service.", LookupStatus.OK, "", false);
        var d = new Distribution(0.4, 0.3, 0.1, 0.1, 0.1);
        String csv = new CsvRow("Netflix", summary, Optional.of(result(SentimentLabel.NEGATIVE, d)), "corenlp", "en.wikipedia.org",
                "2026-11-29T06:00:00Z", NOW).toCsv();

        assertTrue(csv.startsWith(String.join(",", CsvRow.HEADER) + "\r\n"), csv);
        CSVRecord row = parse(csv);
        assertEquals("Netflix", row.get("company"));
        assertEquals("NEGATIVE", row.get("sentiment"));
        assertEquals(d.score(), Double.parseDouble(row.get("score")), 1e-4);
        assertTrue(row.get("score").startsWith("-"), "a negative score stays a number: " + row.get("score"));
        assertEquals("0.4000", row.get("p_very_negative"));
        assertEquals("3", row.get("sentence_count"));
        assertEquals("OK", row.get("status"));
        assertEquals("2026-11-29T10:00:00Z", row.get("processed_at"));
        assertEquals(summary.extract(), row.get("snippet"));
        assertEquals("recalled 40,000 heaters (-); won a design prize (+)", row.get("evidence"));
        assertEquals("corenlp", row.get("engine"));
    }

    @Test
    void theHeaderIsTheContractWithTheEngineLast() {
        assertEquals(List.of("company", "wikipedia_title", "url", "sentiment", "score", "p_very_negative",
                "p_negative", "p_neutral", "p_positive", "p_very_positive", "sentence_count", "status", "source",
                "run_id", "processed_at", "snippet", "evidence", "engine"), CsvRow.HEADER);
    }

    @Test
    void aCoreNlpRowIsTheRowOfBeforeEnginesPlusTheEngineColumn() throws Exception {
        // The row as the code wrote it before the engine column, for the same result (formatting unchanged).
        var summary = new WikiSummary("Netflix", "Netflix", "https://en.wikipedia.org/wiki/Netflix",
                "Netflix is an American subscription streaming service.", LookupStatus.OK, "", false);
        var d = new Distribution(0.4, 0.3, 0.1, 0.1, 0.1);
        String csv = new CsvRow("Netflix", summary, Optional.of(result(SentimentLabel.NEGATIVE, d)), "corenlp",
                "en.wikipedia.org", "2026-11-29T06:00:00Z", NOW).toCsv();
        String before = String.format(java.util.Locale.ROOT, "Netflix,Netflix,https://en.wikipedia.org/wiki/Netflix,NEGATIVE,"
                + "%.4f,0.4000,0.3000,0.1000,0.1000,0.1000,3,OK,en.wikipedia.org,2026-11-29T06:00:00Z,"
                + "2026-11-29T10:00:00Z,Netflix is an American subscription streaming service.,"
                + "\"recalled 40,000 heaters (-); won a design prize (+)\"", d.score());
        assertEquals(before + ",corenlp\r\n", csv.substring(csv.indexOf("\r\n") + 2));
    }

    @Test
    void aComprehendRowHasItsLabelAndScoreAndEmptyClassColumns() throws Exception {
        var summary = new WikiSummary("A", "A", "https://x", "A makes things.", LookupStatus.OK, "", false);
        Scored comprehend = new Scored(SentimentLabel.MIXED, 0.41 - 0.39, Optional.empty(), OptionalInt.empty(), "",
                false);
        CSVRecord row = parse(new CsvRow("A", summary, Optional.of(comprehend), "comprehend", "src", "r", NOW).toCsv());
        assertEquals("MIXED", row.get("sentiment"));
        assertEquals("0.0200", row.get("score"));
        for (String column : List.of("p_very_negative", "p_negative", "p_neutral", "p_positive", "p_very_positive",
                "sentence_count", "evidence")) {
            assertEquals("", row.get(column), column);
        }
        assertEquals("comprehend", row.get("engine"));
        assertEquals(CsvRow.HEADER.size(), row.size());
    }

    @Test
    void aNeutralRowHasEmptyEvidence() throws Exception {
        var summary = new WikiSummary("A", "A", "", "A is a company.", LookupStatus.OK, "", false);
        CSVRecord row = parse(new CsvRow("A", summary, Optional.of(result(SentimentLabel.NEUTRAL, Distribution.NEUTRAL)),
                "corenlp", "src", "r", NOW).toCsv());
        assertEquals("NEUTRAL", row.get("sentiment"));
        assertEquals("", row.get("evidence"));
    }

    @Test
    void aNotFoundRowHasEmptySentimentCells() throws Exception {
        CSVRecord row = parse(new CsvRow("Nowhere Ltd", WikiSummary.notFound("Nowhere Ltd"), Optional.empty(),
                "comprehend", "en.wikipedia.org", "r", NOW).toCsv());
        for (String column : List.of("sentiment", "score", "p_very_negative", "p_very_positive", "sentence_count", "url",
                "evidence")) {
            assertEquals("", row.get(column), column);
        }
        assertEquals("NOT_FOUND", row.get("status"));
        assertEquals("comprehend", row.get("engine"), "the configured engine, also on a row it did not score");
    }

    @Test
    void formulaPayloadsAreNeutralisedInTextCells() throws Exception {
        for (String payload : List.of("=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
                "\tleading tab", "\rcarriage")) {
            var summary = new WikiSummary(payload, payload, "", payload, LookupStatus.OK, "", false);
            CSVRecord row = parse(new CsvRow(payload, summary, Optional.of(result(SentimentLabel.NEUTRAL, Distribution.NEUTRAL)),
                    "corenlp", "src", payload, NOW).toCsv());
            for (String column : List.of("company", "wikipedia_title", "run_id", "snippet")) {
                assertEquals("'" + payload, row.get(column), column + " of " + payload);
            }
        }
    }

    @Test
    void aFormulaBehindSpacesOrBidiAndFormatCharactersIsNeutralised() throws Exception {
        for (String payload : List.of(" =HYPERLINK(\"http://x\",\"y\")", "   +1", "\u00A0-2+3", "\u3000@SUM(A1)",
                "\u202E=1+2", "\u200F\u200E=1", "\u2066=1\u2069", "\u200B=1", "\uFEFF=1", "\u061C@x",
                " \u202B \u200D-1", "\n=1", "\uDB40\uDC01=1")) {
            assertEquals("'" + payload, CsvRow.text(payload), printable(payload));
        }
    }

    @Test
    void visibleTextBeforeTheCharacterIsNoFormula() {
        for (String plain : List.of("Acme =1", " Acme", "\u202EAcme", "a-b", "1+1", "", " ", "\u200B", "'=1")) {
            assertEquals(plain, CsvRow.text(plain), printable(plain));
        }
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return out.toString();
    }

    @Test
    void quotesCommasNewlinesAndUnicodeSurviveTheRoundTrip() throws Exception {
        String name = "Zoë, \"Quoted\" & Co.\n日本 🚀";
        String extract = "Line one, with \"quotes\".\nLine two.";
        var summary = new WikiSummary(name, "Zoë", "https://x", extract, LookupStatus.OK, "", false);
        CSVRecord row = parse(new CsvRow(name, summary, Optional.of(result(SentimentLabel.POSITIVE, Distribution.NEUTRAL)),
                "corenlp", "src", "r", NOW).toCsv());
        assertEquals(name, row.get("company"));
        assertEquals(extract, row.get("snippet"));
    }

    @Test
    void aLongExtractGivesAShortSnippet() throws Exception {
        String extract = "word ".repeat(800).trim();
        var summary = new WikiSummary("A", "A", "", extract, LookupStatus.OK, "", true);
        CSVRecord row = parse(new CsvRow("A", summary, Optional.of(result(SentimentLabel.NEUTRAL, Distribution.NEUTRAL)),
                "corenlp", "src", "r", NOW).toCsv());
        assertTrue(row.get("snippet").length() <= CsvRow.SNIPPET_CHARS + 1, row.get("snippet"));
        assertTrue(row.get("snippet").endsWith("…"));
    }
}

package org.fangsentiment.local.runner;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.fangsentiment.output.CsvRow;

/**
 * One company's result as read back from its CSV object (columns of {@link CsvRow#HEADER}).
 *
 * @param s3Key the object's key
 * @param file the downloaded copy, relative to the output directory ({@code /}-separated)
 * @param sentiment the label, empty when the status is not {@code OK}
 * @param score empty when the status is not {@code OK}
 * @param probabilities very negative to very positive; empty when the status is not {@code OK} or the engine
 *                      gives none (Comprehend)
 * @param evidence the phrases that decided the label, each with its side ({@code fined for ... (-)}); empty for
 *                 NEUTRAL, for Comprehend and when the status is not {@code OK}
 * @param engine what scored the row ({@code corenlp} or {@code comprehend})
 */
public record CompanyResult(String company, String wikipediaTitle, String url, String sentiment, OptionalDouble score,
                            List<Double> probabilities, String status, String source, String runId, String snippet,
                            String s3Key, String file, String evidence, String engine) {

    /** This result as read from {@code s3Key} but not written to disk (the key would leave the output directory). */
    CompanyResult notDownloaded(String key) {
        return new CompanyResult(company, wikipediaTitle, url, sentiment, score, probabilities, status, source, runId,
                snippet, key, "", evidence, engine);
    }

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader(CsvRow.HEADER.toArray(String[]::new)).setSkipHeaderRecord(true).get();

    /** Parses a CSV object's text; fails when it does not have the pipeline's header and one row. */
    static CompanyResult parse(String csv, String s3Key, String file) {
        try {
            List<CSVRecord> records = FORMAT.parse(new StringReader(csv)).getRecords();
            String header = csv.lines().findFirst().orElse("");
            if (!header.equals(String.join(",", CsvRow.HEADER)) || records.size() != 1) {
                throw new IllegalArgumentException("s3://.../" + s3Key + " is not a pipeline CSV (header and one row)");
            }
            CSVRecord row = records.get(0);
            String score = row.get("score");
            // Comprehend's rows have a score but no class probabilities.
            List<Double> probabilities = score.isEmpty() || row.get("p_neutral").isEmpty() ? List.of() : List.of(
                    Double.parseDouble(row.get("p_very_negative")), Double.parseDouble(row.get("p_negative")),
                    Double.parseDouble(row.get("p_neutral")), Double.parseDouble(row.get("p_positive")),
                    Double.parseDouble(row.get("p_very_positive")));
            return new CompanyResult(row.get("company"), row.get("wikipedia_title"), row.get("url"), row.get("sentiment"),
                    score.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(score)),
                    probabilities, row.get("status"), row.get("source"), row.get("run_id"), row.get("snippet"),
                    s3Key, file, row.get("evidence"), row.get("engine"));
        } catch (IOException e) {
            throw new IllegalArgumentException("s3://.../" + s3Key + " cannot be parsed as CSV", e);
        }
    }
}

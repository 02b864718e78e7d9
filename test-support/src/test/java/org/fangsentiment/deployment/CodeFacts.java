package org.fangsentiment.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fangsentiment.config.PipelineContract;
import org.fangsentiment.testing.ProjectFiles;

/**
 * Facts the template must match, read from the functions' sources: the CSV header
 * ({@code CsvRow.HEADER}) and the metric names each function publishes. Read from the sources
 * because test-support cannot depend on the Lambda modules (they depend on it); each reader fails
 * loudly when the code takes a form it does not understand, so a refactoring cannot make a check
 * pass by reading nothing.
 */
final class CodeFacts {

    static final String CSV_ROW = "consumer-core/src/main/java/org/fangsentiment/output/CsvRow.java";
    static final String CONSUMER_METRICS = "consumer-core/src/main/java/org/fangsentiment/consumer/ConsumerMetrics.java";
    static final String PRODUCER_RESULT = "producer-lambda/src/main/java/org/fangsentiment/producer/ProducerResult.java";

    /**
     * The enums whose constants become consumer metric names, by the name's prefix
     * ({@code count("Lookup_" + record.lookupStatus())}).
     */
    static final Map<String, String> CONSUMER_METRIC_PREFIXES = Map.of(
            "Lookup_", "consumer-core/src/main/java/org/fangsentiment/wikipedia/LookupStatus.java",
            "Label_", "consumer-core/src/main/java/org/fangsentiment/sentiment/SentimentLabel.java");

    private static final Pattern HEADER = Pattern.compile("\\bHEADER\\s*=\\s*List\\.of\\((.*?)\\);", Pattern.DOTALL);
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PUT_LITERAL = Pattern.compile("metrics\\.put\\(\\s*\"([A-Za-z0-9_]+)\"");
    private static final Pattern PUT_CONTRACT = Pattern.compile("metrics\\.put\\(\\s*PipelineContract\\.([A-Z0-9_]+)");
    private static final Pattern PUT_ANY = Pattern.compile("metrics\\.put\\(");
    /** {@code metrics.put(name, ...)}: the names counted under a prefix, copied in. */
    private static final Pattern PUT_VARIABLE = Pattern.compile("metrics\\.put\\(\\s*[a-z]\\w*\\s*,");
    private static final Pattern COUNT_PREFIX = Pattern.compile("count\\(\\s*\"([A-Za-z0-9]+_)\"\\s*\\+");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private CodeFacts() {
    }

    /** {@code CsvRow.HEADER}, in order. */
    static List<String> csvHeader() {
        String source = read(CSV_ROW);
        Matcher m = HEADER.matcher(source);
        if (!m.find()) {
            throw new AssertionError(CSV_ROW + ": no `HEADER = List.of(...);`; teach CodeFacts the new form");
        }
        return literals(m.group(1), CSV_ROW + " HEADER");
    }

    /** The source of CsvRow, for the checks on how it formats the file. */
    static String csvRowSource() {
        return read(CSV_ROW);
    }

    /** The producer's metric names, in the order {@code ProducerResult.metrics()} puts them. */
    static Set<String> producerMetrics() {
        return putNames(COMMENTS.matcher(read(PRODUCER_RESULT)).replaceAll(""), PRODUCER_RESULT, false);
    }

    /**
     * The consumer's metric names: the fixed ones ({@code Processed}, {@code Failed}) and, for each
     * prefix {@code ConsumerMetrics} counts under, the prefix with every constant of its enum.
     */
    static Set<String> consumerMetrics() {
        String source = COMMENTS.matcher(read(CONSUMER_METRICS)).replaceAll("");
        Set<String> names = putNames(source, CONSUMER_METRICS, true);
        Set<String> prefixes = new LinkedHashSet<>();
        Matcher m = COUNT_PREFIX.matcher(source);
        while (m.find()) {
            prefixes.add(m.group(1));
        }
        if (!prefixes.equals(CONSUMER_METRIC_PREFIXES.keySet())) {
            throw new AssertionError(CONSUMER_METRICS + " counts under the prefixes " + prefixes + ", CodeFacts knows "
                    + CONSUMER_METRIC_PREFIXES.keySet() + ": name the enum of the new prefix there");
        }
        new TreeMap<>(CONSUMER_METRIC_PREFIXES).forEach((prefix, enumFile) ->
                enumConstants(enumFile).forEach(constant -> names.add(prefix + constant)));
        return names;
    }

    /** The constants of the enum declared in {@code file}, in order. */
    static List<String> enumConstants(String file) {
        String source = COMMENTS.matcher(read(file)).replaceAll("");
        Matcher m = Pattern.compile("\\benum\\s+\\w+\\s*\\{([^;}]*)[;}]").matcher(source);
        if (!m.find()) {
            throw new AssertionError(file + ": no enum declaration found");
        }
        List<String> constants = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches("[A-Z][A-Z0-9_]*")) {
                throw new AssertionError(file + ": enum constant with a body or arguments (" + name
                        + "); teach CodeFacts the new form");
            }
            constants.add(name);
        }
        if (constants.isEmpty()) {
            throw new AssertionError(file + ": an enum without constants");
        }
        return constants;
    }

    /** The literal names of {@code metrics.put} calls; {@code prefixed}: one more call copies the prefixed counts. */
    private static Set<String> putNames(String source, String file, boolean prefixed) {
        Set<String> names = new LinkedHashSet<>();
        int puts = 0;
        Matcher any = PUT_ANY.matcher(source);
        while (any.find()) {
            puts++;
        }
        if (prefixed) {
            Matcher variable = PUT_VARIABLE.matcher(source);
            int copies = 0;
            while (variable.find()) {
                copies++;
            }
            if (copies != 1) {
                throw new AssertionError(file + ": expected one metrics.put(name, ...) copying the prefixed counts, found "
                        + copies + "; teach CodeFacts the new form");
            }
            puts--;
        }
        Matcher literal = PUT_LITERAL.matcher(source);
        while (literal.find()) {
            names.add(literal.group(1));
        }
        Matcher contract = PUT_CONTRACT.matcher(source);
        while (contract.find()) {
            names.add(contractConstant(contract.group(1)));
        }
        if (names.size() != puts || names.isEmpty()) {
            throw new AssertionError(file + ": " + puts + " metrics.put calls, " + names.size()
                    + " understood (a literal or a PipelineContract constant); teach CodeFacts the new form");
        }
        return names;
    }

    private static String contractConstant(String name) {
        try {
            Field field = PipelineContract.class.getField(name);
            return String.valueOf(field.get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("PipelineContract." + name + " is not a public constant", e);
        }
    }

    /** The string literals of a comma-separated list; anything else in it is an error. */
    private static List<String> literals(String list, String what) {
        List<String> values = new ArrayList<>();
        Matcher m = STRING_LITERAL.matcher(list);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            rest.append(list, last, m.start());
            values.add(m.group(1));
            last = m.end();
        }
        rest.append(list.substring(last));
        if (!rest.toString().replaceAll("[\\s,]", "").isEmpty() || values.isEmpty()) {
            throw new AssertionError(what + " is no longer a list of string literals (" + list.strip()
                    + "); teach CodeFacts the new form");
        }
        return List.copyOf(values);
    }

    private static String read(String file) {
        try {
            return Files.readString(ProjectFiles.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

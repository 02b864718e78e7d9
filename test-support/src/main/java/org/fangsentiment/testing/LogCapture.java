package org.fangsentiment.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/**
 * Captures what the application logs, as the JSON lines production writes: the same
 * {@code JsonTemplateLayout} with the same {@code FangJsonLayout.json} template, so assertions see
 * exactly the text CloudWatch would (escaping, thread context, message). While open, the
 * {@code org.fangsentiment} loggers log at INFO into the capture (the build log still gets only
 * warnings, as {@code fang-test-log4j2.xml} intends), and the root logger's events are captured too.
 * {@link #LogCapture(Level)} sets them to another level instead, as {@code LOG_LEVEL} would. The metric
 * lines' own logger ({@code org.fangsentiment.metrics}, at INFO whatever the application's level) keeps
 * its configured level and is captured as it is.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_LOGGER = "org.fangsentiment";
    /** MetricsLog.LOGGER (test-support does not depend on common's main code for this one name). */
    private static final String METRICS_LOGGER = "org.fangsentiment.metrics";

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final LoggerConfig appConfig;
    private final boolean ownAppConfig;
    private final Level appLevelBefore;
    private final LoggerConfig metricsConfig;

    /** Captures with the application's loggers at INFO. */
    public LogCapture() {
        this(Level.INFO);
    }

    /** Captures with the application's loggers at {@code level}, as {@code LOG_LEVEL=level} sets them. */
    public LogCapture(Level level) {
        super("log-capture", null, newLayout(), true, Property.EMPTY_ARRAY);
        context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        start();
        LoggerConfig existing = configuration.getLoggerConfig(APP_LOGGER);
        ownAppConfig = !existing.getName().equals(APP_LOGGER);
        appLevelBefore = existing.getLevel();
        if (ownAppConfig) {
            appConfig = new LoggerConfig(APP_LOGGER, level, false);
            // The console keeps showing only what it showed before: warnings and errors.
            for (Appender appender : configuration.getRootLogger().getAppenders().values()) {
                appConfig.addAppender(appender, Level.WARN, null);
            }
            configuration.addLogger(APP_LOGGER, appConfig);
        } else {
            appConfig = existing;
            appConfig.setLevel(level);
        }
        // An additive app logger hands its events on to the root's appenders: capture them there only,
        // or each would be captured twice.
        if (!appConfig.isAdditive()) {
            appConfig.addAppender(this, Level.ALL, null);
        }
        // The metric lines' own logger, when configured, hands nothing on: capture it there, at its own level.
        LoggerConfig metrics = configuration.getLoggerConfig(METRICS_LOGGER);
        metricsConfig = metrics.getName().equals(METRICS_LOGGER) && !metrics.isAdditive() ? metrics : null;
        if (metricsConfig != null) {
            metricsConfig.addAppender(this, Level.ALL, null);
        }
        configuration.getRootLogger().addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    private static JsonTemplateLayout newLayout() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        return JsonTemplateLayout.newBuilder()
                .setConfiguration(context.getConfiguration())
                .setEventTemplateUri("classpath:FangJsonLayout.json")
                .build();
    }

    @Override
    public void append(LogEvent event) {
        events.add(event.toImmutable());
        lines.add(((JsonTemplateLayout) getLayout()).toSerializable(event));
    }

    /**
     * The events of one logger captured so far, as Log4j saw them: for what the JSON line does not
     * show, such as whether a value was a {@code {}} parameter or part of the format.
     */
    public List<LogEvent> events(Class<?> logger) {
        return events.stream().filter(event -> logger.getName().equals(event.getLoggerName())).toList();
    }

    /** Every line captured so far, as written (each ends with a newline). */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Number of lines captured so far, to look only at what comes after. */
    public int mark() {
        return lines.size();
    }

    /** The lines captured since {@code mark}, parsed. */
    public List<JsonNode> since(int mark) {
        List<JsonNode> parsed = new ArrayList<>();
        List<String> all = lines();
        for (String line : all.subList(Math.min(mark, all.size()), all.size())) {
            parsed.add(parse(line));
        }
        return parsed;
    }

    /** The lines since {@code mark} that match. */
    public List<JsonNode> since(int mark, Predicate<JsonNode> filter) {
        return since(mark).stream().filter(filter).toList();
    }

    public static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("log line is not JSON: " + line, e);
        }
    }

    /** A log line's message. */
    public static String message(JsonNode line) {
        return line.path("message").asText();
    }

    /** Whether a line carries Embedded Metric Format metadata. */
    public static boolean isMetrics(JsonNode line) {
        return line.has("_aws");
    }

    /**
     * The metrics of an Embedded Metric Format line, name to value, after checking the structure
     * CloudWatch requires (see AWS's "Embedded metric format specification"): a millisecond
     * {@code _aws.Timestamp}; one {@code CloudWatchMetrics} directive with this namespace, dimension
     * sets naming top-level string fields, and metrics each with a {@code Name}, a {@code Unit} and
     * a top-level number of that name. Throws an {@link AssertionError} saying what is wrong.
     */
    public static java.util.Map<String, Long> emfMetrics(JsonNode line, String namespace) {
        JsonNode aws = line.get("_aws");
        check(aws != null && aws.isObject(), "no _aws object", line);
        check(aws.path("Timestamp").isIntegralNumber() && aws.path("Timestamp").asLong() > 1_500_000_000_000L,
                "_aws.Timestamp is not epoch milliseconds", line);
        JsonNode directives = aws.path("CloudWatchMetrics");
        check(directives.isArray() && directives.size() == 1, "not one CloudWatchMetrics directive", line);
        JsonNode directive = directives.get(0);
        check(namespace.equals(directive.path("Namespace").asText()), "namespace is not " + namespace, line);
        check(directive.path("Dimensions").isArray() && directive.path("Dimensions").size() >= 1,
                "no dimension set", line);
        for (JsonNode set : directive.path("Dimensions")) {
            check(set.isArray(), "a dimension set is not an array", line);
            for (JsonNode dimension : set) {
                check(line.path(dimension.asText()).isTextual() && !line.path(dimension.asText()).asText().isEmpty(),
                        "dimension " + dimension + " has no top-level string value", line);
            }
        }
        java.util.Map<String, Long> metrics = new java.util.LinkedHashMap<>();
        check(directive.path("Metrics").isArray() && directive.path("Metrics").size() > 0, "no metrics", line);
        for (JsonNode metric : directive.path("Metrics")) {
            String name = metric.path("Name").asText();
            check(!name.isEmpty() && metric.path("Unit").isTextual(), "a metric without Name or Unit: " + metric, line);
            check(line.path(name).isNumber(), "metric " + name + " has no top-level number", line);
            check(metrics.put(name, line.path(name).asLong()) == null, "metric " + name + " twice", line);
        }
        return metrics;
    }

    private static void check(boolean condition, String what, JsonNode line) {
        if (!condition) {
            throw new AssertionError("not an Embedded Metric Format line: " + what + ": " + line);
        }
    }

    /** A log line's thread-context value, or null. */
    public static String context(JsonNode line, String key) {
        JsonNode value = line.path("context").get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void close() {
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().removeAppender(getName());
        appConfig.removeAppender(getName());
        if (metricsConfig != null) {
            metricsConfig.removeAppender(getName());
        }
        if (ownAppConfig) {
            configuration.removeLogger(APP_LOGGER);
        } else {
            appConfig.setLevel(appLevelBefore);
        }
        context.updateLoggers();
        stop();
    }
}

package org.fangsentiment.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The production Log4j configuration (the {@code log4j2.xml} every function's and the worker's jar
 * carries) writes the metric lines whatever {@code LOG_LEVEL} sets the application's loggers to:
 * {@link MetricsLog#LOGGER} keeps INFO, hands nothing to the application's loggers, and writes with
 * the same JSON layout to standard output, where Lambda and the awslogs driver read it.
 */
class MetricsLoggerConfigurationTest {

    @ParameterizedTest
    @ValueSource(strings = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"})
    void metricLinesAreWrittenWhateverTheApplicationLevel(String logLevel) throws IOException {
        Level level = Level.valueOf(logLevel);
        LoggerContext context = new LoggerContext("production-config-" + logLevel);
        try (var in = MetricsLoggerConfigurationTest.class.getClassLoader().getResourceAsStream("log4j2.xml")) {
            Configuration configuration = new XmlConfiguration(context, new ConfigurationSource(in));
            configuration.initialize();
            // What LOG_LEVEL=level does: the ${env:LOG_LEVEL} of the application's logger and of the root.
            LoggerConfig application = configuration.getLoggerConfig("org.fangsentiment");
            assertEquals("org.fangsentiment", application.getName());
            application.setLevel(level);
            configuration.getRootLogger().setLevel(level);

            LoggerConfig metrics = configuration.getLoggerConfig(MetricsLog.LOGGER);
            assertEquals(MetricsLog.LOGGER, metrics.getName(), "the metric lines have a logger of their own");
            assertFalse(metrics.isAdditive(), "nothing handed on to loggers the application level filters");
            assertEquals(Level.INFO, metrics.getLevel(), "INFO, not the application's " + level);
            assertEquals(level.isLessSpecificThan(Level.INFO), application.getLevel().isLessSpecificThan(Level.INFO),
                    "while the application's INFO lines follow " + level);

            List<Appender> appenders = List.copyOf(metrics.getAppenders().values());
            assertEquals(1, appenders.size());
            ConsoleAppender console = (ConsoleAppender) appenders.get(0);
            assertEquals(ConsoleAppender.Target.SYSTEM_OUT, console.getTarget(), "stdout: what Lambda and awslogs read");
            assertTrue(console.getLayout() instanceof JsonTemplateLayout, "one JSON object per line, as every other line");
            assertTrue(configuration.getRootLogger().getAppenders().containsValue(console),
                    "the application's appender: one writer, so lines never interleave");
            assertEquals(null, console.getFilter(), "no filter on the appender");
        } finally {
            context.stop();
        }
    }
}

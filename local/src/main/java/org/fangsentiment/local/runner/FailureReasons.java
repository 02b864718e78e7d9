package org.fangsentiment.local.runner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.fangsentiment.consumer.BatchRunner;
import org.fangsentiment.logging.LogContext;

/**
 * Why the consumer failed a record. The handler's response carries only the failed ids (that is
 * the Lambda contract); the reason is what {@link BatchRunner} logs for each failed record, with
 * the message id in the log context and the reason as the last parameter. This appender, attached
 * to that one logger, hands both to whoever listens (the {@link EventSourceEmulator}), whatever the
 * console's log level.
 */
final class FailureReasons {

    private static final String LOGGER = BatchRunner.class.getName();
    private static final String APPENDER = "fang-local-failure-reasons";
    private static final List<BiConsumer<String, String>> LISTENERS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private FailureReasons() {
    }

    /** Calls {@code listener} with (message id, reason) for every record the consumer fails, until the returned action runs. */
    static Runnable listen(BiConsumer<String, String> listener) {
        install();
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            installed = true; // Another logging backend: reasons stay unknown.
            return;
        }
        Configuration config = context.getConfiguration();
        Appender appender = new AbstractAppender(APPENDER, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel() != Level.WARN || event.getMessage() == null) {
                    return;
                }
                String id = event.getContextData().getValue(LogContext.MESSAGE_ID);
                Object[] parameters = event.getMessage().getParameters();
                if (id == null || parameters == null || parameters.length < 2
                        || !event.getMessage().getFormattedMessage().contains(" failed")) {
                    return;
                }
                String reason = String.valueOf(parameters[parameters.length - 1]);
                LISTENERS.forEach(listener -> listener.accept(id, reason));
            }
        };
        appender.start();
        config.addAppender(appender);
        LoggerConfig current = config.getLoggerConfig(LOGGER);
        LoggerConfig own = current;
        if (!LOGGER.equals(current.getName())) {
            Level level = current.getLevel().isMoreSpecificThan(Level.WARN) ? Level.WARN : current.getLevel();
            own = LoggerConfig.newBuilder().withLoggerName(LOGGER).withLevel(level).withAdditivity(true)
                    .withConfig(config).build();
            config.addLogger(LOGGER, own);
        } else if (current.getLevel().isMoreSpecificThan(Level.ERROR)) {
            current.setLevel(Level.WARN);
        }
        own.addAppender(appender, Level.WARN, null);
        context.updateLoggers();
        installed = true;
    }
}

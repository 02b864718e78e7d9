package org.fangsentiment.wikipedia;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Captures the log events of one logger while open (public: the consumer's tests use it too). */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {

    private final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final LoggerConfig loggerConfig;
    private final LoggerContext context;
    private final boolean ownConfig;

    public CapturedLog(Class<?> source) {
        super("captured-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
        context = (LoggerContext) LogManager.getContext(false);
        String name = source.getName();
        LoggerConfig config = context.getConfiguration().getLoggerConfig(name);
        ownConfig = !config.getName().equals(name);
        if (ownConfig) {
            // A logger config of its own, so that the capture does not see other classes' events.
            config = new LoggerConfig(name, Level.ALL, true);
            context.getConfiguration().addLogger(name, config);
        }
        loggerConfig = config;
        start();
        loggerConfig.addAppender(this, Level.ALL, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        events.add(event.toImmutable());
    }

    public List<LogEvent> events() {
        return events;
    }

    @Override
    public void close() {
        loggerConfig.removeAppender(getName());
        if (ownConfig) {
            context.getConfiguration().removeLogger(loggerConfig.getName());
        }
        context.updateLoggers();
        stop();
    }
}

package io.jenkins.plugins.maia.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what a logger tree writes through java.util.logging (the Maia modules log there, directly or through
 * {@link System.Logger}), each record fully formatted with its stack trace, as an operator's log file would hold
 * it. Close it to detach and restore the logger's level.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final Handler handler;
    private final List<String> records = new ArrayList<>();

    private LogCapture(String loggerName, Level level) {
        this.logger = Logger.getLogger(loggerName);
        this.previousLevel = logger.getLevel();
        SimpleFormatter formatter = new SimpleFormatter();
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (!isLoggable(record)) {
                    return;
                }
                StringBuilder line = new StringBuilder();
                line.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ")
                        .append(formatter.formatMessage(record));
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append('\n').append(trace);
                }
                synchronized (records) {
                    records.add(line.toString());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(level);
        logger.setLevel(level);
        logger.addHandler(handler);
    }

    /** Records of {@code loggerName} and its children at {@code level} or above (e.g. ALL for everything). */
    public static LogCapture of(String loggerName, Level level) {
        return new LogCapture(loggerName, level);
    }

    /** Every record so far, formatted. */
    public List<String> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** All records as one text, for scanning. */
    public String text() {
        return String.join("\n", records());
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
